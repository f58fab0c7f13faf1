// Several API processes share one database: each scheduled run of a job happens once, in whichever process claims
// it first. The claim is a row per (job, slot) (a late process finds it taken), and a session advisory lock keeps
// two runs of one job from overlapping when a run outlasts its schedule.
import type { Pool } from 'pg';
import { hostname } from 'node:os';
import { LockBusyError, withAdvisoryLock } from '../platform/advisory-lock';

export type ClaimOutcome = 'ran' | 'claimed_elsewhere' | 'still_running';
export interface ClaimResult<T> {
  outcome: ClaimOutcome;
  result?: T;
}

/** The schedule slot of a tick: the time it was scheduled for (not when it ran) cut to the second (6-field cron) or the minute. */
export function slotOf(at: Date, cronExpression: string): Date {
  const unit = cronExpression.trim().split(/\s+/).length >= 6 ? 1000 : 60_000;
  return new Date(Math.floor(at.getTime() / unit) * unit);
}

/** Runs `run` only if this process wins the slot and no other run of the job is in progress anywhere. */
export async function runOncePerSlot<T>(
  pg: Pool,
  job: string,
  slot: Date,
  run: () => Promise<T>,
): Promise<ClaimResult<T>> {
  let locked = false;
  try {
    return await withAdvisoryLock<ClaimResult<T>>(pg, `job:${job}`, async (client) => {
      locked = true;
      const claimed = await client.query(
        'INSERT INTO job_runs (job, slot, runner) VALUES ($1, $2, $3) ON CONFLICT (job, slot) DO NOTHING RETURNING job',
        [job, slot, `${hostname()}:${process.pid}`],
      );
      if (!claimed.rowCount) return { outcome: 'claimed_elsewhere' };
      let failed: string | null = null;
      try {
        return { outcome: 'ran', result: await run() };
      } catch (err) {
        failed = (err as Error).message.slice(0, 500);
        throw err;
      } finally {
        await client
          .query('UPDATE job_runs SET finished_at = now(), error = $3 WHERE job = $1 AND slot = $2', [
            job,
            slot,
            failed,
          ])
          .catch(() => undefined);
      }
    });
  } catch (err) {
    // only this job's own lock being busy means "still running"; a busy lock inside the run is the run's failure
    if (!locked && err instanceof LockBusyError) return { outcome: 'still_running' };
    throw err;
  }
}

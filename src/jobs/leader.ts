// Several API processes share one database: each scheduled run of a job happens once, in whichever process claims
// it first. The claim is a row per (job, slot) (a late process finds it taken), and a session advisory lock keeps
// two runs of one job from overlapping when a run outlasts its schedule.
import type { Pool } from 'pg';
import { hostname } from 'node:os';

export type ClaimOutcome = 'ran' | 'claimed_elsewhere' | 'still_running';

/** The schedule slot a tick belongs to: the tick time cut to the second (6-field cron) or the minute. */
export function slotOf(at: Date, cronExpression: string): Date {
  const unit = cronExpression.trim().split(/\s+/).length >= 6 ? 1000 : 60_000;
  return new Date(Math.floor(at.getTime() / unit) * unit);
}

/** Runs `run` only if this process wins the slot and no other run of the job is in progress anywhere. */
export async function runOncePerSlot<T>(pg: Pool, job: string, slot: Date, run: () => Promise<T>): Promise<{ outcome: ClaimOutcome; result?: T }> {
  const client = await pg.connect();
  try {
    const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`job:${job}`])).rows[0].ok;
    if (!locked) return { outcome: 'still_running' };
    try {
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
        await client.query('UPDATE job_runs SET finished_at = now(), error = $3 WHERE job = $1 AND slot = $2', [job, slot, failed]).catch(() => undefined);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`job:${job}`]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

// node-cron wiring: each job calls a function that lives in its capability.
import cron, { type TaskContext } from 'node-cron';
import type { Deps } from '../platform/deps';
import { rebuildIndex, syncIndex } from '../platform/index-admin';
import { songsFamily } from '../songs/index-family';
import { productsFamily } from '../products/index-family';
import { deleteExpiredSearchLogs } from '../searchlogs/indices';
import { deleteOldSearchLogRows } from '../searchlogs/retention';
import { dropOldEventPartitions } from '../events/store';
import { runOncePerSlot, slotOf } from './leader';
import { trainRecs } from '../recs/train';
import { rescorePopularity } from '../songs/popularity';
import { catalogJobs } from '../catalogs/jobs';
import { closeIdleRooms, DEFAULT_ROOM_LIMITS } from '../rooms/rooms';

export interface Job {
  name: string;
  cron: string;
  run: (deps: Deps) => Promise<unknown>;
}

export function scheduledJobs(deps: Deps): Job[] {
  const { cron: c } = deps.config;
  return [
    { name: 'songs-sync', cron: c.songsSync, run: (d) => syncIndex(d, songsFamily) },
    { name: 'songs-rebuild', cron: c.songsRebuild, run: (d) => rebuildIndex(d, songsFamily) },
    { name: 'songs-popularity', cron: c.songsPopularity, run: (d) => rescorePopularity(d) },
    { name: 'products-sync', cron: c.productsSync, run: (d) => syncIndex(d, productsFamily) },
    { name: 'products-rebuild', cron: c.productsRebuild, run: (d) => rebuildIndex(d, productsFamily) },
    {
      name: 'search-logs-retention',
      cron: c.logsRetention,
      run: async (d) => ({
        ...(await deleteExpiredSearchLogs(d)),
        postgres_rows: await deleteOldSearchLogRows(d.pg, d.config.searchLogRetentionDays),
      }),
    },
    {
      name: 'events-retention',
      cron: c.eventsRetention,
      run: async (d) => ({ dropped: await dropOldEventPartitions(d.pg, d.config.eventRetentionDays) }),
    },
    { name: 'recs-train', cron: c.recsTrain, run: (d) => trainRecs(d) },
    {
      name: 'rooms-sweep',
      cron: c.roomsSweep,
      run: async (d) => ({ closed: await closeIdleRooms({ ...d, limits: DEFAULT_ROOM_LIMITS }) }),
    },
    ...(deps.config.catalogs.scheduled ? catalogJobs(deps) : []),
  ];
}

/** One tick of a job's schedule: runs it here unless another process already took this slot or is still running it. */
export async function runScheduledJob(deps: Deps, job: Job, at: Date = new Date()) {
  const started = Date.now();
  const slot = slotOf(at, job.cron);
  try {
    const { outcome, result } = await runOncePerSlot(deps.pg, job.name, slot, () => job.run(deps));
    if (outcome === 'ran')
      deps.logger.info('job done', { job: job.name, slot: slot.toISOString(), ms: Date.now() - started, result });
    else deps.logger.debug('job skipped', { job: job.name, slot: slot.toISOString(), outcome });
    return outcome;
  } catch (err) {
    deps.logger.error('job failed', { job: job.name, slot: slot.toISOString(), err });
    return 'failed' as const;
  }
}

/**
 * What node-cron calls on a tick. The tick belongs to the slot node-cron scheduled it for (`date`), not to the clock
 * at the moment it runs: a tick started late (a busy event loop) must find the slot an on-time process already ran.
 */
export function onTick(deps: Deps, job: Job) {
  return (tick: Pick<TaskContext, 'date'>) => runScheduledJob(deps, job, tick.date);
}

export function startSchedule(deps: Deps, jobs: Job[] = scheduledJobs(deps)) {
  const tasks = jobs.map((job) => {
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
    const task = cron.schedule(job.cron, onTick(deps, job), { noOverlap: true });
    // node-cron skips a tick more than a second late; the next one runs at its own time
    task.on('execution:missed', (tick) =>
      deps.logger.warn('job tick missed', { job: job.name, slot: slotOf(tick.date, job.cron).toISOString() }),
    );
    return task;
  });
  return { stop: () => tasks.forEach((t) => t.stop()) };
}

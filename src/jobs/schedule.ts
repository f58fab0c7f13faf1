// node-cron wiring: each job calls a function that lives in its capability.
import cron from 'node-cron';
import type { Deps } from '../platform/deps';
import { rebuildIndex, syncIndex } from '../platform/index-admin';
import { songsFamily } from '../songs/index-family';
import { productsFamily } from '../products/index-family';
import { deleteExpiredSearchLogs } from '../searchlogs/indices';
import { trainRecs } from '../recs/train';
import { rescorePopularity } from '../songs/popularity';

export interface Job { name: string; cron: string; run: (deps: Deps) => Promise<unknown> }

export function scheduledJobs(deps: Deps): Job[] {
  const { cron: c } = deps.config;
  return [
    { name: 'songs-sync', cron: c.songsSync, run: (d) => syncIndex(d, songsFamily) },
    { name: 'songs-rebuild', cron: c.songsRebuild, run: (d) => rebuildIndex(d, songsFamily) },
    { name: 'songs-popularity', cron: c.songsPopularity, run: (d) => rescorePopularity(d) },
    { name: 'products-sync', cron: c.productsSync, run: (d) => syncIndex(d, productsFamily) },
    { name: 'products-rebuild', cron: c.productsRebuild, run: (d) => rebuildIndex(d, productsFamily) },
    { name: 'search-logs-retention', cron: c.logsRetention, run: (d) => deleteExpiredSearchLogs(d) },
    { name: 'recs-train', cron: c.recsTrain, run: (d) => trainRecs(d) },
  ];
}

export function startSchedule(deps: Deps, jobs: Job[] = scheduledJobs(deps)) {
  const tasks = jobs.map((job) => {
    if (!cron.validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
    let running = false;
    return cron.schedule(job.cron, async () => {
      if (running) { deps.logger.warn('job still running, skipped', { job: job.name }); return; }
      running = true;
      const started = Date.now();
      try {
        const result = await job.run(deps);
        deps.logger.info('job done', { job: job.name, ms: Date.now() - started, result });
      } catch (err) {
        deps.logger.error('job failed', { job: job.name, err });
      } finally {
        running = false;
      }
    });
  });
  return { stop: () => tasks.forEach((t) => t.stop()) };
}

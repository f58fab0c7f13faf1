// Scheduled catalog syncs: each brand's new songs daily, its full listing weekly (the weekly run is the one that
// can withdraw songs), TJ's charts weekly, TJ's Japanese songs enriched from searchSong daily. Same Job shape as
// src/jobs/schedule.ts; the schedule runs each once per slot, on one leader.
import type { Deps } from '../platform/deps';
import type { Job } from '../jobs/job';
import type { Brand } from '../core/brands';
import { sourcesFromConfig, syncPolicyFromConfig, type CatalogSources } from './sources';
import { fullListing, newSinceDay, newSongsListing, syncCatalog, type Listing } from './sync';
import type { SyncReport } from './sync-report';
import { syncCharts } from './charts-sync';
import { enrichJobResult, enrichTjEntries, songSearchOf } from './enrich';
import { syncIndex } from '../platform/index-admin';
import { songsFamily } from '../songs/index-family';

export type CatalogSchedule = Deps['config']['catalogs']['schedule'];

/** What a job run leaves in its log line: the counts, not the samples. */
function jobResult(r: SyncReport) {
  const { samples: _samples, badReasons, warnings, ...rest } = r;
  const counts = (c: SyncReport['badReasons']) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.count]));
  if (r.status === 'refused' || r.status === 'failed') {
    // a run that changed nothing is the job's failure: job_runs and the error log say why
    throw new Error(`${r.brand} ${r.kind} catalog sync ${r.status} (run ${r.runId}): ${r.refusal}`);
  }
  return { ...rest, badReasons: counts(badReasons), warnings: counts(warnings) };
}

export function catalogJobs(
  deps: Pick<Deps, 'config'>,
  schedule: CatalogSchedule = deps.config.catalogs.schedule,
  sources?: CatalogSources,
): Job[] {
  const policy = syncPolicyFromConfig(deps.config);
  const sourceOf = (brand: Brand) => (sources ??= sourcesFromConfig(deps.config))[brand];
  // a run that changed songs brings the index along at once: new songs reach search in seconds, not at the next sync tick
  const run = (listing: (d: Deps) => Promise<Listing>) => async (d: Deps) => {
    const report = await syncCatalog(d.pg, await listing(d), { policy });
    const result = jobResult(report);
    return report.merge ? { ...result, index: await syncIndex(d, songsFamily) } : result;
  };
  const daily = (brand: Brand) =>
    run(async (d) => newSongsListing(sourceOf(brand), await newSinceDay(d.pg, brand, d.clock())));
  const weekly = (brand: Brand) => run(async () => fullListing(sourceOf(brand)));
  return [
    { name: 'catalog-tj-new', cron: schedule.tjNew, run: daily('tj') },
    { name: 'catalog-ky-new', cron: schedule.kyNew, run: daily('ky') },
    { name: 'catalog-tj-full', cron: schedule.tjFull, run: weekly('tj') },
    { name: 'catalog-ky-full', cron: schedule.kyFull, run: weekly('ky') },
    { name: 'catalog-tj-charts', cron: schedule.tjCharts, run: (d) => syncCharts(d.pg, sourceOf('tj'), d.clock()) },
    {
      name: 'catalog-tj-enrich',
      cron: schedule.tjEnrich,
      run: async (d) =>
        enrichJobResult(
          await enrichTjEntries(d.pg, songSearchOf(sourceOf('tj')), { limit: deps.config.catalogs.enrichPerRun }),
        ),
    },
  ];
}

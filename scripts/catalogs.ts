// Syncs the brands' catalogs from their public sites (or a saved dump) into Postgres:
//   npx tsx scripts/catalogs.ts sync tj|ky|all [--full] [--dry-run] [--from-dump PATH] [--since YYYY-MM-DD] [--resume|--restart]
//   npx tsx scripts/catalogs.ts charts tj      (TJ's TOP/HOT charts, overall and per genre, for the month so far)
//   npx tsx scripts/catalogs.ts enrich tj [--limit N]   (nation and readings of TJ's Japanese songs from searchSong)
// Without --full: the songs published since --since (default: a few days before the last applied run). --full walks
// the whole listing (the only run that can withdraw songs). An interrupted full walk begun in the last day is
// resumed from its checkpoint; --resume insists on resuming (however old), --restart starts over.
// Progress on stderr; the report on stdout, ending in one JSON line. Exit 1 when a run was refused or failed.
import fs from 'node:fs';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { createProgressLine } from '../src/platform/progress';
import { FlagError, parseFlags } from '../src/platform/cli-flags';
import { LockBusyError } from '../src/platform/advisory-lock';
import { BRANDS, type Brand } from '../src/core/brands';
import { sourcesFromConfig, syncPolicyFromConfig } from '../src/catalogs/sources';
import {
  dumpListing,
  fullListing,
  newSinceDay,
  newSongsListing,
  NothingToResumeError,
  syncCatalog,
  type Listing,
} from '../src/catalogs/sync';
import { reportLines, summaryJson, type SyncReport } from '../src/catalogs/sync-report';
import { readTjDump } from '../src/catalogs/tj-dump';
import { readKyDump } from '../src/catalogs/ky-dump';
import { syncCharts } from '../src/catalogs/charts-sync';
import { enrichCounts, enrichLines, enrichTjEntries, songSearchOf } from '../src/catalogs/enrich';

const USAGE =
  'usage: npx tsx scripts/catalogs.ts sync tj|ky|all [--full] [--dry-run] [--from-dump PATH] [--since YYYY-MM-DD] [--resume|--restart]\n' +
  '       npx tsx scripts/catalogs.ts charts tj\n' +
  '       npx tsx scripts/catalogs.ts enrich tj [--limit N]';

function usage(message?: string): never {
  if (message) console.error(`[catalogs] ${message}`);
  console.error(USAGE);
  process.exit(2);
}

async function main() {
  let parsed;
  try {
    parsed = parseFlags({
      full: false,
      'dry-run': false,
      'from-dump': '',
      since: '',
      resume: false,
      restart: false,
      limit: -1,
    });
  } catch (err) {
    if (err instanceof FlagError) usage(err.message);
    throw err;
  }
  const {
    flags,
    positionals: [command, which, ...extra],
  } = parsed;
  if (command === 'charts') return charts(which, extra);
  if (command === 'enrich') return enrich(which, extra, flags.limit);
  if (command !== 'sync' || !which || extra.length) usage();
  if (flags.limit !== -1) usage('--limit is for enrich');
  const brands: Brand[] =
    which === 'all'
      ? [...BRANDS]
      : BRANDS.includes(which as Brand)
        ? [which as Brand]
        : usage(`unknown brand "${which}"`);
  const dump = flags['from-dump'];
  if (dump && brands.length > 1) usage("--from-dump reads one brand's file: name tj or ky");
  if (dump && (flags.full || flags.since)) usage('--from-dump is a listing of its own: leave out --full and --since');
  if (flags.full && flags.since) usage('--since is for the new-songs run: leave out --full');
  if (flags.since && !/^\d{4}-\d{2}-\d{2}$/.test(flags.since)) usage('--since must be YYYY-MM-DD');
  if (flags.resume && flags.restart) usage('--resume and --restart exclude each other');
  if (dump && !fs.statSync(dump, { throwIfNoEntry: false })?.isFile()) usage(`--from-dump: ${dump} is not a file`);

  const config = loadConfig();
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[catalogs]');
  const sources = sourcesFromConfig(config, {
    onRetry: (e) => line.update(`retry ${e.attempt} of ${e.url} in ${Math.round(e.waitMs / 1000)} s (${e.reason})`),
  });
  const reports: SyncReport[] = [];
  let ok = true;
  try {
    for (const brand of brands) {
      const listing: Listing = dump
        ? dumpListing(brand, () => (brand === 'tj' ? readTjDump(dump) : readKyDump(dump)))
        : flags.full
          ? fullListing(sources[brand])
          : newSongsListing(sources[brand], flags.since || (await newSinceDay(deps.pg, brand, deps.clock())));
      try {
        const report = await syncCatalog(deps.pg, listing, {
          dryRun: flags['dry-run'],
          resume: flags.resume ? 'require' : flags.restart ? 'never' : 'auto',
          policy: syncPolicyFromConfig(config),
          onProgress: (msg) => line.update(`${brand} ${listing.kind}: ${msg}`),
        });
        line.done();
        for (const l of reportLines(report)) console.log(`[catalogs] ${l}`);
        reports.push(report);
        if (report.status === 'refused' || report.status === 'failed' || report.error) ok = false;
      } catch (err) {
        line.done();
        ok = false;
        if (err instanceof NothingToResumeError || err instanceof LockBusyError)
          console.error(`[catalogs] ${brand}: ${err.message}`);
        else console.error(`[catalogs] ${brand} sync failed: ${(err as Error).stack ?? (err as Error).message}`);
      }
    }
  } finally {
    console.log(JSON.stringify({ ok, runs: reports.map((r) => JSON.parse(summaryJson(r))) }));
    await closeDeps(deps);
  }
  if (!ok) process.exitCode = 1;
}

async function charts(which: string | undefined, extra: string[]) {
  if (which !== 'tj' || extra.length) usage('charts: only TJ publishes charts (name tj)');
  const config = loadConfig();
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[catalogs]');
  try {
    const summary = await syncCharts(deps.pg, sourcesFromConfig(config).tj, deps.clock(), (msg) => line.update(msg));
    line.done();
    for (const f of summary.failed) console.error(`[catalogs] ${f.chart} genre ${f.genre}: ${f.reason}`);
    console.log(JSON.stringify({ ok: !summary.failed.length, ...summary }));
    if (summary.failed.length) process.exitCode = 1;
  } finally {
    await closeDeps(deps);
  }
}

async function enrich(which: string | undefined, extra: string[], limitFlag: number) {
  if (which !== 'tj' || extra.length) usage('enrich: only TJ answers searchSong (name tj)');
  // -1: no --limit given, the configured cap applies
  if (limitFlag !== -1 && (!Number.isInteger(limitFlag) || limitFlag < 1))
    usage('--limit must be a whole number above 0');
  const config = loadConfig();
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[catalogs]');
  const sources = sourcesFromConfig(config, {
    onRetry: (e) => line.update(`retry ${e.attempt} of ${e.url} in ${Math.round(e.waitMs / 1000)} s (${e.reason})`),
  });
  try {
    const summary = await enrichTjEntries(deps.pg, songSearchOf(sources.tj), {
      limit: limitFlag === -1 ? config.catalogs.enrichPerRun : limitFlag,
      onProgress: (msg) => line.update(`tj enrich: ${msg}`),
    });
    line.done();
    for (const l of enrichLines(summary)) console.log(`[catalogs] ${l}`);
    console.log(JSON.stringify({ ok: !summary.stopped, ...enrichCounts(summary) }));
    if (summary.stopped) process.exitCode = 1;
  } catch (err) {
    line.done();
    process.exitCode = 1;
    if (err instanceof LockBusyError) console.error(`[catalogs] tj: ${err.message}`);
    else console.error(`[catalogs] tj enrichment failed: ${(err as Error).stack ?? (err as Error).message}`);
  } finally {
    await closeDeps(deps);
  }
}

void main();

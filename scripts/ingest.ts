// Loads catalog files into Postgres: `npx tsx scripts/ingest.ts songs FILE...`, `... products FILE...` or
// `... charts FILE...` (monthly TJ/KY top-100 charts). Songs re-merge only what the changes affect; --full-merge
// re-plans the whole catalog.
// Progress on stderr, a summary per file at the end; exit 1 when a file could not be read at all.
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import type { IngestSummary } from '../src/platform/catalog-reader';
import { ingestSongFiles } from '../src/songs/ingest';
import { ingestProductFile } from '../src/products/catalog';
import { ingestChartFiles } from '../src/songs/charts';
import { createProgressLine } from '../src/platform/progress';
import { parseFlags } from '../src/platform/cli-flags';

function report(s: IngestSummary) {
  console.log(
    `[ingest] ${s.source}: read ${s.read}, inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected} (${s.ms} ms)`,
  );
  for (const e of s.errors.slice(0, 20)) console.log(`[ingest]   line ${e.line}: ${e.reason}`);
  if (s.errors.length > 20) console.log(`[ingest]   ... ${s.rejected - 20} more rejected rows`);
}

async function main() {
  const {
    flags,
    positionals: [kind, ...files],
  } = parseFlags({ 'full-merge': false });
  if (!['songs', 'products', 'charts'].includes(kind ?? '') || !files.length) {
    console.error('usage: npx tsx scripts/ingest.ts songs|products|charts FILE... [--full-merge]');
    process.exit(2);
  }
  const deps = createDeps(loadConfig());
  const line = createProgressLine(process.stderr, '[ingest]');
  const progress = (msg: string) => line.update(msg);
  try {
    if (kind === 'songs') {
      const r = await ingestSongFiles(deps.pg, files, progress, { fullMerge: flags['full-merge'] });
      line.done();
      r.files.forEach(report);
      const m = r.merge;
      if (m)
        console.log(
          `[ingest] ${m.mode} merge: ${m.mode === 'incremental' ? `${m.changed} changed entries, ` : ''}${m.entries} entries planned -> ${m.songs} songs (${m.merged} with both numbers); created ${m.created}, updated ${m.updated}, unchanged ${m.unchanged}, deleted ${m.deleted} (${m.ms} ms)`,
        );
      else console.log('[ingest] nothing changed, merge skipped');
    } else if (kind === 'charts') {
      const r = await ingestChartFiles(deps.pg, files, progress);
      line.done();
      r.files.forEach(report);
      console.log(
        `[ingest] charts on record: ${r.months.join(', ') || 'none'}; ${r.unknownNumbers} placed numbers not in the catalog (yet)`,
      );
      console.log('[ingest] popularity follows at the next daily re-score (or: npx tsx scripts/rescore-popularity.ts)');
    } else {
      for (const f of files) report(await ingestProductFile(deps.pg, f, ({ read }) => progress(`${f}: ${read} rows`)));
      line.done();
    }
  } catch (err) {
    line.done();
    console.error(`[ingest] failed: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await closeDeps(deps);
  }
}

void main();

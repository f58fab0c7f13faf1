// Full rebuild of the songs index at scale: `npx tsx scripts/bench-rebuild.ts --songs 1000000`.
// Writes N synthetic songs into its own database once (norae_bench_index_rebuild_N), then rebuilds the index
// (prefix norae_bench_index_) with the given workers / batch size / bulks in flight and prints docs/s.
// --compare-workers also runs the same rebuild with documents built in the main thread (--workers 0).
// --fields-study rebuilds once per group of analysed fields left out, to see which fields cost the most.
// --drop deletes the database and indices at the end.
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { dropDatabase, ensureDatabase, migrate } from '../src/platform/migrate';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';
import {
  defaultDocumentWorkers,
  deleteIndicesWithPrefix,
  rebuildIndex,
  type RebuildOptions,
} from '../src/platform/index-admin';
import { songsFamily } from '../src/songs/index-family';
import { syntheticSongRows } from './bench-songs-data';

const PREFIX = 'norae_bench_index_';

// groups of the songs document's analysed fields (mappings/songs.json), left out one group at a time
const FIELD_GROUPS: Record<string, string[]> = {
  'text (title/artist/alt_titles/aliases: nori + words + word prefixes)': [
    'title',
    'artist',
    'alt_titles',
    'artist_aliases',
  ],
  'compact prefixes (title/artist/combo)': ['title_compact', 'artist_compact', 'combo_compact'],
  'chosung prefixes': ['title_chosung', 'artist_chosung'],
  'jamo prefixes': ['title_jamo', 'artist_jamo'],
  'typo (jamo words, fuzzy)': ['title_typo', 'artist_typo'],
  'romanized prefixes': ['title_roman', 'artist_roman'],
  'pronunciation prefixes': ['title_pron', 'artist_pron'],
  'completion suggestions (suggest)': ['suggest'],
};

async function main() {
  const { flags } = parseFlags({
    songs: 100_000,
    workers: defaultDocumentWorkers(),
    batch: 2000,
    bulks: 4,
    'force-merge': 1,
    'compare-workers': false,
    'fields-study': false,
    drop: false,
  });
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/norae_bench_index_rebuild_${flags.songs}`;
  const config = loadConfig({
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    ES_INDEX_PREFIX: PREFIX,
    REDIS_PREFIX: 'norae:bench:index:',
  });
  await ensureDatabase(config.databaseUrl);
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[bench-rebuild]');
  const results: Array<Record<string, unknown>> = [];
  // CPU time of every Elasticsearch node (its own stats) and of this process (main thread and document workers)
  const esCpuMs = async () => {
    const stats = await deps.es.nodes.stats({ metric: 'process' });
    return Object.values(stats.nodes).reduce((sum, n) => sum + (n.process?.cpu?.total_in_millis ?? 0), 0);
  };
  const run = async (label: string, opts: RebuildOptions) => {
    let logged = 0;
    const esBefore = await esCpuMs();
    const ownBefore = process.cpuUsage();
    const r = await rebuildIndex(
      deps,
      songsFamily,
      ({ done, elapsedMs }) => {
        const msg = `${label}: ${done} docs, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`;
        line.update(msg);
        // without a terminal the line stays silent: log every 10% instead
        if (!process.stderr.isTTY && done - logged >= Math.max(flags.songs / 10, 1)) {
          logged = done;
          console.error(`[bench-rebuild] ${msg} (${Math.round(elapsedMs / 1000)} s)`);
        }
      },
      opts,
    );
    line.done();
    const esCpu = (await esCpuMs()) - esBefore;
    const own = process.cpuUsage(ownBefore);
    const perDoc = (ms: number) => Math.round((ms / Math.max(r.indexed, 1)) * 1000) / 1000;
    const stats = await deps.es.indices.stats({ index: r.index, metric: ['store', 'segments'] });
    const total = stats.indices?.[r.index]?.primaries;
    const result = {
      run: label,
      docs: r.indexed,
      seconds: r.ms / 1000,
      docsPerSecond: r.docsPerSecond,
      esCpuMsPerDoc: perDoc(esCpu),
      ownCpuMsPerDoc: perDoc((own.user + own.system) / 1000),
      storeMb: Math.round((total?.store?.size_in_bytes ?? 0) / 1e6),
      segments: total?.segments?.count,
      ...opts,
    };
    console.error(`[bench-rebuild] ${JSON.stringify(result)}`);
    results.push(result);
  };
  try {
    await migrate(deps.pg);
    const have = Number((await deps.pg.query('SELECT count(*) FROM songs WHERE deleted_at IS NULL')).rows[0].count);
    if (have !== flags.songs) {
      await syntheticSongRows(deps.pg, flags.songs, (n) => line.update(`${n} songs written`));
      line.done();
    }
    const base: RebuildOptions = {
      workers: flags.workers,
      batchSize: flags.batch,
      bulksInFlight: flags.bulks,
      maxSegments: flags['force-merge'],
    };
    await run(`workers=${flags.workers}`, base);
    if (flags['compare-workers']) await run('main thread only', { ...base, workers: 0 });
    if (flags['fields-study']) {
      // without force-merge: the indexing cost alone
      await run('all fields (no force-merge)', { ...base, maxSegments: 0 });
      for (const [group, fields] of Object.entries(FIELD_GROUPS))
        await run(`without ${group}`, { ...base, maxSegments: 0, omitFields: fields });
      // the floor of this machine and pipeline: every analysed field left out (ids, numbers, keywords remain)
      await run('without every analysed field', {
        ...base,
        maxSegments: 0,
        omitFields: Object.values(FIELD_GROUPS).flat(),
      });
    }
  } finally {
    if (flags.drop) await deleteIndicesWithPrefix(deps.es, PREFIX);
    await closeDeps(deps);
  }
  if (flags.drop) await dropDatabase(databaseUrl);
  console.log(
    JSON.stringify({ songs: flags.songs, cores: (await import('node:os')).availableParallelism(), results }, null, 2),
  );
}

main().catch((err) => {
  console.error(`[bench-rebuild] failed: ${err.stack}`);
  process.exit(1);
});

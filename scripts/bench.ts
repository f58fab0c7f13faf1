// Songs benchmark on the real stack: reindex docs/s and autocomplete latency under a fixed request rate.
// Usage: npx tsx scripts/bench.ts --songs 100000 [--rate 200] [--seconds 30] [--skip-load] [--no-merge] [--skip-rebuild]
//        [--name NAME] (database norae_bench_NAME, index prefix norae_bench_NAME_: parallel sessions do not collide)
// Uses its own database and prefixes; prints a JSON summary for docs/benchmarks.md.
import os from 'node:os';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { rebuildIndex } from '../src/platform/index-admin';
import { runFixedRate } from '../tools/bench/load';
import { songsFamily } from '../src/songs/index-family';
import { autocompleteBenchQueries, songsBenchEnv, syntheticSongRows } from './bench-songs-data';
import { startBenchApi } from './bench-api';
import { createProgressLine } from '../src/platform/progress';
import { parseFlags } from '../src/platform/cli-flags';

async function main() {
  const { flags } = parseFlags({
    songs: 100_000,
    rate: 200,
    seconds: 30,
    port: 3999,
    name: '',
    'skip-load': false,
    'no-merge': false,
    'skip-rebuild': false,
  });
  const { songs, rate, seconds, port } = flags;
  const env = songsBenchEnv(flags.name, { PORT: String(port) });
  const config = loadConfig(env);
  await ensureDatabase(config.databaseUrl);
  const deps = createDeps(config);
  await migrate(deps.pg);
  const line = createProgressLine(process.stderr, '[bench]');
  const have = Number((await deps.pg.query('SELECT count(*) FROM songs WHERE deleted_at IS NULL')).rows[0].count);
  if (have !== songs) {
    console.error(`[bench] writing ${songs} synthetic songs to Postgres (had ${have})`);
    await syntheticSongRows(deps.pg, songs, (n) => line.update(`${n} songs written`));
    line.done();
  }
  const reindex = flags['skip-rebuild']
    ? null
    : await rebuildIndex(deps, songsFamily, ({ done, elapsedMs }) => {
        line.update(`reindex ${done} docs, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
      });
  line.done();
  // serving runs on a force-merged index (few segments) as after a production rebuild; --no-merge measures it as built
  let mergeMs = 0;
  if (reindex && !flags['no-merge']) {
    const t = Date.now();
    await deps.es.indices.forcemerge({ index: reindex.alias, max_num_segments: 1 }, { requestTimeout: 1_800_000 });
    mergeMs = Date.now() - t;
  }
  const queries = await autocompleteBenchQueries(deps.pg);
  const paths = queries.map((q) => `/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  let load;
  if (!flags['skip-load']) {
    const api = await startBenchApi(env, port);
    try {
      await runFixedRate({ baseUrl: api.baseUrl, paths, rate, seconds: 5 }); // warm-up
      load = await runFixedRate({ baseUrl: api.baseUrl, paths, rate, seconds });
    } finally {
      api.stop();
    }
  }
  await closeDeps(deps);
  const result = {
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    songs,
    reindex: reindex
      ? { docs: reindex.indexed, ms: reindex.ms, docsPerSecond: reindex.docsPerSecond, warmup: reindex.warmup }
      : 'skipped',
    forceMergeMs: mergeMs,
    autocomplete: load ? { rate, ...load } : 'skipped',
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => {
  console.error(`[bench] failed: ${err.stack}`);
  process.exit(1);
});

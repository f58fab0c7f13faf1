// Songs benchmark on the real stack: reindex docs/s and autocomplete latency under a fixed request rate.
// Usage: npx tsx scripts/bench.ts --songs 100000 [--rate 200] [--seconds 30] [--skip-load]
// Uses its own database (norae_bench) and prefixes; prints a JSON summary for docs/benchmarks.md.
import os from 'node:os';
import { spawn } from 'node:child_process';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { rebuildIndex } from '../src/platform/index-admin';
import { runFixedRate } from '../src/platform/load';
import { songsFamily } from '../src/songs/index-family';
import { syntheticSongRows } from './bench-songs-data';
import { createProgressLine } from '../src/platform/progress';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main() {
  const songs = arg('songs', 100_000);
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 30);
  const port = arg('port', 3999);
  const env = {
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench',
    ES_INDEX_PREFIX: 'norae_bench_',
    REDIS_PREFIX: 'norae:bench:',
    CRON_ENABLED: 'false',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTOCOMPLETE_PER_MINUTE: '1000000',
    PORT: String(port),
  };
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
  const reindex = await rebuildIndex(deps, songsFamily, ({ done, elapsedMs }) => {
    line.update(`reindex ${done} docs, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
  });
  line.done();
  const queries = (await deps.pg.query<{ q: string }>(
    `SELECT q FROM (
       SELECT left(title, 1 + (id % 4)::int) AS q FROM songs WHERE id % 97 = 0
       UNION ALL SELECT left(artist, 2) FROM songs WHERE id % 89 = 0
       UNION ALL SELECT tj_no FROM songs WHERE id % 83 = 0 AND tj_no IS NOT NULL) x LIMIT 2000`,
  )).rows.map((r) => r.q);
  const chosung = ['ㄴㅇㅇㅁ', 'ㅂㅍㅈ', 'ㅅㅎㄷ', 'ㄱㅇ', 'ㅅㄹ', 'dkdldb', 'sjdml', 'ㅂㄹㅍㅋ'];
  const paths = [...queries, ...chosung].map((q) => `/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  let load;
  if (!process.argv.includes('--skip-load')) {
    // node itself (not npx) so that killing it stops the API and nothing is orphaned
    const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    try {
      for (let i = 0; i < 60; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await runFixedRate({ baseUrl: `http://127.0.0.1:${port}`, paths, rate, seconds: 5 }); // warm-up
      load = await runFixedRate({ baseUrl: `http://127.0.0.1:${port}`, paths, rate, seconds });
    } finally {
      api.kill('SIGTERM');
    }
  }
  await closeDeps(deps);
  const result = {
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    songs,
    reindex: { docs: reindex.indexed, ms: reindex.ms, docsPerSecond: reindex.docsPerSecond },
    autocomplete: load ? { rate, ...load } : 'skipped',
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err) => { console.error(`[bench] failed: ${err.stack}`); process.exit(1); });

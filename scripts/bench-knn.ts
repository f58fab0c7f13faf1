// kNN serving latency with every song carrying a vector (e.g. 1M songs). Writes synthetic clustered vectors for
// the songs already in Postgres as a promoted model, rebuilds the songs index from Postgres (the same path a real
// model takes), then times /api/songs/:id/similar at a fixed request rate.
// Usage: BENCH_DATABASE_URL=... npx tsx scripts/bench-knn.ts [--rate 50] [--seconds 30] [--reuse-index]
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { withTransaction } from '../src/platform/postgres';
import { rebuildIndex } from '../src/platform/index-admin';
import { runFixedRate } from '../src/platform/load';
import { createRng } from '../src/platform/prng';
import { songsFamily } from '../src/songs/index-family';
import { createApp } from '../src/app';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';

const VERSION = 'bench-synthetic';

async function main() {
  const { flags } = parseFlags({ rate: 50, seconds: 30, 'reuse-index': false });
  const { rate, seconds } = flags;
  const config = loadConfig({
    ...process.env, APP_ENV: 'production', LOG_LEVEL: 'warn', CRON_ENABLED: 'false',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench',
    ES_INDEX_PREFIX: 'norae_bench_', REDIS_PREFIX: 'norae:bench:', RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
  });
  const deps = createDeps(config);
  const dims = config.recs.dimensions;
  const line = createProgressLine(process.stderr, '[bench-knn]');
  const ids = (await deps.pg.query<{ id: string }>('SELECT id FROM songs WHERE deleted_at IS NULL ORDER BY id')).rows.map((r) => Number(r.id));
  const rng = createRng(99);
  const reuse = flags['reuse-index'];
  const centroids = Array.from({ length: 64 }, () => Array.from({ length: dims }, () => rng.next() * 2 - 1));
  if (!reuse) await withTransaction(deps.pg, async (client) => {
    await client.query('DELETE FROM rec_models WHERE version = $1', [VERSION]);
    await client.query('UPDATE rec_models SET promoted = false WHERE promoted');
    await client.query(`INSERT INTO rec_models (version, algorithm, params, metrics, promoted, decision) VALUES ($1, 'synthetic', '{}', '{}', true, 'benchmark')`, [VERSION]);
    for (let start = 0; start < ids.length; start += 5000) {
      const chunk = ids.slice(start, start + 5000);
      const literals = chunk.map(() => {
        const c = centroids[rng.int(centroids.length)];
        return `{${c.map((x) => (x + (rng.next() - 0.5) * 0.6).toFixed(4)).join(',')}}`;
      });
      await client.query(`INSERT INTO song_vectors (model_version, song_id, vector) SELECT $1, id, v::real[] FROM unnest($2::bigint[], $3::text[]) AS t(id, v)`, [VERSION, chunk, literals]);
      line.update(`vectors ${Math.min(start + 5000, ids.length)}/${ids.length}`);
    }
  });
  line.done();
  const rebuild = reuse ? undefined : await rebuildIndex(deps, songsFamily, ({ done, elapsedMs }) => {
    line.update(`reindex with vectors ${done} docs, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
  });
  line.done();
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const paths = Array.from({ length: 2000 }, () => `/api/songs/${ids[rng.int(ids.length)]}/similar?k=20`);
  await runFixedRate({ baseUrl: base, paths, rate, seconds: 5 });
  const similar = await runFixedRate({ baseUrl: base, paths, rate, seconds });
  server.close();
  await closeDeps(deps);
  console.log(JSON.stringify({
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    songsWithVectors: ids.length, dims,
    reindexWithVectors: rebuild ? { docs: rebuild.indexed, ms: rebuild.ms, docsPerSecond: rebuild.docsPerSecond } : 'reused',
    similar: { rate, ...similar },
  }, null, 2));
}

main().catch((err) => { console.error(`[bench-knn] failed: ${err.stack}`); process.exit(1); });

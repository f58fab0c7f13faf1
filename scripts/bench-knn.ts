// Recommendation serving at catalog scale, on its own database and index prefix: synthetic clustered vectors for N
// songs saved as a model and promoted by the real path (exact neighbour lists, song-vectors index force-merged before
// the alias swap), then
//   - recall@20 of Elasticsearch kNN (the request "for me" sends) against exact search on the same vectors;
//   - open-loop latency of /api/songs/:id/similar and /api/me/recommendations at fixed request rates.
// Usage: npx tsx scripts/bench-knn.ts [--songs 100000] [--similar-rate 200] [--me-rate 50] [--seconds 30]
//          [--queries 200] [--users 500] [--reuse] [--drop] [--cluster-lists] [--port 3997]
// --cluster-lists skips the exact neighbour computation (n^2: minutes at 100k on a quiet machine) and writes each
// song's list from its synthetic cluster instead; the vector index is still built by the real path. Serving cost
// is the same (one list lookup), so this measures serving only, not list quality or promotion time.
// (BENCH_DATABASE_URL overrides the database; --reuse keeps the promoted model and index of the last run; --drop
// deletes the benchmark's indices at the end.)
import os from 'node:os';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { deleteIndicesWithPrefix } from '../src/platform/index-admin';
import { runFixedRate } from '../tools/bench/load';
import { createRng } from '../src/platform/prng';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';
import { issueToken } from '../src/users/accounts';
import { saveModel } from '../src/recs/vectors';
import { promoteModel } from '../src/recs/promotion';
import { buildVectorIndex, songVectorsAlias } from '../src/recs/vector-index';
import { saveNeighbourLists, NEIGHBOURS_PER_SONG } from '../src/recs/neighbours';
import { buildKnnSearch, knnHits } from '../src/recs/recommend';
import { startBenchApi } from './bench-api';
import { KNN_CANDIDATES } from '../src/recs/ranking';
import { profileVector } from '../src/recs/profile';
import { unitRows } from '../src/recs/neighbours';
import { syntheticSongRows } from './bench-songs-data';

const PREFIX = 'norae_bench_vectors_';
const RECALL_K = 20;

async function main() {
  const { flags } = parseFlags({
    songs: 100_000,
    'similar-rate': 200,
    'me-rate': 50,
    seconds: 30,
    queries: 200,
    users: 500,
    reuse: false,
    drop: false,
    'cluster-lists': false,
    port: 3997,
  });
  const env = {
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    CRON_ENABLED: 'false',
    OPENAI_API_KEY: '',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench_vectors',
    ES_INDEX_PREFIX: PREFIX,
    REDIS_PREFIX: 'norae:bench_vectors:',
    RATE_LIMIT_RECOMMEND_PER_MINUTE: '1000000',
  };
  // the builds here wait long; the API under load keeps its own (default) timeouts
  const config = loadConfig({ ...env, ES_REQUEST_TIMEOUT_MS: '600000' });
  await ensureDatabase(config.databaseUrl, { recreate: false });
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[bench-knn]');
  try {
    await migrate(deps.pg, () => undefined);
    const have = Number((await deps.pg.query<{ n: string }>('SELECT count(*) AS n FROM songs')).rows[0].n);
    if (have !== flags.songs)
      await syntheticSongRows(deps.pg, flags.songs, (n) => line.update(`songs ${n}/${flags.songs}`));
    line.done();
    const ids = (
      await deps.pg.query<{ id: string }>('SELECT id FROM songs WHERE deleted_at IS NULL ORDER BY id')
    ).rows.map((r) => Number(r.id));

    // clustered vectors: ~50 songs a taste cluster, each song its cluster's centre plus noise
    const dims = config.recs.dimensions;
    const rng = createRng(99);
    const clusterCount = Math.max(2, Math.round(ids.length / 50));
    const centres = new Float32Array(clusterCount * dims).map(() => rng.next() * 2 - 1);
    const clusterOf = ids.map(() => rng.int(clusterCount));
    const vectors = new Float32Array(ids.length * dims);
    ids.forEach((_, i) => {
      for (let d = 0; d < dims; d++)
        vectors[i * dims + d] = centres[clusterOf[i] * dims + d] + (rng.next() - 0.5) * 0.8;
    });
    const counts = ids.map(() => Math.floor(1000 / (1 + rng.int(1000))));
    const model = { dims, ids, vectors, counts };

    let version = (await deps.pg.query<{ version: string }>('SELECT version FROM rec_models WHERE promoted')).rows[0]
      ?.version;
    let promotion: Record<string, unknown> = { reused: true };
    if (!flags.reuse || !version) {
      version = `bench-${Date.now()}`;
      await deps.pg.query('TRUNCATE rec_models CASCADE');
      await saveModel(deps.pg, { version, params: { synthetic: true }, metrics: {}, stats: {} }, model);
      const started = Date.now();
      if (flags['cluster-lists']) {
        const members = new Map<number, number[]>();
        clusterOf.forEach((c, i) => {
          const m = members.get(c);
          if (m) m.push(ids[i]);
          else members.set(c, [ids[i]]);
        });
        const lists = ids.map((id, i) => {
          const near = (members.get(clusterOf[i]) ?? []).filter((x) => x !== id).slice(0, NEIGHBOURS_PER_SONG);
          return { songId: id, ids: near, scores: near.map((_, r) => 1 - r / 1000) };
        });
        await saveNeighbourLists(deps.pg, version, lists);
        const listsMs = Date.now() - started;
        const index = await buildVectorIndex(deps, version, ({ done }) => line.update(`song-vectors ${done} docs`));
        await deps.pg.query('UPDATE rec_models SET promoted = true, promoted_at = now() WHERE version = $1', [version]);
        line.done();
        promotion = {
          neighbourLists: 'from synthetic clusters (not computed)',
          listsWriteMs: listsMs,
          vectorIndex: {
            index: index.index,
            docs: index.indexed,
            ms: index.ms,
            docsPerSecond: index.docsPerSecond,
            forceMergedTo: 1,
          },
        };
      } else {
        const s = await promoteModel(deps, version, 'benchmark', (p) =>
          line.update(p.step === 'neighbours' ? `neighbour lists ${p.done}/${p.total}` : `song-vectors ${p.done} docs`),
        );
        line.done();
        promotion = {
          totalMs: Date.now() - started,
          neighbourLists: s.neighbours.songs,
          neighboursMs: s.neighbours.ms,
          vectorIndex: {
            index: s.index.index,
            docs: s.index.indexed,
            ms: s.index.ms,
            docsPerSecond: s.index.docsPerSecond,
            forceMergedTo: 1,
          },
        };
      }
    }
    const alias = songVectorsAlias(config);
    const segments = (await deps.es.cat.segments({ index: alias, format: 'json' })).length;

    // recall@20: half the queries a song's own vector, half a taste profile of three songs of one cluster
    const unit = unitRows(vectors, dims);
    const byCluster = new Map<number, number[]>();
    clusterOf.forEach((c, i) => byCluster.set(c, [...(byCluster.get(c) ?? []), i]));
    let recallSum = 0;
    const tookMs: number[] = [];
    for (let q = 0; q < flags.queries; q++) {
      const row = rng.int(ids.length);
      const query =
        q % 2 === 0
          ? vectors.subarray(row * dims, (row + 1) * dims)
          : profileVector(
              (byCluster.get(clusterOf[row]) ?? [row])
                .slice(0, 3)
                .map((r) => ({ vector: vectors.subarray(r * dims, (r + 1) * dims), weight: 1 })),
            )!;
      const res = await deps.es.search({ index: alias, ...buildKnnSearch(query, { candidates: KNN_CANDIDATES }) });
      tookMs.push(res.took);
      const got = new Set(
        knnHits(res)
          .slice(0, RECALL_K)
          .map((h) => h.id),
      );
      recallSum += exactTop(unit, dims, query, RECALL_K).filter((r) => got.has(ids[r])).length / RECALL_K;
      line.update(`recall queries ${q + 1}/${flags.queries}`);
    }
    line.done();
    tookMs.sort((a, b) => a - b);

    // users with one saved list of five songs of one cluster
    await deps.pg.query('TRUNCATE users CASCADE');
    const tokens: string[] = [];
    for (let u = 0; u < flags.users; u++) {
      const user = (
        await deps.pg.query<{ id: string }>(
          `INSERT INTO users (email, gender, birth_year) VALUES ($1, $2, $3) RETURNING id`,
          [`bench-${u}@example.com`, u % 2 ? 'female' : 'male', 1970 + (u % 35)],
        )
      ).rows[0].id;
      const list = (
        await deps.pg.query<{ id: string }>(
          `INSERT INTO song_lists (user_id, name) VALUES ($1, 'saved') RETURNING id`,
          [user],
        )
      ).rows[0].id;
      const members = byCluster.get(clusterOf[rng.int(ids.length)]) ?? [];
      const saved = [...new Set(members.slice(0, 5).map((r) => ids[r]))];
      await deps.pg.query(
        `INSERT INTO song_list_entries (list_id, song_id, position) SELECT $1, s, o - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS t(s, o)`,
        [list, saved],
      );
      tokens.push((await issueToken(deps, Number(user))).token);
      line.update(`users ${u + 1}/${flags.users}`);
    }
    line.done();

    const api = await startBenchApi(env, flags.port);
    const base = api.baseUrl;
    const similarPaths = Array.from({ length: 5000 }, () => `/api/songs/${ids[rng.int(ids.length)]}/similar?k=20`);
    const mePaths = tokens.map((_, i) => `/api/me/recommendations?k=20${i % 4 === 3 ? '&brand=ky' : ''}`);
    const headers = tokens.map((t) => ({ authorization: `Bearer ${t}` }));
    line.update('warming up');
    await runFixedRate({ baseUrl: base, paths: similarPaths, rate: 50, seconds: 5 });
    await runFixedRate({ baseUrl: base, paths: mePaths, headers, rate: 20, seconds: 5 });
    // the path's own cost, at a rate the busy machine keeps up with
    const similarLight = await runFixedRate({ baseUrl: base, paths: similarPaths, rate: 10, seconds: 10 });
    const meLight = await runFixedRate({ baseUrl: base, paths: mePaths, headers, rate: 10, seconds: 10 });
    line.update(`/similar at ${flags['similar-rate']} req/s for ${flags.seconds} s`);
    const similar = await runFixedRate({
      baseUrl: base,
      paths: similarPaths,
      rate: flags['similar-rate'],
      seconds: flags.seconds,
    });
    line.update(`/me/recommendations at ${flags['me-rate']} req/s for ${flags.seconds} s`);
    const me = await runFixedRate({
      baseUrl: base,
      paths: mePaths,
      headers,
      rate: flags['me-rate'],
      seconds: flags.seconds,
    });
    line.done();
    api.stop();

    console.log(
      JSON.stringify(
        {
          machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os
            .loadavg()
            .map((x) => x.toFixed(1))
            .join(' ')}`,
          songsWithVectors: ids.length,
          dims,
          version,
          promotion,
          vectorIndexSegments: segments,
          recall: {
            k: RECALL_K,
            queries: flags.queries,
            knnK: KNN_CANDIDATES,
            numCandidates: Math.min(10_000, Math.max(100, KNN_CANDIDATES * 2)),
            recallAt20: Math.round((recallSum / flags.queries) * 10_000) / 10_000,
            esTookP50: tookMs[Math.floor(tookMs.length / 2)],
            esTookP99: tookMs[Math.floor(tookMs.length * 0.99)],
          },
          similar: { rate: flags['similar-rate'], ...similar },
          me: { rate: flags['me-rate'], users: flags.users, ...me },
          light: { similar: { rate: 10, ...similarLight }, me: { rate: 10, ...meLight } },
        },
        null,
        2,
      ),
    );
    if (flags.drop)
      console.error(
        `[bench-knn] deleted ${await deleteIndicesWithPrefix(deps.es, PREFIX)} indices with prefix ${PREFIX}`,
      );
  } finally {
    await closeDeps(deps);
  }
}

/** Rows of the k best cosines to `query` (unit rows), by brute force. */
function exactTop(unit: Float32Array, dims: number, query: ArrayLike<number>, k: number): number[] {
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += query[d] * query[d];
  const inv = 1 / Math.sqrt(norm || 1);
  const best: Array<{ r: number; cos: number }> = [];
  for (let r = 0; r < unit.length / dims; r++) {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += unit[r * dims + d] * query[d];
    dot *= inv;
    if (best.length < k || dot > best[best.length - 1].cos) {
      best.push({ r, cos: dot });
      best.sort((a, b) => b.cos - a.cos);
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.r);
}

main().catch((err) => {
  console.error(`[bench-knn] failed: ${err.stack}`);
  process.exit(1);
});

// Latency of GET /api/me/recommendations and GET /api/songs/:id/similar against the configured stack (an in-process
// API on an ephemeral port), for users who have saved songs. With --index it first builds the songs index and the
// promoted model's vector index (and its neighbour lists when missing).
// Usage: npx tsx scripts/bench-recs.ts [--requests 500] [--concurrency 8] [--index]
//
// With --compare-gensim it instead trains our item2vec and gensim's skip-gram (1 thread each) on the same sequences
// (synthetic, or Postgres' with --from-db), same split and hyperparameters, and scores both with our evaluation:
//   npx tsx scripts/bench-recs.ts --compare-gensim [--songs 5000] [--users 5000] [--runs 3] [--from-db] [--epochs 15]
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { rebuildIndex } from '../src/platform/index-admin';
import { songsFamily } from '../src/songs/index-family';
import { createApp } from '../src/app';
import { issueToken } from '../src/users/accounts';
import { promotedModelVersion } from '../src/recs/vectors';
import { rebuildServing } from '../src/recs/promotion';
import { parseFlags } from '../src/platform/cli-flags';
import { compareWithGensim } from './bench-recs-gensim';

const { flags } = parseFlags({
  requests: 500,
  concurrency: 8,
  index: false,
  'compare-gensim': false,
  'from-db': false,
  songs: 5000,
  users: 5000,
  runs: 1,
  epochs: 0,
  dimensions: 0,
  window: 0,
  negatives: 0,
  'min-count': 0,
  sample: -1,
  seed: -1,
});
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(label: string, paths: Array<{ path: string; token?: string }>, base: string, concurrency: number) {
  const times: number[] = [];
  const sources = new Map<string, number>();
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < paths.length) {
        const { path, token } = paths[next++];
        const t = performance.now();
        const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        const body = (await res.json()) as { source?: string };
        times.push(performance.now() - t);
        if (!res.ok) errors++;
        else sources.set(body.source ?? '?', (sources.get(body.source ?? '?') ?? 0) + 1);
      }
    }),
  );
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(
    `[bench-recs] ${label}: ${times.length} requests, ${errors} errors, ${Math.round((times.length / wall) * 1000)} req/s, ` +
      `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms; sources ${JSON.stringify(Object.fromEntries(sources))}`,
  );
}

async function main() {
  if (flags['compare-gensim']) return compareWithGensim(flags);
  const deps = createDeps({ ...loadConfig(), logLevel: 'warn' });
  try {
    const version = await promotedModelVersion(deps.pg);
    if (!version) throw new Error('no promoted model: run scripts/train-recs.ts first');
    if (flags.index) {
      const r = await rebuildIndex(deps, songsFamily);
      const serving = await rebuildServing(deps);
      const vectors = typeof serving === 'object' ? serving.index.indexed : 0;
      console.log(
        `[bench-recs] songs index ${r.index}: ${r.indexed} songs; ${vectors} vectors of ${version} in the song-vectors index`,
      );
    }
    const { requests, concurrency } = flags;
    const users = (
      await deps.pg.query<{ user_id: string }>(
        `SELECT DISTINCT l.user_id FROM song_lists l JOIN song_list_entries e ON e.list_id = l.id ORDER BY l.user_id LIMIT $1`,
        [Math.min(requests, 500)],
      )
    ).rows.map((r) => Number(r.user_id));
    if (!users.length) throw new Error('no users with saved songs: run scripts/generate-sessions.ts first');
    const tokens: string[] = [];
    for (const u of users) tokens.push((await issueToken(deps, u)).token);
    const songIds = (
      await deps.pg.query<{ song_id: string }>(
        'SELECT song_id FROM song_vectors WHERE model_version = $1 ORDER BY song_id LIMIT 500',
        [version],
      )
    ).rows.map((r) => Number(r.song_id));
    const server = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      console.log(`[bench-recs] model ${version}, ${users.length} users, concurrency ${concurrency}`);
      await run(
        'recommendations k=20',
        Array.from({ length: requests }, (_, i) => ({
          path: '/api/me/recommendations?k=20',
          token: tokens[i % tokens.length],
        })),
        base,
        concurrency,
      );
      await run(
        'recommendations k=20 brand=tj',
        Array.from({ length: requests }, (_, i) => ({
          path: '/api/me/recommendations?k=20&brand=tj',
          token: tokens[i % tokens.length],
        })),
        base,
        concurrency,
      );
      await run(
        'similar k=10',
        Array.from({ length: requests }, (_, i) => ({
          path: `/api/songs/${songIds[i % songIds.length]}/similar?k=10`,
        })),
        base,
        concurrency,
      );
    } finally {
      server.close();
    }
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[bench-recs] failed: ${err.message}`);
  process.exit(1);
});

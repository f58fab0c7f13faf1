// Trending benchmark on the real stack (Redis; Postgres + Elasticsearch for the search logs):
//  1. ingest: countSearch events/s (Redis only) and recordSearch events/s (Redis + batched logs), N in flight;
//  2. read: readTrending latency p50/p95/p99 called directly, and GET /api/trending under a fixed request rate.
// Usage: npx tsx scripts/bench-trending.ts [--events 50000] [--queries 2000] [--concurrency 64] [--reads 2000] [--rate 200] [--seconds 15]
// Uses its own database (norae_bench) and prefixes; prints a JSON summary for docs/benchmarks.md.
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { createHttpApp } from '../src/platform/http';
import { runFixedRate, summarize } from '../tools/bench/load';
import { computeTrending, countSearch, readTrending } from '../src/trending/store';
import { recordSearch } from '../src/events/record-search';
import { trendingRoutes } from '../src/trending/routes';
import { TRENDING_GENDERS as GENDERS } from '../src/trending/segments';
import { AGE_BANDS } from '../src/core/demographics';
import { parseFlags } from '../src/platform/cli-flags';
import { createRng } from '../src/platform/prng';

const SYLLABLES = '가나다라마바사아자차카타파하너의미사랑밤양갱소주한잔좋은날봄여름가을겨울무라벨생수탄산'.split('');

async function runInFlight(
  total: number,
  concurrency: number,
  one: (i: number) => Promise<unknown>,
): Promise<{ events: number; seconds: number; perSecond: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { events: total, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(total / seconds) };
}

async function main() {
  const { flags } = parseFlags({
    events: 50_000,
    queries: 2_000,
    concurrency: 64,
    reads: 2_000,
    rate: 200,
    seconds: 15,
  });
  const { events, queries: distinct, concurrency, reads, rate, seconds } = flags;
  const config = loadConfig({
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'error',
    CRON_ENABLED: 'false',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench',
    ES_INDEX_PREFIX: 'norae_bench_',
    REDIS_PREFIX: 'norae:bench_trending:',
  });
  await ensureDatabase(config.databaseUrl);
  const deps = createDeps(config);
  await new Promise<void>((resolve, reject) => {
    if (deps.redis.status === 'ready') resolve();
    else {
      deps.redis.once('ready', () => resolve());
      deps.redis.once('error', reject);
    }
  });
  await migrate(deps.pg);
  await deps.redis.eval(
    `for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 1`,
    0,
    `${config.redisPrefix}*`,
  );

  const rand = createRng(42).next; // deterministic, so runs are comparable
  const queries = Array.from({ length: distinct }, (_, i) => {
    const len = 2 + (i % 5);
    return (
      Array.from({ length: len }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('') +
      (i % 3 === 0 ? ` ${i}` : '')
    );
  });
  // Zipf-like popularity: a few queries are searched far more than the rest
  const pick = () => queries[Math.min(distinct - 1, Math.floor(Math.pow(rand(), 3) * distinct))];
  const now = Date.now();
  const eventAt = (i: number) => new Date(now - Math.floor(((events - i) / events) * 60) * 60_000); // spread over the last hour
  const demographic = () => ({
    gender: rand() < 0.8 ? GENDERS[Math.floor(rand() * GENDERS.length)] : undefined,
    ageBand: rand() < 0.8 ? AGE_BANDS[Math.floor(rand() * AGE_BANDS.length)] : undefined,
  });

  console.error(`[bench-trending] ingesting ${events} events (countSearch, ${concurrency} in flight)`);
  const ingestRedis = await runInFlight(events, concurrency, (i) =>
    countSearch(
      deps.redis,
      config,
      { scope: 'songs', query: pick(), actor: `u:${i % 5000}`, ...demographic() },
      eventAt(i),
    ),
  );
  const logRowsBefore = Number((await deps.pg.query('SELECT count(*) FROM search_log')).rows[0].count);
  const recordEvents = Math.min(events, 20_000);
  console.error(
    `[bench-trending] ingesting ${recordEvents} events (recordSearch: Redis + batched Postgres/Elasticsearch logs)`,
  );
  const ingestRecord = await runInFlight(recordEvents, concurrency, (i) =>
    recordSearch(
      deps,
      { userId: i % 5000, ...demographic(), ip: '127.0.0.1' },
      { scope: 'products', query: pick(), resultCount: 1 + (i % 20), tookMs: 5 + (i % 30) },
      eventAt(i),
    ),
  );
  const flushStarted = performance.now();
  await deps.writers.searchLogs.flush();
  const logsDrainMs = Math.round(performance.now() - flushStarted);
  const logRows = Number((await deps.pg.query('SELECT count(*) FROM search_log')).rows[0].count) - logRowsBefore;

  const segments = [
    {},
    { gender: 'female' as const },
    { ageBand: '20s' as const },
    { gender: 'male' as const, ageBand: '30s' as const },
  ];
  const timeReads = async (n: number, read: (i: number) => Promise<unknown>) => {
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await read(i);
      latencies.push(performance.now() - t0);
    }
    return summarize(latencies, 0, {}, latencies.reduce((a, b) => a + b, 0) / 1000);
  };
  const computeReads = Math.max(20, Math.round(reads / 10));
  console.error(`[bench-trending] ${computeReads} uncached computations, ${reads} cached reads`);
  const compute = await timeReads(computeReads, (i) =>
    computeTrending(deps.redis, config, { scope: 'songs', ...segments[i % segments.length] }),
  );
  const cachedRead = await timeReads(reads, (i) =>
    readTrending(deps.redis, config, { scope: 'songs', ...segments[i % segments.length] }),
  );

  const app = createHttpApp(deps.logger, (a) => a.use(trendingRoutes(deps)));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  console.error(`[bench-trending] GET /api/trending at ${rate} req/s for ${seconds}s`);
  const http = await runFixedRate({
    baseUrl: `http://127.0.0.1:${port}`,
    paths: [
      '/api/trending',
      '/api/trending?gender=female',
      '/api/trending?age=20s',
      '/api/trending?gender=male&age=30s',
      '/api/trending?scope=products',
    ],
    rate,
    seconds,
  });
  server.close();
  const keys = Number(await deps.redis.eval(`return #redis.call('keys', ARGV[1])`, 0, `${config.redisPrefix}trend:*`));
  const memory = String(await deps.redis.info('memory')).match(/used_memory_human:(\S+)/)?.[1];
  await deps.redis.eval(
    `for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 1`,
    0,
    `${config.redisPrefix}*`,
  );
  await closeDeps(deps);

  console.log(
    JSON.stringify(
      {
        machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30) },
        setup: {
          events,
          distinct_queries: distinct,
          concurrency,
          window_minutes: config.trending.windowMinutes,
          half_life_minutes: config.trending.halfLifeMinutes,
          redis_trending_keys: keys,
          redis_used_memory: memory,
        },
        ingest_count_search: ingestRedis,
        ingest_record_search: { ...ingestRecord, logs_drain_ms: logsDrainMs, search_log_rows_written: logRows },
        read_uncached_compute_ms: {
          p50: compute.p50,
          p95: compute.p95,
          p99: compute.p99,
          max: compute.max,
          reads: computeReads,
        },
        read_cached_ms: {
          p50: cachedRead.p50,
          p95: cachedRead.p95,
          p99: cachedRead.p99,
          max: cachedRead.max,
          reads,
          cache_seconds: config.trending.cacheSeconds,
        },
        read_http_ms: http,
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(`[bench-trending] failed: ${err.stack ?? err.message}`);
  process.exit(1);
});

// API overhead on autocomplete, in one run: the same Elasticsearch request bodies sent straight to Elasticsearch and
// the same queries sent through the API, at the same concurrency (closed loop), in alternating rounds so a busy
// machine weighs on both alike. Prints both and their ratio (throughput and p99).
// Usage: npx tsx scripts/bench-ratio.ts [--name speed] [--concurrency 8] [--seconds 15] [--rounds 2] [--cache-ms 0]
//        [--port 3998] [--keystroke true|false]
// Needs the songs index bench.ts built (database norae_bench_NAME, index prefix norae_bench_NAME_).
import http from 'node:http';
import os from 'node:os';
import type { Client } from '@elastic/elasticsearch';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { indexName } from '../src/platform/elasticsearch';
import { runConcurrent, type LoadResult } from '../src/platform/load';
import { parseFlags } from '../src/platform/cli-flags';
import { parseSearchQuery } from '../src/korean';
import { autocompleteSongs } from '../src/songs/search';
import { SONGS_FAMILY } from '../src/songs/constants';
import { autocompleteBenchQueries, songsBenchEnv } from './bench-songs-data';
import { startBenchApi } from './bench-api';

/** The Elasticsearch search bodies one autocomplete call sends, in order, captured from the real code path. */
async function bodiesOf(es: Client, config: Parameters<typeof autocompleteSongs>[0]['config'], q: string, keystroke: boolean): Promise<string[]> {
  const bodies: string[] = [];
  const recording = new Proxy(es, {
    get(target, prop, receiver) {
      if (prop !== 'search') return Reflect.get(target, prop, receiver);
      return async (req: Record<string, unknown>) => {
        const { index: _index, ...body } = req;
        bodies.push(JSON.stringify(body));
        return target.search(req);
      };
    },
  });
  await autocompleteSongs({ es: recording, config }, parseSearchQuery(q), { size: 10, keystroke });
  return bodies;
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }).on('error', reject);
  });
}

function combine(results: LoadResult[]): { throughput: number; p50: number; p99: number; requests: number; errors: number } {
  const avg = (f: (r: LoadResult) => number) => Math.round((results.reduce((s, r) => s + f(r), 0) / results.length) * 100) / 100;
  return { throughput: avg((r) => r.throughput), p50: avg((r) => r.p50), p99: avg((r) => r.p99), requests: results.reduce((s, r) => s + r.requests, 0), errors: results.reduce((s, r) => s + r.errors, 0) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(m * 1000) / 1000;
}

async function main() {
  const { flags } = parseFlags({ name: '', concurrency: 8, seconds: 15, rounds: 2, 'cache-ms': 0, port: 3998, keystroke: 'true' });
  const keystroke = flags.keystroke !== 'false';
  const env = songsBenchEnv(flags.name, {
    AUTOCOMPLETE_CACHE_MS: String(flags['cache-ms']),
    AUTOCOMPLETE_KEYSTROKE: keystroke ? 'true' : 'false',
    PORT: String(flags.port),
  });
  const config = loadConfig(env);
  const deps = createDeps(config);
  const queries = await autocompleteBenchQueries(deps.pg);
  const index = indexName(config, SONGS_FAMILY);
  const count = await deps.es.count({ index });
  console.error(`[bench-ratio] ${queries.length} queries over ${count.count} songs; capturing their Elasticsearch bodies`);
  const sequences: string[][] = [];
  for (const q of queries) sequences.push(await bodiesOf(deps.es, config, q, keystroke));
  const esCalls = sequences.reduce((s, b) => s + b.length, 0);
  const esUrl = new URL(`/${index}/_search`, config.esUrl);
  const esAgent = new http.Agent({ keepAlive: true, maxSockets: flags.concurrency });
  const apiAgent = new http.Agent({ keepAlive: true, maxSockets: flags.concurrency });
  const paths = queries.map((q) => `http://127.0.0.1:${flags.port}/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  // one unit of raw work = every body the API would send for that query, one after the other, as the API does
  const raw = async (i: number) => {
    let status = 200;
    for (const body of sequences[i % sequences.length]) status = Math.max(status, await post(esAgent, esUrl, body));
    return status;
  };
  const api = (i: number) => get(apiAgent, paths[i % paths.length]);

  const server = await startBenchApi(env, flags.port);
  const rawRuns: LoadResult[] = [];
  const apiRuns: LoadResult[] = [];
  try {
    // warm both paths (JIT, Elasticsearch caches) before measuring
    await runConcurrent({ send: raw, concurrency: flags.concurrency, seconds: 3 });
    await runConcurrent({ send: api, concurrency: flags.concurrency, seconds: 3 });
    for (let r = 0; r < flags.rounds; r++) {
      rawRuns.push(await runConcurrent({ send: raw, concurrency: flags.concurrency, seconds: flags.seconds }));
      console.error(`[bench-ratio] round ${r + 1} raw: ${rawRuns.at(-1)!.throughput} req/s, p99 ${rawRuns.at(-1)!.p99} ms`);
      apiRuns.push(await runConcurrent({ send: api, concurrency: flags.concurrency, seconds: flags.seconds }));
      console.error(`[bench-ratio] round ${r + 1} api: ${apiRuns.at(-1)!.throughput} req/s, p99 ${apiRuns.at(-1)!.p99} ms`);
    }
  } finally {
    server.stop();
    esAgent.destroy();
    apiAgent.destroy();
    await closeDeps(deps);
  }
  const rawSummary = combine(rawRuns);
  const apiSummary = combine(apiRuns);
  console.log(JSON.stringify({
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    songs: count.count,
    queries: queries.length,
    esCallsPerQuery: Math.round((esCalls / sequences.length) * 100) / 100,
    concurrency: flags.concurrency,
    keystrokePath: keystroke,
    cacheMs: flags['cache-ms'],
    raw: rawSummary,
    api: apiSummary,
    ratio: {
      throughput: Math.round((apiSummary.throughput / rawSummary.throughput) * 1000) / 1000,
      p99: Math.round((apiSummary.p99 / rawSummary.p99) * 1000) / 1000,
    },
    // each round's raw and API runs sit side by side in time: the median of their ratios shrugs off a load spike
    // that hit one round (other sessions on a shared machine)
    ratioMedianOfRounds: {
      throughput: median(rawRuns.map((r, i) => apiRuns[i].throughput / r.throughput)),
      p99: median(rawRuns.map((r, i) => apiRuns[i].p99 / r.p99)),
    },
    rounds: { raw: rawRuns, api: apiRuns },
  }, null, 2));
}

main().catch((err) => { console.error(`[bench-ratio] failed: ${err.stack}`); process.exit(1); });

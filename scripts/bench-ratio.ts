// API overhead on autocomplete, in one run: the same Elasticsearch request bodies sent straight to Elasticsearch and
// the same queries sent through the API, at the same concurrency (closed loop), in alternating rounds so a busy
// machine weighs on both alike. Prints both and their ratio (throughput and p99).
// Also the CPU each side spends per request: the API process's (from /proc) and Elasticsearch's (its node stats),
// per round; with --profile DIR the API runs under node --cpu-prof and the summary says where its CPU went.
// Usage: npx tsx scripts/bench-ratio.ts [--name speed] [--concurrency 8] [--seconds 15] [--rounds 2] [--cache-ms 0]
//        [--port 3998] [--keystroke true|false] [--profile DIR]
// Needs the songs index bench.ts built (database norae_bench_NAME, index prefix norae_bench_NAME_).
import http from 'node:http';
import os from 'node:os';
import type { Client } from '@elastic/elasticsearch';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { indexName } from '../src/platform/elasticsearch';
import { runConcurrent, type LoadResult } from '../tools/bench/load';
import { parseFlags } from '../src/platform/cli-flags';
import { readQuery } from '../src/search/readings';
import { autocompleteSongs } from '../src/search/songs';
import { songsIndexOf } from '../src/songs/constants';
import { SONGS_FAMILY } from '../src/songs/constants';
import { autocompleteBenchQueries, songsBenchEnv } from './bench-songs-data';
import { startBenchApi } from './bench-api';
import { elasticsearchCpuMs, processCpuMs } from './lib/cpu-time';
import { summarizeCpuProfile, type CpuProfile } from './lib/cpu-profile-summary';
import fs from 'node:fs';
import path from 'node:path';

/** The Elasticsearch search bodies one autocomplete call sends, in order, captured from the real code path. */
async function bodiesOf(
  es: Client,
  config: ReturnType<typeof loadConfig>,
  q: string,
  keystroke: boolean,
): Promise<string[]> {
  const bodies: string[] = [];
  const recording = new Proxy(es, {
    get(target, prop, receiver) {
      if (prop !== 'search') return Reflect.get(target, prop, receiver);
      return async (req: Record<string, unknown>) => {
        // filter_path is a URL parameter: the raw side sends it there, as the client does
        const { index: _index, filter_path: filterPath, ...body } = req;
        bodies.push(JSON.stringify({ body, filterPath }));
        return target.search(req);
      };
    },
  });
  await autocompleteSongs(songsIndexOf({ es: recording, config }), readQuery(q), { size: 10, keystroke });
  return bodies;
}

function post(agent: http.Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function get(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function combine(results: LoadResult[]): {
  throughput: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
} {
  const avg = (f: (r: LoadResult) => number) =>
    Math.round((results.reduce((s, r) => s + f(r), 0) / results.length) * 100) / 100;
  return {
    throughput: avg((r) => r.throughput),
    p50: avg((r) => r.p50),
    p99: avg((r) => r.p99),
    requests: results.reduce((s, r) => s + r.requests, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const m = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(m * 1000) / 1000;
}

/** The main thread's CPU profile (the largest: tsx's loader thread writes a small one too), summarized; warm-up and
 * both kinds of rounds included, idle time left out. */
function profileSummary(dir: string) {
  const newest = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }))
    .sort((a, b) => b.size - a.size)[0];
  if (!newest) return { error: 'the API wrote no profile' };
  const profile = JSON.parse(fs.readFileSync(path.join(dir, newest.f), 'utf8')) as CpuProfile;
  return { file: path.join(dir, newest.f), ...summarizeCpuProfile(profile, process.cwd()) };
}

async function main() {
  const { flags } = parseFlags({
    name: '',
    concurrency: 8,
    seconds: 15,
    rounds: 2,
    'cache-ms': 0,
    port: 3998,
    keystroke: 'true',
    profile: '',
  });
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
  console.error(
    `[bench-ratio] ${queries.length} queries over ${count.count} songs; capturing their Elasticsearch bodies`,
  );
  const sequences: string[][] = [];
  for (const q of queries) sequences.push(await bodiesOf(deps.es, config, q, keystroke));
  const esCalls = sequences.reduce((s, b) => s + b.length, 0);
  const esUrl = new URL(`/${index}/_search`, config.esUrl);
  const parsedSequences = sequences.map((bodies) =>
    bodies.map((b) => {
      const { body, filterPath } = JSON.parse(b) as { body: unknown; filterPath?: string[] };
      const url = new URL(esUrl);
      if (filterPath) url.searchParams.set('filter_path', filterPath.join(','));
      return { url, body: JSON.stringify(body) };
    }),
  );
  const esAgent = new http.Agent({ keepAlive: true, maxSockets: flags.concurrency });
  const apiAgent = new http.Agent({ keepAlive: true, maxSockets: flags.concurrency });
  const paths = queries.map((q) => `http://127.0.0.1:${flags.port}/api/songs/autocomplete?q=${encodeURIComponent(q)}`);
  // one unit of raw work = every body the API would send for that query, one after the other, as the API does
  const raw = async (i: number) => {
    let status = 200;
    for (const sent of parsedSequences[i % parsedSequences.length])
      status = Math.max(status, await post(esAgent, sent.url, sent.body));
    return status;
  };
  const api = (i: number) => get(apiAgent, paths[i % paths.length]);

  const profileDir = flags.profile ? path.resolve(flags.profile) : '';
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const server = await startBenchApi(env, flags.port, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const rawRuns: LoadResult[] = [];
  const apiRuns: LoadResult[] = [];
  const cpu: Array<{ raw: { esMsPerReq: number }; api: { apiMsPerReq: number; esMsPerReq: number } }> = [];
  /** A measured run with the CPU both processes spent on it, per request. */
  const measured = async (send: (i: number) => Promise<number>) => {
    const before = { api: processCpuMs(server.pid), es: await elasticsearchCpuMs(deps.es) };
    const run = await runConcurrent({ send, concurrency: flags.concurrency, seconds: flags.seconds });
    const after = { api: processCpuMs(server.pid), es: await elasticsearchCpuMs(deps.es) };
    const per = (ms: number) => Math.round((ms / Math.max(run.requests, 1)) * 1000) / 1000;
    return { run, apiMsPerReq: per(after.api - before.api), esMsPerReq: per(after.es - before.es) };
  };
  try {
    // warm both paths (JIT, Elasticsearch caches) before measuring
    await runConcurrent({ send: raw, concurrency: flags.concurrency, seconds: 3 });
    await runConcurrent({ send: api, concurrency: flags.concurrency, seconds: 3 });
    for (let r = 0; r < flags.rounds; r++) {
      const rawRound = await measured(raw);
      rawRuns.push(rawRound.run);
      console.error(
        `[bench-ratio] round ${r + 1} raw: ${rawRound.run.throughput} req/s, p99 ${rawRound.run.p99} ms, ES CPU ${rawRound.esMsPerReq} ms/req`,
      );
      const apiRound = await measured(api);
      apiRuns.push(apiRound.run);
      cpu.push({
        raw: { esMsPerReq: rawRound.esMsPerReq },
        api: { apiMsPerReq: apiRound.apiMsPerReq, esMsPerReq: apiRound.esMsPerReq },
      });
      console.error(
        `[bench-ratio] round ${r + 1} api: ${apiRound.run.throughput} req/s, p99 ${apiRound.run.p99} ms, API CPU ${apiRound.apiMsPerReq} ms/req, ES CPU ${apiRound.esMsPerReq} ms/req`,
      );
    }
  } finally {
    server.stop();
    await server.exited;
    esAgent.destroy();
    apiAgent.destroy();
    await closeDeps(deps);
  }
  const rawSummary = combine(rawRuns);
  const apiSummary = combine(apiRuns);
  console.log(
    JSON.stringify(
      {
        machine: `${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
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
        // CPU per autocomplete request: the API process's own, and what Elasticsearch spent on the same request
        cpuPerRequest: {
          apiMs: median(cpu.map((c) => c.api.apiMsPerReq)),
          esMsThroughApi: median(cpu.map((c) => c.api.esMsPerReq)),
          esMsRaw: median(cpu.map((c) => c.raw.esMsPerReq)),
          rounds: cpu,
        },
        profile: profileDir ? profileSummary(profileDir) : undefined,
        rounds: { raw: rawRuns, api: apiRuns },
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(`[bench-ratio] failed: ${err.stack}`);
  process.exit(1);
});

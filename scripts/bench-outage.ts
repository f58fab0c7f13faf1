// How fast an honest 503 is when a dependency is down or hung: for Elasticsearch, Postgres and Redis in turn, the API
// runs with that one client pointed at a closed port ("down": connections refused) or at a forwarder that accepts
// connections and never answers ("hung"), the others real, and times the affected route before and after its circuit
// breaker opens. Usage: npx tsx scripts/bench-outage.ts [--requests 200] [--modes down,hung]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { createApp } from '../src/app';
import { parseFlags } from '../src/platform/cli-flags';
import { startTcpProxy, type TcpProxy } from '../tools/fixtures/tcp-proxy';

const { flags } = parseFlags({ requests: 200, modes: 'down,hung' });
const base = loadConfig();
const withPort = (url: string, port: number) => {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
};
const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback);

const cases = [
  {
    dependency: 'elasticsearch',
    variable: 'ES_URL',
    url: base.esNodes[0],
    defaultPort: 9200,
    method: 'GET',
    path: `/api/songs/search?q=${encodeURIComponent('아이유')}`,
  },
  {
    dependency: 'postgres',
    variable: 'DATABASE_URL',
    url: base.databaseUrl,
    defaultPort: 5432,
    method: 'POST',
    path: '/api/auth/login',
    body: '{"email":"bench@example.com","password":"whatever1"}',
  },
  {
    dependency: 'redis',
    variable: 'REDIS_URL',
    url: base.redisUrl,
    defaultPort: 6379,
    method: 'GET',
    path: '/api/trending',
  },
] as const;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function once(port: number, c: (typeof cases)[number]): Promise<{ status: number; ms: number; code?: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const body = 'body' in c ? c.body : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: c.method,
        path: c.path,
        agent,
        headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            code: (() => {
              try {
                return JSON.parse(text).error?.code;
              } catch {
                return undefined;
              }
            })(),
          }),
        );
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(1);

async function measure(c: (typeof cases)[number], mode: string, report = true): Promise<string> {
  let proxy: TcpProxy | undefined;
  let target: string;
  if (mode === 'hung') {
    proxy = await startTcpProxy(portOf(c.url, c.defaultPort));
    proxy.freeze();
    target = withPort(c.url, proxy.port);
  } else {
    target = withPort(c.url, 1); // nothing listens on port 1: connections are refused
  }
  const config = loadConfig({
    ...process.env,
    [c.variable]: target,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
  });
  const deps = createDeps(config);
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  // the requests that meet the dependency before its breaker opens pay at most the per-call deadline
  const beforeOpen: number[] = [];
  do beforeOpen.push((await once(port, c)).ms);
  while (deps.breakers[c.dependency].state !== 'open' && beforeOpen.length < 50);
  const times: number[] = [];
  const statuses = new Map<string, number>();
  for (let i = 0; i < (report ? flags.requests : 5); i++) {
    const r = await once(port, c);
    times.push(r.ms);
    const key = `${r.status} ${r.code ?? ''}`.trim();
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  if (report)
    console.log(
      `[bench-outage] ${c.dependency} ${mode}: ${beforeOpen.length} before open (max ${fmt(Math.max(...beforeOpen))} ms), then p50 ${fmt(pct(times, 50))} p99 ${fmt(pct(times, 99))} ms`,
    );
  const line = `| ${c.dependency} | ${mode} | ${c.method} ${c.path.split('?')[0]} | ${beforeOpen.length}: ${beforeOpen.map(fmt).join(', ')} | ${fmt(pct(times, 50))} | ${fmt(pct(times, 95))} | ${fmt(pct(times, 99))} | ${fmt(times[times.length - 1])} | ${[...statuses].map(([k, v]) => `${v}× ${k}`).join(', ')} |`;
  await new Promise((r) => server.close(r));
  proxy?.thaw();
  await proxy?.stop();
  await closeDeps(deps);
  return line;
}

async function main() {
  const modes = flags.modes
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m === 'down' || m === 'hung');
  console.log(
    `[bench-outage] ${flags.requests} requests per case after the breaker opened; DEPENDENCY_TIMEOUT_MS ${base.breakers.callTimeoutMs}; node ${process.version}`,
  );
  // one unreported round first: the process's first requests also pay for loading and compiling the code they run
  for (const c of cases) await measure(c, 'down', false);
  const rows: string[] = [];
  for (const mode of modes) for (const c of cases) rows.push(await measure(c, mode));
  agent.destroy();
  console.log(
    '\n| dependency | mode | route | requests before the breaker opened: ms | p50 ms | p95 ms | p99 ms | max ms | answers after |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  process.exit(0);
}

main().catch((err) => {
  console.error(`[bench-outage] failed: ${err.message}`);
  process.exit(1);
});

// How fast an honest 503 is when a dependency is down: for Elasticsearch, Postgres and Redis in turn, the API runs
// with that one client pointed at a closed port (the others real) and times the affected route, before and after
// its circuit breaker opens. Usage: npx tsx scripts/bench-outage.ts [--requests 200]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { createApp } from '../src/app';

const requests = Number(process.argv[process.argv.indexOf('--requests') + 1]) || 200;
const closed = (url: string) => { const u = new URL(url); u.port = '1'; return u.toString(); };
const base = loadConfig();

const cases = [
  { dependency: 'elasticsearch', env: { ES_URL: closed(base.esNodes?.[0] ?? 'http://127.0.0.1:9200') }, method: 'GET', path: `/api/songs/search?q=${encodeURIComponent('아이유')}` },
  { dependency: 'postgres', env: { DATABASE_URL: closed(base.databaseUrl) }, method: 'POST', path: '/api/auth/login', body: '{"email":"bench@example.com","password":"whatever1"}' },
  { dependency: 'redis', env: { REDIS_URL: closed(base.redisUrl) }, method: 'GET', path: '/api/trending' },
] as const;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function once(port: number, c: (typeof cases)[number]): Promise<{ status: number; ms: number; code?: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const body = 'body' in c ? c.body : undefined;
    const req = http.request({ host: '127.0.0.1', port, method: c.method, path: c.path, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {} }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, code: (() => { try { return JSON.parse(text).error?.code; } catch { return undefined; } })() }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(1);

async function main() {
  console.log(`[bench-outage] ${requests} requests per dependency after the first; node ${process.version}`);
  const rows: string[] = [];
  for (const c of cases) {
    const config = loadConfig({ ...process.env, ...c.env, LOG_LEVEL: 'silent', RATE_LIMIT_SEARCH_PER_MINUTE: '1000000', RATE_LIMIT_WRITE_PER_MINUTE: '1000000' });
    const deps = createDeps(config);
    const server = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    const first = await once(port, c);
    // the requests that meet the dependency before its breaker opens pay the client's own timeouts
    const beforeOpen: number[] = [first.ms];
    while (deps.breakers[c.dependency].state !== 'open' && beforeOpen.length < 50) beforeOpen.push((await once(port, c)).ms);
    const times: number[] = [];
    const statuses = new Map<string, number>();
    for (let i = 0; i < requests; i++) {
      const r = await once(port, c);
      times.push(r.ms);
      const key = `${r.status} ${r.code ?? ''}`.trim();
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    times.sort((a, b) => a - b);
    const line = `| ${c.dependency} | ${c.method} ${c.path.split('?')[0]} | ${beforeOpen.length}: ${beforeOpen.map(fmt).join(', ')} | ${fmt(pct(times, 50))} | ${fmt(pct(times, 95))} | ${fmt(pct(times, 99))} | ${fmt(times[times.length - 1])} | ${[...statuses].map(([k, v]) => `${v}× ${k}`).join(', ')} | ${deps.breakers[c.dependency].state} |`;
    console.log(`[bench-outage] ${c.dependency}: ${beforeOpen.length} before open (max ${fmt(Math.max(...beforeOpen))} ms), then p50 ${fmt(pct(times, 50))} p99 ${fmt(pct(times, 99))} ms`);
    rows.push(line);
    await new Promise((r) => server.close(r));
    await closeDeps(deps);
  }
  agent.destroy();
  console.log('\n| dependency down | route | requests before the breaker opened: ms | p50 ms | p95 ms | p99 ms | max ms | answers | breaker after |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  process.exit(0);
}

main().catch((err) => { console.error(`[bench-outage] failed: ${err.message}`); process.exit(1); });

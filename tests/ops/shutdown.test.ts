// Graceful shutdown of a real API process (src/main.ts): on SIGTERM it stops accepting connections, lets the request in
// flight finish, then flushes its batched writers; a final flush that fails is logged with what it lost.
import { testDeps, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from '../songs/fixtures';
import { startTcpProxy, type TcpProxy } from '../../tools/fixtures/tcp-proxy';
import { startApiProcess, killApiProcess, type ApiProcess } from './api-process';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}shutdown_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const through = (url: string, port: number) => {
  const u = new URL(url.split(',')[0]);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
};
const portOf = (url: string, fallback: number) => Number(new URL(url.split(',')[0]).port || fallback);
const common = {
  ES_INDEX_PREFIX: prefix,
  // search logs wait in their batch until the final flush; a frozen dependency is waited for, not timed out
  SEARCH_LOG_FLUSH_MS: '60000',
  DEPENDENCY_TIMEOUT_MS: '120000',
  SHUTDOWN_GRACE_MS: '120000',
};

let api: ApiProcess | undefined;
let proxy: TcpProxy | undefined;

/** Polls a condition (no fixed sleep): resolves once it holds, fails after ms. */
async function until(what: string, holds: () => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
}, 120_000);
afterEach(async () => {
  killApiProcess(api);
  if (proxy) {
    proxy.thaw();
    await proxy.stop();
  }
  api = undefined;
  proxy = undefined;
});
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

test('SIGTERM during a request: new connections are refused, the request still answers 200, then its search log is written and the process exits 0', async () => {
  proxy = await startTcpProxy(portOf(process.env.ES_URL ?? 'http://127.0.0.1:9200', 9200));
  api = await startApiProcess({
    ...common,
    ES_URL: through(process.env.ES_URL ?? 'http://127.0.0.1:9200', proxy.port),
  });
  // without HOST the API listens on loopback only, never on every interface
  expect(api.logs.find((l) => l.msg === 'listening')?.url).toBe(`http://127.0.0.1:${api.port}`);
  const query = `종료 ${Date.now()}`;
  proxy.freeze(); // Elasticsearch "thinks": the search below stays in flight until thaw()
  const inFlight = fetch(`${api.url}/api/songs/search?q=${encodeURIComponent(query)}`);
  const p = proxy;
  await until('the search reaching Elasticsearch', () => p.held > 0);

  api.child.kill('SIGTERM');
  await api.waitForLog((l) => l.msg === 'stopping', 30_000, 'stopping');
  await expect(fetch(`${api.url}/healthz`)).rejects.toThrow(); // no longer accepting
  expect(api.logs.some((l) => l.msg === 'stopped')).toBe(false); // still waiting for the request

  proxy.thaw();
  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(await api.exited).toBe(0);
  const stopped = api.logs.find((l) => l.msg === 'stopped');
  expect(stopped).toBeDefined();
  expect(api.logs.some((l) => l.msg === 'final flush failed: rows lost')).toBe(false);
  // the batched search log was written by the final flush, after the request finished
  const rows = await deps.pg.query('SELECT 1 FROM search_log WHERE query = $1', [query]);
  expect(rows.rowCount).toBe(1);
}, 180_000);

test('SIGTERM with Postgres gone: the failed final flush is logged with the number of rows lost, and the process still exits', async () => {
  const dbUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_test';
  proxy = await startTcpProxy(portOf(dbUrl, 5432));
  api = await startApiProcess({ ...common, DATABASE_URL: through(dbUrl, proxy.port), DEPENDENCY_TIMEOUT_MS: '5000' });
  const res = await fetch(`${api.url}/api/songs/search?q=${encodeURIComponent('아이유')}`);
  expect(res.status).toBe(200);
  await proxy.stop(); // Postgres is gone: connections refused, open ones cut

  api.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  const lost = api.logs.find((l) => l.msg === 'final flush failed: rows lost' && l.writer === 'searchLogs_postgres');
  expect(lost).toEqual(expect.objectContaining({ level: 'error', lost: 1, pending: 1 }));
}, 180_000);

// A dependency that hangs (accepts connections, never answers) or has just gone away must cost a request at most its
// per-call deadline, before any breaker has opened: each dependency is reached through a forwarder this test owns.
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { onRequestPath } from '../../src/platform/breakers';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from '../songs/fixtures';
import { startTcpProxy, type TcpProxy } from '../../tools/fixtures/tcp-proxy';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}deadline_`;
// 2 s: far above a healthy answer on a busy machine, so only the frozen forwarder can miss it
const settings = {
  ES_INDEX_PREFIX: prefix,
  DEPENDENCY_TIMEOUT_MS: '2000',
  BREAKER_FAILURES: '2',
  BREAKER_HALF_OPEN_MS: '200',
  READINESS_CACHE_MS: '0',
};
const portOf = (url: string | undefined, fallback: number) => Number(new URL(url ?? 'http://x').port || fallback);
const through = (url: string, port: number) => {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
};

function expect503(res: request.Response, dependency: string, reason: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 503 });
  expect(res.body.error).toEqual({
    code: 'dependency_unavailable',
    message: expect.any(String),
    details: { dependency, circuit: expect.any(String), reason },
  });
  expect(res.headers['retry-after']).toBeDefined();
}

/** Resolves when the guard's background probe has closed its breaker (no user request involved). */
const closedAgain = (deps: ReturnType<typeof testDeps>, name: 'elasticsearch' | 'postgres' | 'redis') =>
  new Promise<void>((resolve) => {
    if (deps.breakers[name].state === 'closed') resolve();
    else deps.breakers[name].breaker.onReset(() => resolve());
  });

const base = testDeps({ ES_INDEX_PREFIX: prefix });
const proxies: TcpProxy[] = [];
const opened: Array<ReturnType<typeof testDeps>> = [];

beforeAll(async () => {
  await insertFixtureSongs(base.pg);
  await rebuildIndex(base, songsFamily);
});
afterAll(async () => {
  for (const p of proxies) {
    p.thaw();
    await p.stop();
  }
  for (const d of opened) await closeDeps(d);
  await base.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(base);
});

async function behindProxy(variable: 'ES_URL' | 'DATABASE_URL' | 'REDIS_URL', defaultPort: number) {
  const real = process.env[variable] ?? '';
  const proxy = await startTcpProxy(portOf(real.split(',')[0], defaultPort));
  proxies.push(proxy);
  const deps = testDeps({ ...settings, [variable]: through(real.split(',')[0], proxy.port) });
  opened.push(deps);
  return { proxy, deps, app: testApp(deps) };
}

test("the deadline applies on request paths only: jobs and scripts keep the clients' own timeouts", () => {
  expect(base.breakers.postgres.callDeadlineMs()).toBeUndefined();
  expect(onRequestPath(() => base.breakers.postgres.callDeadlineMs())).toBe(base.config.breakers.callTimeoutMs);
});

test('Elasticsearch hangs: searches answer 503 at the deadline, then at once with the breaker open, then 200 once it answers again', async () => {
  const { proxy, deps, app } = await behindProxy('ES_URL', 9200);
  expect((await request(app).get('/api/songs/search').query({ q: '아이유' })).status).toBe(200);
  proxy.freeze();
  for (let i = 0; i < 2; i++)
    expect503(await request(app).get('/api/songs/search').query({ q: '아이유' }), 'elasticsearch', 'timeout');
  expect(deps.breakers.elasticsearch.state).toBe('open');
  expect503(await request(app).get('/api/songs/autocomplete').query({ q: '아' }), 'elasticsearch', 'circuit_open');
  proxy.thaw();
  await closedAgain(deps, 'elasticsearch');
  expect((await request(app).get('/api/songs/search').query({ q: '아이유' })).status).toBe(200);
});

test('Postgres hangs: logins answer 503 at the deadline (also inside a transaction), then at once, then normally again', async () => {
  const { proxy, deps, app } = await behindProxy('DATABASE_URL', 5432);
  const login = () =>
    request(app).post('/api/auth/login').send({ email: 'nobody-deadline@example.com', password: 'whatever1' });
  expect((await login()).status).toBe(401);
  proxy.freeze();
  expect503(await login(), 'postgres', 'timeout');
  expect503(
    await request(app)
      .post('/api/auth/signup')
      .send({ email: `deadline-${Date.now()}@example.com`, password: 'long-enough-1', nickname: 'deadline' }),
    'postgres',
    'timeout',
  );
  expect(deps.breakers.postgres.state).toBe('open');
  expect503(await login(), 'postgres', 'circuit_open');
  proxy.thaw();
  await closedAgain(deps, 'postgres');
  expect((await login()).status).toBe(401);
});

test('Redis hangs: trending reads 503 at the deadline while searches still answer (fail open), then both at once', async () => {
  const { proxy, deps, app } = await behindProxy('REDIS_URL', 6379);
  expect((await request(app).get('/api/trending')).status).toBe(200);
  proxy.freeze();
  expect503(await request(app).get('/api/trending'), 'redis', 'timeout');
  expect((await request(app).get('/api/songs/search').query({ q: '좋은 날' })).status).toBe(200);
  await request(app).get('/api/trending');
  expect(deps.breakers.redis.state).toBe('open');
  expect503(await request(app).get('/api/trending'), 'redis', 'circuit_open');
  expect((await request(app).get('/api/songs/search').query({ q: '좋은 날' })).status).toBe(200);
  proxy.thaw();
  await closedAgain(deps, 'redis');
  expect((await request(app).get('/api/trending')).status).toBe(200);
});

test('Redis goes away: the next command fails at once (not_connected) instead of waiting in the offline queue', async () => {
  const { proxy, deps, app } = await behindProxy('REDIS_URL', 6379);
  expect((await request(app).get('/api/trending')).status).toBe(200);
  const closed = new Promise((resolve) => deps.redis.once('close', resolve));
  await proxy.stop();
  await closed;
  expect503(await request(app).get('/api/trending'), 'redis', 'not_connected');
});

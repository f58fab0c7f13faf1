import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from '../songs/fixtures';
import { startTcpProxy, type TcpProxy } from '../../tools/fixtures/tcp-proxy';
import { DependencyGuard } from '../../src/platform/breakers';
import { createPgPool } from '../../src/platform/postgres';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}breakers_`;
const closedPort = (url: string | undefined, fallback: string) => {
  const u = new URL(url ?? fallback);
  u.port = '1';
  return u.toString();
};
const fastBreakers = {
  BREAKER_FAILURES: '3',
  BREAKER_HALF_OPEN_MS: '100',
  OPERATOR_TOKEN: 'op-secret',
  READINESS_CACHE_MS: '0',
};

const expect503 = (res: request.Response, dependency: string) => {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({
    error: {
      code: 'dependency_unavailable',
      message: expect.any(String),
      details: expect.objectContaining({ dependency }),
    },
  });
  expect(res.headers['retry-after']).toBeDefined();
};

describe('Elasticsearch goes away and comes back (a forwarder this test owns)', () => {
  let proxy: TcpProxy;
  let deps: ReturnType<typeof testDeps>;
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    proxy = await startTcpProxy(Number(new URL(process.env.ES_URL ?? 'http://127.0.0.1:9200').port || 9200));
    deps = testDeps({ ...fastBreakers, ES_URL: `http://127.0.0.1:${proxy.port}`, ES_INDEX_PREFIX: prefix });
    app = testApp(deps);
    await insertFixtureSongs(deps.pg);
    await rebuildIndex(deps, songsFamily);
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
    await proxy.stop();
    await closeDeps(deps);
  });

  test('searches answer, then 503 with the breaker open while it is down, then answer again after the probe', async () => {
    expect((await request(app).get('/api/songs/search').query({ q: '아이유' })).status).toBe(200);
    expect(deps.breakers.elasticsearch.state).toBe('closed');

    await proxy.stop();
    // three failed calls (BREAKER_FAILURES) open the breaker
    for (let i = 0; i < 3; i++)
      expect503(await request(app).get('/api/songs/search').query({ q: '아이유' }), 'elasticsearch');
    expect(deps.breakers.elasticsearch.state).toBe('open');
    // open: no connection attempt at all, just the answer
    const fast = await request(app).get('/api/songs/autocomplete').query({ q: '아' });
    expect503(fast, 'elasticsearch');
    expect(fast.body.error.details.circuit).toBe('open');
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable' });

    const closed = new Promise<void>((resolve) => {
      deps.breakers.elasticsearch.breaker.onReset(() => resolve());
    });
    await proxy.start();
    await closed; // the background probe closed it; no user request was needed
    expect(deps.breakers.elasticsearch.state).toBe('closed');
    expect((await request(app).get('/api/songs/search').query({ q: '아이유' })).status).toBe(200);
  });
});

describe('Postgres and Redis down (clients pointed at a closed port)', () => {
  const pgDown = testDeps({
    ...fastBreakers,
    DATABASE_URL: closedPort(process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/x'),
  });
  const redisDown = testDeps({
    ...fastBreakers,
    REDIS_URL: closedPort(process.env.REDIS_URL, 'redis://127.0.0.1:6379'),
    ES_INDEX_PREFIX: `${prefix}r_`,
    KAKAO_CLIENT_ID: 'c',
    KAKAO_REDIRECT_URI: 'http://localhost/cb',
    KAKAO_AUTH_BASE_URL: 'http://127.0.0.1:1',
  });
  const pgApp = testApp(pgDown);
  const redisApp = testApp(redisDown);
  afterAll(async () => {
    await redisDown.es.indices.delete({ index: `${prefix}r_*` }).catch(() => undefined);
    await closeDeps(pgDown);
    await closeDeps(redisDown);
  });

  test('Postgres down: login and lists are 503 dependency_unavailable, and the breaker opens', async () => {
    for (let i = 0; i < 4; i++) {
      expect503(
        await request(pgApp).post('/api/auth/login').send({ email: 'a@b.co', password: 'whatever1' }),
        'postgres',
      );
    }
    expect(pgDown.breakers.postgres.state).toBe('open');
    const res = await request(pgApp)
      .get('/api/lists')
      .set('authorization', `Bearer ${'t'.repeat(40)}`);
    expect503(res, 'postgres');
  });

  test('Redis down: trending reads fail closed (503); searches still answer (limits and counting fail open)', async () => {
    await insertFixtureSongs(redisDown.pg);
    await rebuildIndex(redisDown, songsFamily);
    for (let i = 0; i < 3; i++) expect503(await request(redisApp).get('/api/trending'), 'redis');
    expect(redisDown.breakers.redis.state).toBe('open');
    const search = await request(redisApp).get('/api/songs/search').query({ q: '좋은 날' });
    expect(search.status).toBe(200);
    expect(search.body.items[0].title).toBe('좋은 날');
  });

  test('Redis down: Kakao login fails closed (its state cannot be stored); password login is not throttled but still checked', async () => {
    expect503(await request(redisApp).get('/api/auth/kakao/start'), 'redis');
    expect(
      (
        await request(redisApp)
          .post('/api/auth/login')
          .send({ email: 'nobody-redis-down@example.com', password: 'whatever1' })
      ).status,
    ).toBe(401);
  });

  test('/readyz: the public gets only a cached status; an operator token shows services, breakers and the Redis policy', async () => {
    const pub = await request(redisApp).get('/readyz');
    expect(pub.status).toBe(200);
    expect(pub.body).toEqual({ status: 'degraded' });
    const op = await request(redisApp).get('/readyz').set('authorization', 'Bearer op-secret');
    expect(op.body.services.redis).toEqual(expect.objectContaining({ status: 'down', circuit: 'open' }));
    expect(op.body.services.elasticsearch.status).toBe('up');
    expect(op.body.redis_down_policy.fails_open).toEqual(
      expect.arrayContaining([expect.stringMatching(/rate limits/)]),
    );
    expect(op.headers['cache-control']).toBe('no-store');
    const wrong = await request(redisApp).get('/readyz').set('authorization', 'Bearer nope');
    expect(wrong.body).toEqual({ status: 'degraded' });
  });
});

describe('retries: only for calls that never reached the server, and only within the retry budget', () => {
  // a guard of our own around plain pools: one pointed at a closed port (refused), one at the real Postgres
  const refused = createPgPool(
    { databaseUrl: closedPort(process.env.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/x') },
    1,
  );
  const real = createPgPool(
    { databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_test' },
    1,
  );
  const guards: DependencyGuard[] = [];
  const guard = (retryBudgetMs: number, failures = 100) => {
    const g = new DependencyGuard(
      'postgres',
      { failures, halfOpenAfterMs: 60_000, retryBudgetMs, callTimeoutMs: 0 },
      async () => undefined,
    );
    guards.push(g);
    return g;
  };
  afterAll(async () => {
    guards.forEach((g) => g.dispose());
    await refused.end();
    await real.end();
  });

  test('no budget: a refused call is tried once', async () => {
    let attempts = 0;
    await expect(
      guard(0).run(() => {
        attempts++;
        return refused.query('SELECT 1');
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(attempts).toBe(1);
  });

  test('a refused call is retried within the budget and answers once the server does', async () => {
    let attempts = 0;
    const res = await guard(60_000).run(() =>
      attempts++ === 0 ? refused.query('SELECT 1 AS one') : real.query('SELECT 1 AS one'),
    );
    expect(res.rows).toEqual([{ one: 1 }]);
    expect(attempts).toBe(2);
  });

  test('retries stop when the breaker opens, whatever budget is left', async () => {
    let attempts = 0;
    const g = guard(60_000, 3);
    await expect(
      g.run(() => {
        attempts++;
        return refused.query('SELECT 1');
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(attempts).toBe(3);
    expect(g.state).toBe('open');
  });

  test('an error from a server that answered is never retried and does not count against the dependency', async () => {
    let attempts = 0;
    const g = guard(60_000, 1);
    await expect(
      g.run(() => {
        attempts++;
        return real.query('SELECT * FROM no_such_table_for_retries');
      }),
    ).rejects.toMatchObject({ code: '42P01' });
    expect(attempts).toBe(1);
    expect(g.state).toBe('closed');
  });
});

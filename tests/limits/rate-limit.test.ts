import request from 'supertest';
import { closeDeps } from '../../src/compose';
import { handle } from '../../src/platform/http';
import { rateLimit } from '../../src/limits/rate-limit';
import { batchedRateLimit } from '../../src/limits/batched-limit';
import { appWith } from '../app-with';
import { testDeps, testApp, clearKeys, redisReady } from '../support';

describe('rate limits on real Redis', () => {
  const deps = testDeps({
    RATE_LIMIT_SEARCH_PER_MINUTE: '3',
    RATE_LIMIT_WRITE_PER_MINUTE: '2',
    RATE_LIMIT_WINDOW_SECONDS: '60',
  });
  let nowMs = Date.UTC(2025, 5, 1, 12, 0, 0); // exactly at a window start
  let batched = batchedRateLimit(deps, 'search', () => nowMs);
  const app = appWith(deps, (a) => {
    a.get(
      '/search',
      rateLimit(deps, 'search', () => nowMs),
      handle((_req, res) => res.json({ ok: true })),
    );
    a.post(
      '/write',
      rateLimit(deps, 'write', () => nowMs),
      handle((_req, res) => res.json({ ok: true })),
    );
    a.get(
      '/keystroke',
      (req, res, next) => batched(req, res, next),
      handle((_req, res) => res.json({ ok: true })),
    );
  });
  const get = (ip: string, user?: string) => {
    const r = request(app).get('/search').set('x-forwarded-for', ip);
    return user ? r.set('x-test-user', user) : r;
  };

  beforeAll(() => redisReady(deps.redis));
  beforeEach(async () => {
    await batched.sync();
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);
    batched = batchedRateLimit(deps, 'search', () => nowMs); // a fresh process
  });
  afterAll(() => closeDeps(deps));

  test('the request past the limit gets 429, Retry-After and the standard error body', async () => {
    for (let i = 0; i < 3; i++) expect((await get('10.0.0.1')).status).toBe(200);
    const res = await get('10.0.0.1');
    expect(res.status).toBe(429);
    // next window starts in 60 s; 3 carried over must shrink to 2 -> one third into it
    expect(res.headers['retry-after']).toBe('80');
    expect(res.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.any(String),
        details: { action: 'search', limit: 3, window_seconds: 60, retry_after_seconds: 80 },
      },
    });
    nowMs += 79_000;
    expect((await get('10.0.0.1')).status).toBe(429);
    nowMs += 1_000;
    expect((await get('10.0.0.1')).status).toBe(200);
  });

  test('a batched check answers the same 429 as the per-request one, and refuses in-process until Retry-After', async () => {
    const key = (ip: string) => request(app).get('/keystroke').set('x-forwarded-for', ip);
    for (let i = 0; i < 3; i++) expect((await key('10.0.0.9')).status).toBe(200);
    const refused = await key('10.0.0.9');
    expect(refused.status).toBe(429);
    expect(refused.body.error.details).toMatchObject({ action: 'search', limit: 3, retry_after_seconds: 80 });
    await batched.sync();
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    nowMs += 60_000;
    const again = await key('10.0.0.9');
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('20');
    nowMs += 20_000;
    expect((await key('10.0.0.9')).status).toBe(200);
  });

  test('batched admissions reach Redis in one sync, where the per-request check counts them', async () => {
    const key = () => request(app).get('/keystroke').set('x-forwarded-for', '10.0.0.10');
    const first = await key();
    expect(first.headers['ratelimit-remaining']).toBe('2');
    expect((await key()).status).toBe(200);
    await batched.sync();
    const counter = `rl:search:ip:10.0.0.10:${Math.floor(nowMs / 60_000)}`;
    expect(await deps.redis.get(counter)).toBe('2');
    // the per-request limit shares the counter: one more fits, then 429
    expect((await get('10.0.0.10')).status).toBe(200);
    expect((await get('10.0.0.10')).status).toBe(429);
  });

  test('a batched check asks Redis once for many requests, not once per request', async () => {
    let calls = 0;
    const counted = new Proxy(deps.redis, {
      get(target, prop, receiver) {
        if (prop === 'eval') calls++;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const roomy = batchedRateLimit(
      {
        ...deps,
        redis: counted,
        config: { ...deps.config, rateLimits: { ...deps.config.rateLimits, searchPerMinute: 1000 } },
      },
      'search',
      () => nowMs,
    );
    const roomyApp = appWith(deps, (a) =>
      a.get(
        '/k',
        roomy,
        handle((_req, res) => res.json({ ok: true })),
      ),
    );
    for (let i = 0; i < 20; i++)
      expect((await request(roomyApp).get('/k').set('x-forwarded-for', '10.0.0.13')).status).toBe(200);
    expect(calls).toBe(1); // the first sight of the caller; the clock stands still, so no periodic sync is due
    await roomy.sync();
    expect(await deps.redis.get(`rl:search:ip:10.0.0.13:${Math.floor(nowMs / 60_000)}`)).toBe('20');
  });

  test("two processes see each other's admissions after a sync", async () => {
    const other = batchedRateLimit(deps, 'search', () => nowMs);
    const twoProcesses = appWith(deps, (a) => {
      a.get(
        '/one',
        batched,
        handle((_req, res) => res.json({ ok: true })),
      );
      a.get(
        '/two',
        other,
        handle((_req, res) => res.json({ ok: true })),
      );
    });
    const on = (path: string) => request(twoProcesses).get(path).set('x-forwarded-for', '10.0.0.11');
    expect((await on('/one')).status).toBe(200);
    expect((await on('/one')).status).toBe(200);
    await batched.sync();
    expect((await on('/two')).status).toBe(200); // the third request: first sight of the caller here, read back at once
    await other.sync();
    const refused = await on('/two');
    expect(refused.status).toBe(429);
    expect(refused.body.error.details).toMatchObject({ limit: 3 });
    await other.sync();
    await batched.sync();
    expect((await on('/one')).status).toBe(429);
  });

  test('the window slides for batched checks too', async () => {
    const key = () => request(app).get('/keystroke').set('x-forwarded-for', '10.0.0.12');
    for (let i = 0; i < 3; i++) await key();
    await batched.sync();
    nowMs += 60_000 + 30_000; // half way into the next window: 1.5 carried over, one more fits
    expect((await key()).status).toBe(200);
    expect((await key()).status).toBe(429);
  });

  test('IPs are limited independently', async () => {
    for (let i = 0; i < 3; i++) await get('10.0.0.2');
    expect((await get('10.0.0.2')).status).toBe(429);
    expect((await get('10.0.0.3')).status).toBe(200);
  });

  test('a signed-in user is limited across IPs', async () => {
    for (let i = 0; i < 3; i++) expect((await get(`10.0.1.${i}`, '7')).status).toBe(200);
    expect((await get('10.0.1.9', '7')).status).toBe(429);
    expect((await get('10.0.1.9', '8')).status).toBe(200);
  });

  test('the window slides: the previous minute still counts in proportion', async () => {
    for (let i = 0; i < 3; i++) await get('10.0.0.4');
    nowMs += 60_000; // next window, 3 carried over at full weight
    expect((await get('10.0.0.4')).status).toBe(429);
    nowMs += 30_000; // half way: 1.5 carried over, one more fits
    expect((await get('10.0.0.4')).status).toBe(200);
    expect((await get('10.0.0.4')).status).toBe(429);
    nowMs += 30_000; // a full window later the old minute no longer counts
    expect((await get('10.0.0.4')).status).toBe(200);
  });

  test('writes have their own, separate limit', async () => {
    for (let i = 0; i < 3; i++) await get('10.0.0.5');
    expect((await request(app).post('/write').set('x-forwarded-for', '10.0.0.5')).status).toBe(200);
    expect((await request(app).post('/write').set('x-forwarded-for', '10.0.0.5')).status).toBe(200);
    expect((await request(app).post('/write').set('x-forwarded-for', '10.0.0.5')).status).toBe(429);
  });

  test('counters expire on their own', async () => {
    await get('10.0.0.6');
    const keys = await deps.redis.keys(`${deps.config.redisPrefix}rl:search:ip:10.0.0.6:*`);
    expect(keys).toHaveLength(1);
    const ttl = await deps.redis.ttl(keys[0].slice(deps.config.redisPrefix.length));
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  test('successful responses say how much is left', async () => {
    const res = await get('10.0.0.7');
    expect(res.headers['ratelimit-limit']).toBe('3');
    expect(res.headers['ratelimit-remaining']).toBe('2');
  });
});

describe('the app-wide write limit', () => {
  const deps = testDeps({ RATE_LIMIT_WRITE_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
  const app = testApp(deps);
  afterAll(() => closeDeps(deps));

  test('every kind of write counts against it and the third in a minute is a 429 with Retry-After', async () => {
    const session = `write-limit-${Date.now()}`;
    // a caller of its own (the app trusts X-Forwarded-For from loopback), so other suites' writes do not count
    const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const first = await request(app)
      .post('/api/events')
      .set('x-forwarded-for', ip)
      .set('x-session-id', session)
      .send({ kind: 'view', song_id: 1 });
    const second = await request(app)
      .post('/api/auth/login')
      .set('x-forwarded-for', ip)
      .send({ email: 'nobody@example.com', password: 'wrong-password' });
    const third = await request(app)
      .post('/api/events')
      .set('x-forwarded-for', ip)
      .set('x-session-id', session)
      .send({ kind: 'view', song_id: 1 });
    expect(first.status).not.toBe(429);
    expect(second.status).not.toBe(429);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const read = await request(app).get('/healthz');
    expect(read.status).toBe(200);
  });
});

describe('batched limits with Redis down', () => {
  const deps = testDeps({ RATE_LIMIT_SEARCH_PER_MINUTE: '3', REDIS_URL: 'redis://127.0.0.1:1' });
  afterAll(() => closeDeps(deps));

  test('requests pass, the sync fails quietly, and this process still holds each caller to the limit', async () => {
    const limiter = batchedRateLimit(deps, 'search');
    const app = appWith(deps, (a) =>
      a.get(
        '/keystroke',
        limiter,
        handle((_req, res) => res.json({ ok: true })),
      ),
    );
    const key = () => request(app).get('/keystroke').set('x-forwarded-for', '10.0.9.1');
    for (let i = 0; i < 3; i++) expect((await key()).status).toBe(200);
    await expect(limiter.sync()).resolves.toBeUndefined();
    expect((await key()).status).toBe(429);
  });
});

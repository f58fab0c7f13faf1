import request from 'supertest';
import { closeDeps } from '../../src/platform/deps';
import { handle } from '../../src/platform/http';
import { limitAlongside, rateLimit } from '../../src/abuse/rate-limit';
import { appWith } from './helpers';
import { testDeps, testApp, clearKeys, redisReady } from '../support';

describe('rate limits on real Redis', () => {
  const deps = testDeps({ RATE_LIMIT_SEARCH_PER_MINUTE: '3', RATE_LIMIT_WRITE_PER_MINUTE: '2', RATE_LIMIT_WINDOW_SECONDS: '60' });
  let nowMs = Date.UTC(2025, 5, 1, 12, 0, 0); // exactly at a window start
  const app = appWith(deps, (a) => {
    a.get('/search', rateLimit(deps, 'search', () => nowMs), handle((_req, res) => res.json({ ok: true })));
    a.post('/write', rateLimit(deps, 'write', () => nowMs), handle((_req, res) => res.json({ ok: true })));
    const alongside = limitAlongside(deps, 'search', () => nowMs);
    a.get('/keystroke', handle(async (req, res) => {
      const [, body] = await Promise.all([alongside.check(req, res), Promise.resolve({ ok: true })]);
      res.json(body);
    }));
  });
  const get = (ip: string, user?: string) => {
    const r = request(app).get('/search').set('x-forwarded-for', ip);
    return user ? r.set('x-test-user', user) : r;
  };

  beforeAll(() => redisReady(deps.redis));
  beforeEach(async () => { await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*'); nowMs = Date.UTC(2025, 5, 1, 12, 0, 0); });
  afterAll(() => closeDeps(deps));

  test('the request past the limit gets 429, Retry-After and the standard error body', async () => {
    for (let i = 0; i < 3; i++) expect((await get('10.0.0.1')).status).toBe(200);
    const res = await get('10.0.0.1');
    expect(res.status).toBe(429);
    // next window starts in 60 s; 3 carried over must shrink to 2 -> one third into it
    expect(res.headers['retry-after']).toBe('80');
    expect(res.body).toEqual({ error: { code: 'rate_limited', message: expect.any(String), details: { action: 'search', limit: 3, window_seconds: 60, retry_after_seconds: 80 } } });
    nowMs += 79_000;
    expect((await get('10.0.0.1')).status).toBe(429);
    nowMs += 1_000;
    expect((await get('10.0.0.1')).status).toBe(200);
  });

  test('a check alongside the work answers the same 429, and refuses in-process until Retry-After', async () => {
    const key = (ip: string) => request(app).get('/keystroke').set('x-forwarded-for', ip);
    for (let i = 0; i < 3; i++) expect((await key('10.0.0.9')).status).toBe(200);
    const refused = await key('10.0.0.9');
    expect(refused.status).toBe(429);
    expect(refused.body.error.details).toMatchObject({ action: 'search', limit: 3, retry_after_seconds: 80 });
    // Redis is not asked again: its counters are gone, yet the caller is still refused for the rest of the 80 s
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    nowMs += 60_000;
    const again = await key('10.0.0.9');
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('20');
    nowMs += 20_000;
    expect((await key('10.0.0.9')).status).toBe(200);
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
    const first = await request(app).post('/api/events').set('x-forwarded-for', ip).set('x-session-id', session).send({ kind: 'view', song_id: 1 });
    const second = await request(app).post('/api/auth/login').set('x-forwarded-for', ip).send({ email: 'nobody@example.com', password: 'wrong-password' });
    const third = await request(app).post('/api/events').set('x-forwarded-for', ip).set('x-session-id', session).send({ kind: 'view', song_id: 1 });
    expect(first.status).not.toBe(429);
    expect(second.status).not.toBe(429);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const read = await request(app).get('/healthz');
    expect(read.status).toBe(200);
  });
});

// IPv6 clients are limited per /64 and, under a wider limit, per /48 (a site rotating through its /64s stays inside
// it); the batched limiter keeps a bounded number of tallies however many addresses rotate through it.
import request from 'supertest';
import { closeDeps } from '../../src/compose';
import { handle } from '../../src/platform/http';
import { rateLimit } from '../../src/limits/rate-limit';
import { batchedRateLimit, type BatchedLimit } from '../../src/limits/batched-limit';
import { appWith } from '../app-with';
import { testDeps, clearKeys, redisReady } from '../support';

const SEARCH = 3; // per minute and /64 (or IPv4 address)
const FACTOR = 4; // the /48 may make 12

describe('IPv6 /48 limits on real Redis', () => {
  const deps = testDeps({
    RATE_LIMIT_SEARCH_PER_MINUTE: String(SEARCH),
    RATE_LIMIT_IPV6_48_FACTOR: String(FACTOR),
    RATE_LIMIT_WINDOW_SECONDS: '60',
  });
  const nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);
  let batched: BatchedLimit = batchedRateLimit(deps, 'search', () => nowMs);
  const app = appWith(deps, (a) => {
    a.get(
      '/search',
      rateLimit(deps, 'search', () => nowMs),
      handle((_req, res) => res.json({ ok: true })),
    );
    a.get(
      '/keystroke',
      (req, res, next) => batched(req, res, next),
      handle((_req, res) => res.json({ ok: true })),
    );
  });
  const from = (path: string, ip: string) => request(app).get(path).set('x-forwarded-for', ip);
  // one host of a different /64 of the site 2001:db8:<site>::/48 each time
  const rotating = (site: number, i: number) => `2001:db8:${site.toString(16)}:${i.toString(16)}::1`;

  beforeAll(() => redisReady(deps.redis));
  beforeEach(async () => {
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    batched = batchedRateLimit(deps, 'search', () => nowMs);
  });
  afterAll(() => closeDeps(deps));

  test.each(['/search', '/keystroke'])(
    '%s: rotating /64s of one /48 stop at the /48 limit; another /48 is untouched',
    async (path) => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        statuses.push((await from(path, rotating(0x77, i))).status);
        if (path === '/keystroke') await batched.sync(); // as if every request came to a different process
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(SEARCH * FACTOR);
      expect(statuses.slice(SEARCH * FACTOR).every((s) => s === 429)).toBe(true);
      const refused = await from(path, rotating(0x77, 99));
      expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: { limit: SEARCH * FACTOR } });
      expect((await from(path, rotating(0x78, 0))).status).toBe(200);
    },
  );

  test('one /64 still gets only its own limit', async () => {
    for (let i = 0; i < SEARCH; i++) expect((await from('/search', `2001:db8:79:1::${i + 1}`)).status).toBe(200);
    expect((await from('/search', '2001:db8:79:1::ff')).status).toBe(429);
    expect((await from('/search', '2001:db8:79:2::1')).status).toBe(200);
  });

  test('IPv4 addresses have no wider subject', async () => {
    for (let i = 0; i < 20; i++) expect((await from('/search', `10.79.0.${i + 1}`)).status).toBe(200);
  });
});

describe('the batched limiter forgets: a bounded number of tallies', () => {
  const deps = testDeps({ RATE_LIMIT_SEARCH_PER_MINUTE: String(SEARCH), RATE_LIMIT_WINDOW_SECONDS: '60' });
  const down = testDeps({ RATE_LIMIT_SEARCH_PER_MINUTE: String(SEARCH), REDIS_URL: 'redis://127.0.0.1:1' });
  let nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);
  const BOUND = 40;
  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
  });
  afterAll(async () => {
    await closeDeps(deps);
    await closeDeps(down);
  });

  const appOf = (limiter: BatchedLimit, d = deps) =>
    appWith(d, (a) =>
      a.get(
        '/k',
        limiter,
        handle((_req, res) => res.json({ ok: true })),
      ),
    );

  test('a stream of rotating addresses never holds more than the bound, and an evicted caller is still limited', async () => {
    const limiter = batchedRateLimit(deps, 'search', () => nowMs, { maxSubjects: BOUND });
    const app = appOf(limiter);
    const first = '10.80.0.1';
    for (let i = 0; i < SEARCH; i++)
      expect((await request(app).get('/k').set('x-forwarded-for', first)).status).toBe(200);
    let most = 0;
    for (let i = 0; i < 300; i++) {
      // IPv4 addresses and IPv6 hosts of different sites: two and three subjects a request
      const ip = i % 2 ? `10.81.${i >> 8}.${i & 255}` : `2001:db8:${(0x100 + i).toString(16)}::1`;
      expect((await request(app).get('/k').set('x-forwarded-for', ip)).status).toBe(200);
      most = Math.max(most, limiter.tracked());
      if (i % 50 === 0) nowMs += 1000; // time passes, so syncs happen along the way
    }
    expect(most).toBeLessThanOrEqual(BOUND);
    await limiter.sync();
    const index = Math.floor(nowMs / 60_000);
    expect(await deps.redis.get(`rl:search:ip:${first}:${index}`)).toBe(String(SEARCH)); // the first caller was evicted long ago
    expect((await request(app).get('/k').set('x-forwarded-for', first)).status).toBe(200); // first sight again, judged in-process
    await limiter.sync(); // reads back what Redis holds
    expect((await request(app).get('/k').set('x-forwarded-for', first)).status).toBe(429);
  });

  test('admissions of a caller evicted before any sync reached Redis are added by the next sync', async () => {
    let offline = true; // Redis refuses the limiter's calls until the caller has been evicted
    const flaky = new Proxy(deps.redis, {
      get(target, prop, receiver) {
        if (prop === 'eval' && offline) return () => Promise.reject(new Error('connection refused'));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const limiter = batchedRateLimit({ ...deps, redis: flaky }, 'search', () => nowMs, { maxSubjects: BOUND });
    const app = appOf(limiter);
    const caller = '10.84.0.1';
    for (let i = 0; i < SEARCH; i++)
      expect((await request(app).get('/k').set('x-forwarded-for', caller)).status).toBe(200);
    for (let i = 0; i < 2 * BOUND; i++)
      await request(app)
        .get('/k')
        .set('x-forwarded-for', `10.85.0.${i + 1}`);
    expect(limiter.tracked()).toBeLessThanOrEqual(BOUND);
    offline = false;
    await limiter.sync();
    expect(await deps.redis.get(`rl:search:ip:${caller}:${Math.floor(nowMs / 60_000)}`)).toBe(String(SEARCH));
  });

  test('subjects idle for two windows are swept', async () => {
    const limiter = batchedRateLimit(deps, 'search', () => nowMs);
    const app = appOf(limiter);
    for (let i = 0; i < 10; i++)
      await request(app)
        .get('/k')
        .set('x-forwarded-for', `10.82.0.${i + 1}`);
    await limiter.sync();
    expect(limiter.tracked()).toBe(10);
    nowMs += 3 * 60_000;
    await request(app).get('/k').set('x-forwarded-for', '10.82.1.1');
    await limiter.sync();
    expect(limiter.tracked()).toBe(1);
  });

  test('with Redis down (nothing ever syncs) the bound still holds', async () => {
    const limiter = batchedRateLimit(down, 'search', () => nowMs, { maxSubjects: BOUND });
    const app = appOf(limiter, down);
    for (let i = 0; i < 200; i++) {
      expect(
        (
          await request(app)
            .get('/k')
            .set('x-forwarded-for', `10.83.${i >> 8}.${i & 255}`)
        ).status,
      ).toBe(200);
      expect(limiter.tracked()).toBeLessThanOrEqual(BOUND);
    }
    await expect(limiter.sync()).resolves.toBeUndefined();
  });
});

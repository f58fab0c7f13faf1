import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { loadConfig, trustProxySetting } from '../../src/platform/config';
import { ipSubject } from '../../src/core/ip-subject';
import { backoffMs, reserveLoginAttempt, BACKOFF_STEPS, LOGIN_BACKOFF_MAX_MS } from '../../src/users/login-throttle';
import { recordSearch } from '../../src/events/record-search';

const run = `${process.pid}-${Date.now()}`;
// own Redis keys: these requests must not leave limits or cached answers (popular songs) for other suites
const ownRedis = { REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'norae:test:'}abuse-${run}:` };
const deps = testDeps({
  ...ownRedis,
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_RECOMMEND_PER_MINUTE: '2',
  RATE_LIMIT_AUTH_START_PER_MINUTE: '1',
  RATE_LIMIT_READINESS_PER_MINUTE: '1',
  KAKAO_CLIENT_ID: 'c',
  KAKAO_REDIRECT_URI: 'http://localhost/cb',
  KAKAO_AUTH_BASE_URL: 'http://127.0.0.1:1',
});
const app = testApp(deps);
const untrusting = testDeps({
  ...ownRedis,
  RATE_LIMIT_AUTH_START_PER_MINUTE: '1',
  KAKAO_CLIENT_ID: 'c',
  KAKAO_REDIRECT_URI: 'http://localhost/cb',
});
const untrustingApp = testApp(untrusting);
afterAll(async () => {
  await closeDeps(deps);
  await closeDeps(untrusting);
});

// each test gets addresses nobody else uses, so limits from other tests do not count
let n = 0;
const freshV4 = () => `10.${(process.pid >> 8) % 250}.${process.pid % 250}.${++n}`;

describe('login throttling: per account and per address, exponential back-off, never a permanent lockout', () => {
  const email = `throttle-${run}@example.com`;
  beforeAll(async () => {
    expect((await request(app).post('/api/auth/signup').send({ email, password: 'right-password' })).status).toBe(201);
  });
  const login = (ip: string, password: string, who = email) =>
    request(app).post('/api/auth/login').set('x-forwarded-for', ip).send({ email: who, password });

  test('after the free failures from one address, even the right password waits (429 with Retry-After); another address is unaffected', async () => {
    const ip = freshV4();
    for (let i = 0; i < 6; i++) expect((await login(ip, 'wrong-password')).status).toBe(401);
    const locked = await login(ip, 'right-password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('login_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await login(freshV4(), 'right-password')).status).toBe(200);
  });

  test('the lock grows exponentially with further failures and is capped', async () => {
    const who = `grow-${run}@example.com`;
    const ip = freshV4();
    let t = 1_000_000;
    const locks: number[] = [];
    for (let i = 1; i <= 9; i++) {
      await reserveLoginAttempt(deps, who, ip, t); // counted as a failure from the start (a wrong password leaves it so)
      const until = Number((await deps.redis.get(`login:until:pair:${who}|${ipSubject(ip)}`)) ?? 0);
      if (until > t) {
        locks.push(until - t);
        t = until;
      } // wait out the lock (on a fake clock)
    }
    expect(locks).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(100, 5)).toBe(LOGIN_BACKOFF_MAX_MS);
    expect(BACKOFF_STEPS.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(BACKOFF_STEPS.at(-1)).toBe(LOGIN_BACKOFF_MAX_MS);
  });

  test('one address guessing across many accounts is held back on every account, the right password too; other addresses are not', async () => {
    const ip = freshV4();
    // failed logins from one address, each against a different account (no account or pair reaches its own limit),
    // past the address's 30 free ones; its locks are waited out on a fake clock, so the last one is long
    let t = Date.now();
    for (let i = 0; i < 36; i++) {
      await reserveLoginAttempt(deps, `spray-${i}-${run}@example.com`, ip, t);
      t = Math.max(t, Number((await deps.redis.get(`login:until:ip:${ipSubject(ip)}`)) ?? 0));
    }
    const held = await login(ip, 'right-password');
    expect(held.status).toBe(429);
    expect(held.body.error.code).toBe('login_throttled');
    expect((await login(freshV4(), 'right-password')).status).toBe(200);
  });

  test('a stranger failing from many addresses locks new addresses out of the account, not the owner at a known address', async () => {
    const who = `owner-${run}@example.com`;
    await request(app).post('/api/auth/signup').send({ email: who, password: 'owner-password' });
    const home = freshV4();
    expect((await login(home, 'owner-password', who)).status).toBe(200);
    for (let i = 0; i < 11; i++) expect((await login(freshV4(), 'guess', who)).status).toBe(401);
    expect((await login(freshV4(), 'owner-password', who)).status).toBe(429);
    expect((await login(home, 'owner-password', who)).status).toBe(200);
  });

  test('responses carrying a token are Cache-Control: no-store', async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: `nostore-${run}@example.com`, password: 'right-password' });
    expect(signup.headers['cache-control']).toBe('no-store');
    const res = await login(freshV4(), 'right-password');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('client addresses', () => {
  test('TRUST_PROXY: none by default, a hop count, or a list of addresses/CIDRs', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('2')).toBe(2);
    expect(trustProxySetting('10.0.0.0/8, loopback')).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({ ...process.env, TRUST_PROXY: '' }).trustProxy).toBe(false);
  });

  test('without TRUST_PROXY a forged X-Forwarded-For does not buy a fresh limit', async () => {
    expect(
      (await request(untrustingApp).get('/api/auth/kakao/start').set('x-forwarded-for', freshV4())).status,
    ).not.toBe(429);
    expect((await request(untrustingApp).get('/api/auth/kakao/start').set('x-forwarded-for', freshV4())).status).toBe(
      429,
    );
  });

  test('IPv6 clients are one subject per /64', async () => {
    expect(ipSubject('2001:db8:1:2::a')).toBe('2001:0db8:0001:0002::/64');
    expect(ipSubject('2001:db8:1:2:ffff:ffff:ffff:1')).toBe(ipSubject('2001:db8:1:2::b'));
    expect(ipSubject('::ffff:10.1.2.3')).toBe('10.1.2.3');
    const net = `2001:db8:${(process.pid % 65535).toString(16)}:${(Date.now() % 65535).toString(16)}`;
    const similar = (ip: string) => request(app).get('/api/songs/1/similar').set('x-forwarded-for', ip);
    expect((await similar(`${net}::1`)).status).not.toBe(429);
    expect((await similar(`${net}:aaaa::2`)).status).not.toBe(429);
    expect((await similar(`${net}:ffff:1:2:3`)).status).toBe(429); // same /64: the limit of 2 is spent
    expect((await similar(`2001:db8:ffff:1::1`)).status).not.toBe(429);
  });
});

describe('rate limits on costly GETs', () => {
  test('Kakao start, similar songs, recommendations and readiness are limited', async () => {
    const ip = freshV4();
    expect((await request(app).get('/api/auth/kakao/start').set('x-forwarded-for', ip)).status).toBe(302);
    const start = await request(app).get('/api/auth/kakao/start').set('x-forwarded-for', ip);
    expect(start.status).toBe(429);
    expect(start.body.error).toMatchObject({ code: 'rate_limited', details: { action: 'auth_start' } });
    expect((await request(app).get('/readyz').set('x-forwarded-for', ip)).status).not.toBe(429);
    expect((await request(app).get('/readyz').set('x-forwarded-for', ip)).status).toBe(429);
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: `recs-${run}@example.com`, password: 'right-password' });
    const recs = () =>
      request(app)
        .get('/api/me/recommendations')
        .set('x-forwarded-for', freshV4())
        .set('authorization', `Bearer ${signup.body.token}`);
    expect((await recs()).status).not.toBe(429);
    expect((await recs()).status).not.toBe(429);
    expect((await recs()).status).toBe(429); // per user, whatever the address
  });
});

describe('trending counts a query once per user or address', () => {
  test('new X-Session-Ids from one address do not count again', async () => {
    const ip = freshV4();
    const q = `세션 ${run}`;
    const hits = [{ id: 1, title: q, artist: '가수' }]; // the song the query found (trending counts catalog names)
    const first = await recordSearch(
      deps,
      { ip, sessionId: 'session-aaaaaaaa' },
      { scope: 'songs', query: q, resultCount: 1, tookMs: 1, hits },
    );
    const second = await recordSearch(
      deps,
      { ip, sessionId: 'session-bbbbbbbb' },
      { scope: 'songs', query: q, resultCount: 1, tookMs: 1, hits },
    );
    expect([first.trending, second.trending]).toEqual(['counted', 'duplicate']);
    const other = await recordSearch(
      deps,
      { ip: freshV4(), sessionId: 'session-bbbbbbbb' },
      { scope: 'songs', query: q, resultCount: 1, tookMs: 1, hits },
    );
    expect(other.trending).toBe('counted');
  });
});

describe('listening address', () => {
  test('the API binds to 127.0.0.1 (all interfaces only in the production image) unless HOST says otherwise', () => {
    expect(loadConfig({ ...process.env, HOST: undefined }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...process.env, APP_ENV: 'local', HOST: undefined }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...process.env, APP_ENV: 'production', HOST: undefined }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...process.env, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

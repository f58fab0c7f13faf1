// A flood of made-up bearer tokens must not reach Postgres once per token (it could open the Postgres breaker for
// everyone): unknown tokens are remembered, and an address over its limit of unknown tokens is refused before lookup.
import crypto from 'node:crypto';
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';

const run = `${process.pid}-${Date.now()}`;
const deps = testDeps({
  REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'norae:test:'}tokens-${run}:`,
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_BAD_TOKENS_PER_MINUTE: '5',
});
const app = testApp(deps);
afterAll(() => closeDeps(deps));

let n = 0;
const freshIp = () => `10.77.${process.pid % 250}.${++n}`;
const madeUp = () => crypto.randomBytes(24).toString('base64url');

/** How many token lookups reach Postgres while `fn` runs (a pass-through count of the real pool's queries). */
async function tokenLookupsDuring(fn: () => Promise<void>): Promise<number> {
  const spy = jest.spyOn(deps.pg, 'query');
  try {
    await fn();
    return spy.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('FROM auth_tokens')).length;
  } finally {
    spy.mockRestore();
  }
}

describe('made-up bearer tokens (real Postgres and Redis)', () => {
  test('an address sending new made-up tokens is refused with 429 after its limit, without a lookup per token', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    const lookups = await tokenLookupsDuring(async () => {
      for (let i = 0; i < 40; i++) {
        const res = await request(app)
          .get('/api/songs/1')
          .set('x-forwarded-for', ip)
          .set('authorization', `Bearer ${madeUp()}`);
        statuses.push(res.status);
      }
    });
    expect(lookups).toBe(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const refused = await request(app)
      .get('/api/products/1')
      .set('x-forwarded-for', ip)
      .set('authorization', `Bearer ${madeUp()}`);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('the same unknown token sent again is answered from memory, not Postgres', async () => {
    const ip = freshIp();
    const token = madeUp();
    const lookups = await tokenLookupsDuring(async () => {
      for (let i = 0; i < 10; i++) {
        const res = await request(app)
          .get('/api/me')
          .set('x-forwarded-for', ip)
          .set('authorization', `Bearer ${token}`);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('invalid_token');
      }
    });
    expect(lookups).toBe(1);
  });

  test('another address with a real token is not affected, and requests without a token pass', async () => {
    const flooder = freshIp();
    for (let i = 0; i < 8; i++)
      await request(app).get('/api/songs/1').set('x-forwarded-for', flooder).set('authorization', `Bearer ${madeUp()}`);
    const signup = await request(app)
      .post('/api/auth/signup')
      .set('x-forwarded-for', freshIp())
      .send({ email: `tokens-${run}@example.com`, password: 'right-password' });
    expect(signup.status).toBe(201);
    const me = await request(app)
      .get('/api/me')
      .set('x-forwarded-for', freshIp())
      .set('authorization', `Bearer ${signup.body.token}`);
    expect(me.status).toBe(200);
    expect((await request(app).get('/api/songs/search?q=test').set('x-forwarded-for', flooder)).status).not.toBe(429);
  });
});

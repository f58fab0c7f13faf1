import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { hashToken } from '../../src/users/accounts';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const app = testApp(deps);

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, ['users']);
});
afterAll(() => closeDeps(deps));

let n = 0;
const freshEmail = () => `singer${++n}-${Date.now()}@example.com`;

async function signUp(extra: Record<string, unknown> = {}) {
  const email = freshEmail();
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email, password: 'correct horse', ...extra });
  expect(res.status).toBe(201);
  return { email, token: res.body.token as string, user: res.body.user };
}

describe('sign-up', () => {
  test('creates an account, returns a token and the profile with an age band', async () => {
    const year = new Date().getUTCFullYear();
    const { token, user } = await signUp({ gender: 'female', birth_year: year - 25, display_name: '노래왕' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(user).toMatchObject({
      gender: 'female',
      birth_year: year - 25,
      age_band: '20s',
      display_name: '노래왕',
      kakao_linked: false,
    });
    expect(user).not.toHaveProperty('password_hash');
  });

  test('stores a bcrypt hash, never the password, and only a hash of the token', async () => {
    const { email, token } = await signUp();
    const row = (await deps.pg.query('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0];
    expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.password_hash).not.toContain('correct horse');
    const tokens = await deps.pg.query('SELECT token_hash FROM auth_tokens WHERE token_hash = $1 OR token_hash = $2', [
      token,
      hashToken(token),
    ]);
    expect(tokens.rows).toEqual([{ token_hash: hashToken(token) }]);
  });

  test('a duplicate email (any case) is a 409', async () => {
    const { email } = await signUp();
    const res = await request(app)
      .post('/api/auth/signup')
      .send({ email: email.toUpperCase(), password: 'another pass' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
  });

  test.each([
    [{ password: 'long enough' }, 'email'],
    [{ email: 'not-an-email', password: 'long enough' }, 'email'],
    [{ email: 'a@b.co' }, 'password'],
    [{ email: 'a@b.co', password: 'short' }, 'password'],
    [{ email: 'a@b.co', password: '가'.repeat(30) }, 'password'], // 90 bytes: over bcrypt's 72
    [{ email: 'a@b.co', password: 'long enough', gender: 'robot' }, 'gender'],
    [{ email: 'a@b.co', password: 'long enough', birth_year: 1800 }, 'birth_year'],
    [{ email: 'a@b.co', password: 'long enough', birth_year: '1990' }, 'birth_year'],
  ])('rejects %j naming %s', async (body, field) => {
    const res = await request(app).post('/api/auth/signup').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', details: { field } });
    expect(typeof res.body.error.message).toBe('string');
  });
});

describe('login and tokens', () => {
  test('the right password gives a working token; a wrong one or an unknown email is 401', async () => {
    const { email } = await signUp();
    const ok = await request(app).post('/api/auth/login').send({ email, password: 'correct horse' });
    expect(ok.status).toBe(200);
    const me = await request(app).get('/api/me').set('authorization', `Bearer ${ok.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);

    const wrong = await request(app).post('/api/auth/login').send({ email, password: 'wrong horse' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await request(app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'correct horse' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_credentials');
  });

  test('no token, a malformed one, an unknown one and an expired one are all 401', async () => {
    expect((await request(app).get('/api/me')).status).toBe(401);
    expect((await request(app).get('/api/me').set('authorization', 'Basic abc')).body.error.code).toBe('invalid_token');
    expect(
      (
        await request(app)
          .get('/api/me')
          .set('authorization', `Bearer ${'x'.repeat(43)}`)
      ).body.error.code,
    ).toBe('invalid_token');
    const { token } = await signUp();
    await deps.pg.query(`UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      hashToken(token),
    ]);
    const expired = await request(app).get('/api/me').set('authorization', `Bearer ${token}`);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('invalid_token');
  });

  test('logout revokes the token', async () => {
    const { token } = await signUp();
    expect((await request(app).post('/api/auth/logout').set('authorization', `Bearer ${token}`)).status).toBe(204);
    expect((await request(app).get('/api/me').set('authorization', `Bearer ${token}`)).status).toBe(401);
  });

  test('the token expires after TOKEN_TTL_SECONDS', async () => {
    // bracketed by the clock read before and after the sign-up: no bound on how long the sign-up takes
    const before = Date.now();
    const { token } = await signUp();
    const after = Date.now();
    const row = (
      await deps.pg.query('SELECT extract(epoch FROM expires_at) * 1000 AS ms FROM auth_tokens WHERE token_hash = $1', [
        hashToken(token),
      ])
    ).rows[0];
    const ttlMs = deps.config.tokenTtlSeconds * 1000;
    expect(Number(row.ms)).toBeGreaterThanOrEqual(before + ttlMs);
    expect(Number(row.ms)).toBeLessThanOrEqual(after + ttlMs);
  });
});

describe('profile', () => {
  test('PATCH /api/me changes gender and birth year, and null clears them', async () => {
    const { token } = await signUp();
    const auth = { authorization: `Bearer ${token}` };
    const year = new Date().getUTCFullYear();
    const set = await request(app)
      .patch('/api/me')
      .set(auth)
      .send({ gender: 'male', birth_year: year - 34 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ gender: 'male', birth_year: year - 34, age_band: '30s' });
    expect((await request(app).get('/api/me').set(auth)).body).toMatchObject({ gender: 'male', age_band: '30s' });
    const cleared = await request(app).patch('/api/me').set(auth).send({ gender: null, birth_year: null });
    expect(cleared.body).toMatchObject({ gender: null, birth_year: null, age_band: null });
  });

  test('PATCH /api/me rejects unknown fields and bad values', async () => {
    const { token } = await signUp();
    const auth = { authorization: `Bearer ${token}` };
    const email = await request(app).patch('/api/me').set(auth).send({ email: 'x@y.zz' });
    expect(email.status).toBe(400);
    expect(email.body.error.details).toEqual({ fields: ['email'] });
    const gender = await request(app).patch('/api/me').set(auth).send({ gender: 'unknown' });
    expect(gender.status).toBe(400);
    expect(gender.body.error.details).toEqual({ field: 'gender' });
  });

  test('a valid token puts the user on every request (req.user), so other capabilities see demographics', async () => {
    const year = new Date().getUTCFullYear();
    const { token } = await signUp({ gender: 'female', birth_year: year - 41 });
    // the trending route (another capability) answers 401 without req.user
    expect((await request(app).get('/api/me/trending')).status).toBe(401);
    const res = await request(app).get('/api/me/trending').set('authorization', `Bearer ${token}`);
    expect(res.status).not.toBe(401);
  });
});

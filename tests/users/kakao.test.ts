import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { UNVERIFIED_HOLD_HOURS } from '../../src/users/accounts';
import { isEmailVerified } from '../../src/users/email-verification';

// A stand-in for kauth.kakao.com + kapi.kakao.com speaking the two endpoints the login uses.
interface FakeKakao {
  server: http.Server;
  url: string;
  tokenRequests: URLSearchParams[];
  profiles: Map<string, unknown>;
}

async function startFakeKakao(): Promise<FakeKakao> {
  const tokenRequests: URLSearchParams[] = [];
  const profiles = new Map<string, unknown>(); // code -> /v2/user/me body
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && req.url === '/oauth/token') {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const code = form.get('code') ?? '';
        if (code === 'boom') return json(500, { error: 'server_error' });
        if (!profiles.has(code) || form.get('grant_type') !== 'authorization_code')
          return json(400, { error: 'invalid_grant', error_description: 'authorization code not found' });
        return json(200, { access_token: `at-${code}`, token_type: 'bearer', expires_in: 21599 });
      }
      if (req.method === 'GET' && req.url === '/v2/user/me') {
        const code = (req.headers.authorization ?? '').replace(/^Bearer at-/, '');
        if (!profiles.has(code)) return json(401, { msg: 'this access token does not exist', code: -401 });
        return json(200, profiles.get(code));
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokenRequests, profiles };
}

let kakao: FakeKakao;
let deps: Deps;
let app: ReturnType<typeof testApp>;
let now = Date.now();
// the browser: keeps the state cookie /start sets, as a real one would
let browser: ReturnType<typeof supertest.agent>;
const unconfigured = testDeps({ KAKAO_CLIENT_ID: '', KAKAO_REDIRECT_URI: '' });

beforeAll(async () => {
  kakao = await startFakeKakao();
  deps = testDeps({
    KAKAO_CLIENT_ID: 'test-client',
    KAKAO_CLIENT_SECRET: 'test-secret',
    KAKAO_REDIRECT_URI: 'http://localhost:3000/api/auth/kakao/callback',
    KAKAO_AUTH_BASE_URL: kakao.url,
    KAKAO_API_BASE_URL: kakao.url,
  });
  deps.clock = () => new Date(now); // the login throttle's clock: back-offs are waited out by moving it
  app = testApp(deps);
  browser = supertest.agent(app);
});
afterAll(async () => {
  await closeDeps(deps);
  await closeDeps(unconfigured);
  await new Promise((r) => kakao.server.close(r));
});

/** Runs /start and returns the state Kakao would hand back. */
async function startLogin(): Promise<string> {
  const res = await browser.get('/api/auth/kakao/start');
  expect(res.status).toBe(302);
  const location = new URL(res.headers.location);
  expect(`${location.origin}${location.pathname}`).toBe(`${kakao.url}/oauth/authorize`);
  expect(location.searchParams.get('client_id')).toBe('test-client');
  expect(location.searchParams.get('response_type')).toBe('code');
  expect(location.searchParams.get('redirect_uri')).toBe('http://localhost:3000/api/auth/kakao/callback');
  return location.searchParams.get('state')!;
}

/** A whole login in one browser: /start (cookie set), then Kakao's redirect back with the code. */
async function kakaoCallback(code: string | undefined) {
  const state = await startLogin();
  return browser.get('/api/auth/kakao/callback').query(code === undefined ? { state } : { code, state });
}

const profile = (id: number, account: Record<string, unknown> = {}) => ({
  id,
  kakao_account: { profile: { nickname: '카카오가수' }, ...account },
});

describe('Kakao login', () => {
  test('without KAKAO_CLIENT_ID the endpoints answer 503 kakao_not_configured', async () => {
    const uapp = testApp(unconfigured);
    for (const path of ['/api/auth/kakao/start', '/api/auth/kakao/callback?code=x&state=y']) {
      const res = await request(uapp).get(path);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('kakao_not_configured');
    }
  });

  test('a new Kakao user gets an account with Kakao demographics and a working token', async () => {
    const year = new Date().getUTCFullYear();
    kakao.profiles.set(
      'code-new',
      profile(1001, {
        email: 'kakao1@example.com',
        is_email_verified: true,
        gender: 'female',
        birthyear: String(year - 22),
      }),
    );
    const state = await startLogin();
    const res = await browser.get('/api/auth/kakao/callback').query({ code: 'code-new', state });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(true);
    expect(res.body.user).toMatchObject({
      email: 'kakao1@example.com',
      display_name: '카카오가수',
      gender: 'female',
      age_band: '20s',
      kakao_linked: true,
    });
    const sent = kakao.tokenRequests.at(-1)!;
    expect(Object.fromEntries(sent)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'test-client',
      client_secret: 'test-secret',
      code: 'code-new',
    });
    const me = await request(app).get('/api/me').set('authorization', `Bearer ${res.body.token}`);
    expect(me.body.id).toBe(res.body.user.id);

    // logging in again finds the same account
    const again = await kakaoCallback('code-new');
    expect(again.body).toMatchObject({ created: false, user: { id: res.body.user.id } });
  });

  test("a Kakao-verified email of an existing account links only after that account's password is entered", async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'both@example.com', password: 'password1' });
    kakao.profiles.set('code-link', profile(1002, { email: 'Both@example.com', is_email_verified: true }));
    const res = await kakaoCallback('code-link');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'link_requires_password',
      details: { link_ticket: expect.any(String) },
    });
    expect(res.body.token).toBeUndefined();
    const ticket = res.body.error.details.link_ticket;
    const wrong = await request(app).post('/api/auth/kakao/link').send({ ticket, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(
      (await request(app).get('/api/me').set('authorization', `Bearer ${signup.body.token}`)).body.kakao_linked,
    ).toBe(false);
    const linked = await request(app).post('/api/auth/kakao/link').send({ ticket, password: 'password1' });
    expect(linked.status).toBe(200);
    expect(linked.headers['cache-control']).toBe('no-store');
    expect(linked.body).toMatchObject({
      created: false,
      token: expect.any(String),
      user: { id: signup.body.user.id, kakao_linked: true },
    });
    // the ticket is spent; the next Kakao login finds the linked account directly
    expect((await request(app).post('/api/auth/kakao/link').send({ ticket, password: 'password1' })).status).toBe(401);
    const again = await kakaoCallback('code-link');
    expect(again.body).toMatchObject({ created: false, user: { id: signup.body.user.id } });
  });

  test('an account that proved its email (email_verified_at) is linked directly when Kakao verified the same email', async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'proven@example.com', password: 'password1' });
    await deps.pg.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [signup.body.user.id]);
    kakao.profiles.set('code-proven', profile(1005, { email: 'proven@example.com', is_email_verified: true }));
    const res = await kakaoCallback('code-proven');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: false, user: { id: signup.body.user.id, kakao_linked: true } });
  });

  test('a missing is_email_verified counts as unverified: no link, no email taken over', async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'silent@example.com', password: 'password1' });
    await deps.pg.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [signup.body.user.id]);
    kakao.profiles.set('code-silent', profile(1006, { email: 'silent@example.com' }));
    const res = await kakaoCallback('code-silent');
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(true);
    expect(res.body.user.id).not.toBe(signup.body.user.id);
    expect(res.body.user.email).toBeNull();
  });

  test('the state is bound to the browser that started the flow (HttpOnly SameSite cookie)', async () => {
    const start = await request(app).get('/api/auth/kakao/start');
    const cookie = String(start.headers['set-cookie']);
    expect(cookie).toMatch(/norae_kakao_state=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const state = new URL(start.headers.location).searchParams.get('state')!;
    kakao.profiles.set('code-victim', profile(1007));
    const before = kakao.tokenRequests.length;
    // another browser (no cookie, or its own) cannot complete a flow someone else started
    const elsewhere = await request(app).get('/api/auth/kakao/callback').query({ code: 'code-victim', state });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.error.code).toBe('invalid_state');
    expect(kakao.tokenRequests.length).toBe(before);
    const own = await request(app)
      .get('/api/auth/kakao/callback')
      .set('cookie', `norae_kakao_state=${state}`)
      .query({ code: 'code-victim', state });
    expect(own.status).toBe(200);
    expect(own.headers['cache-control']).toBe('no-store');
  });

  test('an unverified email is not used to link accounts', async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'unverified@example.com', password: 'password1' });
    kakao.profiles.set('code-unverified', profile(1003, { email: 'unverified@example.com', is_email_verified: false }));
    const res = await kakaoCallback('code-unverified');
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(true);
    expect(res.body.user.id).not.toBe(signup.body.user.id);
    expect(res.body.user.email).toBeNull();
  });

  test('an unknown or replayed state is refused before Kakao is asked', async () => {
    kakao.profiles.set('code-state', profile(1004));
    const before = kakao.tokenRequests.length;
    const forged = await browser.get('/api/auth/kakao/callback').query({ code: 'code-state', state: 'made-up-state' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_state');
    const state = await startLogin();
    expect((await browser.get('/api/auth/kakao/callback').query({ code: 'code-state', state })).status).toBe(200);
    const replay = await browser.get('/api/auth/kakao/callback').query({ code: 'code-state', state });
    expect(replay.body.error.code).toBe('invalid_state');
    expect(kakao.tokenRequests.length).toBe(before + 1);
  });

  test('a code Kakao rejects is 401, Kakao failing is 502, a missing code is 400', async () => {
    const bad = await kakaoCallback('unknown-code');
    expect(bad.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: 'kakao_auth_failed', details: { kakao_error: 'invalid_grant' } });
    const boom = await kakaoCallback('boom');
    expect(boom.status).toBe(502);
    expect(boom.body.error.code).toBe('kakao_unavailable');
    const missing = await kakaoCallback(undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual({ parameter: 'code' });
  });

  test('the user refusing consent on Kakao (?error=access_denied) is a 401', async () => {
    const res = await browser.get('/api/auth/kakao/callback').query({ error: 'access_denied', state: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('kakao_auth_failed');
  });
});

describe('an unverified account does not keep the address from its Kakao owner', () => {
  const backdate = (userId: number) =>
    deps.pg.query(`UPDATE users SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [
      userId,
      UNVERIFIED_HOLD_HOURS + 1,
    ]);

  test('a Kakao-created account has its (Kakao-verified) address verified', async () => {
    kakao.profiles.set(
      'code-verified-new',
      profile(2001, { email: 'kakao-verified@example.com', is_email_verified: true }),
    );
    const res = await kakaoCallback('code-verified-new');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'kakao-verified@example.com', email_verified: true });
    expect(await isEmailVerified(deps.pg, res.body.user.id)).toBe(true);
  });

  test('past the hold, Kakao takes over an unverified account with its address: merged, its password and sessions gone', async () => {
    // someone registered the address first and never proved it
    const squatter = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'owner-of-mail@example.com', password: 'squatter-pw' });
    expect(squatter.status).toBe(201);
    expect(squatter.body.user.email_verified).toBe(false);
    await backdate(squatter.body.user.id);
    kakao.profiles.set(
      'code-owner',
      profile(2002, { email: 'owner-of-mail@example.com', is_email_verified: true, gender: 'male' }),
    );
    const res = await kakaoCallback('code-owner');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: false,
      user: {
        id: squatter.body.user.id,
        email: 'owner-of-mail@example.com',
        email_verified: true,
        kakao_linked: true,
        gender: 'male',
      },
    });
    // whoever set the password is out: the old token is revoked and the password no longer signs in
    expect((await request(app).get('/api/me').set('authorization', `Bearer ${squatter.body.token}`)).status).toBe(401);
    const oldPassword = await request(app)
      .post('/api/auth/login')
      .send({ email: 'owner-of-mail@example.com', password: 'squatter-pw' });
    expect(oldPassword.status).toBe(401);
    expect((await request(app).get('/api/me').set('authorization', `Bearer ${res.body.token}`)).body).toMatchObject({
      email: 'owner-of-mail@example.com',
      email_verified: true,
    });
  });

  test('within the hold, a fresh unverified account is asked for its password (its owner may not have opened the mail yet)', async () => {
    await request(app).post('/api/auth/signup').send({ email: 'fresh-unverified@example.com', password: 'password1' });
    kakao.profiles.set('code-fresh', profile(2003, { email: 'fresh-unverified@example.com', is_email_verified: true }));
    const res = await kakaoCallback('code-fresh');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('link_requires_password');
    const linked = await request(app)
      .post('/api/auth/kakao/link')
      .send({ ticket: res.body.error.details.link_ticket, password: 'password1' });
    expect(linked.status).toBe(200);
    // Kakao verified the address and the password proved the account
    expect(linked.body.user).toMatchObject({ kakao_linked: true, email_verified: true });
  });

  test('the callback answers with the session cookies for the web app (X-Norae-Session: cookie)', async () => {
    kakao.profiles.set('code-cookie', profile(2004));
    const state = await startLogin();
    const res = await browser
      .get('/api/auth/kakao/callback')
      .set('x-norae-session', 'cookie')
      .query({ code: 'code-cookie', state });
    expect(res.status).toBe(200);
    expect(res.body.token).toBeUndefined();
    expect(res.body.csrf_token).toEqual(expect.any(String));
    expect(String(res.headers['set-cookie'])).toMatch(/norae_session=[\w-]+;.*HttpOnly/i);
  });
});

describe('Kakao link confirmation under a burst', () => {
  test('60 wrong passwords at once for one ticket: only the free attempts reach bcrypt, then the right one waits out the lock', async () => {
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: 'link-burst@example.com', password: 'password1' });
    expect(signup.status).toBe(201);
    kakao.profiles.set('code-burst', profile(3001, { email: 'link-burst@example.com', is_email_verified: true }));
    const res = await kakaoCallback('code-burst');
    expect(res.status).toBe(409);
    const ticket = res.body.error.details.link_ticket;
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const confirm = (password: string) => supertest(base).post('/api/auth/kakao/link').send({ ticket, password });
      const answers = await Promise.all(Array.from({ length: 60 }, () => confirm('not-the-password')));
      const codes = answers.map((a) => a.body.error?.code);
      // the tightest subject (this account from this address) allows 5 free failures plus the one that locks it
      expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(6);
      expect(codes.filter((c) => c === 'login_throttled')).toHaveLength(54);
      const locked = await confirm('password1');
      expect(locked.status).toBe(429);
      now += Number(locked.headers['retry-after']) * 1000;
      const linked = await confirm('password1');
      expect(linked.status).toBe(200);
      expect(linked.body.user).toMatchObject({ id: signup.body.user.id, kakao_linked: true });
    } finally {
      server.close();
    }
  });
});

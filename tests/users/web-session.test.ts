// The web app's session: an HttpOnly cookie instead of a token in the page, CSRF-checked writes, bearer tokens
// unchanged for API clients, private answers on /api/me*, and the security headers on every answer.
import fs from 'node:fs';
import type express from 'express';
import request from 'supertest';
import { documentedRequest } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { createHttpApp } from '../../src/platform/http';
import { projectPath } from '../../src/platform/paths';
import { startCookieSession } from '../../src/users/web-session';

const run = `${process.pid}-${Date.now()}`;
const deps = testDeps();
const app = testApp(deps);
afterAll(() => closeDeps(deps));

interface SetCookie {
  value: string;
  attributes: string[];
}
/** name -> value and attributes (lower-cased) of every Set-Cookie of a response. */
function setCookies(res: request.Response): Record<string, SetCookie> {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const out: Record<string, SetCookie> = {};
  for (const line of raw ?? []) {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = {
      value: decodeURIComponent(pair.slice(i + 1)),
      attributes: attributes.map((a) => a.toLowerCase()),
    };
  }
  return out;
}

let n = 0;
/** A signed-up account signed in with a cookie session: the Cookie header a browser would send, and its CSRF token. */
async function cookieSession() {
  const email = `cookie-${++n}-${run}@example.com`;
  const res = await documentedRequest(app)
    .post('/api/auth/signup')
    .send({ email, password: 'right-password', session: 'cookie' });
  expect(res.status).toBe(201);
  const c = setCookies(res);
  return {
    email,
    res,
    cookies: c,
    cookie: `norae_session=${c.norae_session.value}; norae_csrf=${c.norae_csrf.value}`,
    csrf: c.norae_csrf.value,
  };
}

describe('cookie sessions', () => {
  test('sign-in with session "cookie" sets an HttpOnly SameSite=Lax session cookie and answers no token', async () => {
    const { res, cookies, email } = await cookieSession();
    expect(res.body.token).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain(cookies.norae_session.value);
    expect(res.body.csrf_token).toBe(cookies.norae_csrf.value);
    expect(cookies.norae_session.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(cookies.norae_csrf.attributes).not.toContain('httponly'); // the page reads it to echo it
    // a test run over plain http: not Secure, or the browser would drop it (production: below)
    expect(cookies.norae_session.attributes).not.toContain('secure');

    // the web app asks by header instead of body; login works the same
    const login = await documentedRequest(app)
      .post('/api/auth/login')
      .set('x-norae-session', 'cookie')
      .send({ email, password: 'right-password' });
    expect(login.status).toBe(200);
    expect(login.body.token).toBeUndefined();
    expect(setCookies(login).norae_session.attributes).toContain('httponly');
  });

  test('in production the cookies are Secure', async () => {
    const prod = createHttpApp(deps.logger, (a: express.Express) => {
      a.post('/sign-in', (req, res) => {
        startCookieSession(
          req,
          res,
          { env: 'production' },
          { token: 'a'.repeat(43), expires_at: new Date(Date.now() + 60_000).toISOString() },
        );
        res.status(204).end();
      });
    });
    const cookies = setCookies(await request(prod).post('/sign-in'));
    expect(cookies.norae_session.attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
    expect(cookies.norae_csrf.attributes).toContain('secure');
  });

  test('the cookie signs requests in; a write must echo the CSRF token, else 403 csrf_failed', async () => {
    const { cookie, csrf } = await cookieSession();
    const me = await request(app).get('/api/me').set('cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.email).toMatch(/^cookie-/);

    const bare = await request(app).post('/api/lists').set('cookie', cookie).send({ name: '애창곡' });
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('csrf_failed');
    const forged = await request(app)
      .post('/api/lists')
      .set('cookie', cookie)
      .set('x-csrf-token', 'x'.repeat(43))
      .send({ name: '애창곡' });
    expect(forged.status).toBe(403);
    // a CSRF cookie planted by someone else does not help: the token must match the session
    const planted = await request(app)
      .post('/api/lists')
      .set('cookie', cookie.replace(/norae_csrf=[^;]+/, 'norae_csrf=planted'))
      .set('x-csrf-token', 'planted')
      .send({ name: '애창곡' });
    expect(planted.status).toBe(403);
    expect((await request(app).get('/api/lists').set('cookie', cookie)).body.lists).toEqual([]);

    const ok = await documentedRequest(app)
      .post('/api/lists')
      .set('cookie', cookie)
      .set('x-csrf-token', csrf)
      .send({ name: '애창곡' });
    expect(ok.status).toBe(201);
    const csrfAgain = await documentedRequest(app).get('/api/auth/csrf').set('cookie', cookie);
    expect(csrfAgain.body.csrf_token).toBe(csrf);
  });

  test('bearer tokens work as before, without CSRF', async () => {
    const email = `bearer-${run}@example.com`;
    const signup = await documentedRequest(app).post('/api/auth/signup').send({ email, password: 'right-password' });
    expect(signup.body.token).toEqual(expect.any(String));
    expect(signup.headers['set-cookie']).toBeUndefined();
    const created = await documentedRequest(app)
      .post('/api/lists')
      .set('authorization', `Bearer ${signup.body.token}`)
      .send({ name: '발라드' });
    expect(created.status).toBe(201);
    expect((await request(app).get('/api/auth/csrf').set('authorization', `Bearer ${signup.body.token}`)).status).toBe(
      401,
    );
  });

  test('logout ends the session and clears both cookies; a stale cookie is cleared too', async () => {
    const { cookie, csrf } = await cookieSession();
    expect((await request(app).post('/api/auth/logout').set('cookie', cookie)).status).toBe(403); // a forged logout is refused
    const out = await documentedRequest(app).post('/api/auth/logout').set('cookie', cookie).set('x-csrf-token', csrf);
    expect(out.status).toBe(204);
    const cleared = setCookies(out);
    for (const name of ['norae_session', 'norae_csrf']) {
      expect(cleared[name].value).toBe('');
      expect(cleared[name].attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    }
    const after = await request(app).get('/api/me').set('cookie', cookie);
    expect(after.status).toBe(401);
    expect(setCookies(after).norae_session.value).toBe('');
  });
});

describe('private answers', () => {
  test('every /api/me* answer is Cache-Control: no-store, signed in or not, errors too', async () => {
    const { cookie } = await cookieSession();
    for (const path of [
      '/api/me',
      '/api/me/points',
      '/api/me/trending',
      '/api/me/recommendations',
      '/api/me/not-a-route',
    ]) {
      for (const headers of [{}, { cookie }]) {
        const res = await request(app).get(path).set(headers);
        expect([path, res.headers['cache-control']]).toEqual([path, 'no-store']);
      }
    }
  });
});

describe('security headers', () => {
  test('a CSP without inline script, no framing, nosniff; no HSTS outside production', async () => {
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('script-src-attr')).toBe("script-src-attr 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // API answers and the Swagger UI page carry them too (the browser test loads /docs under this same policy)
    expect((await request(app).get('/api/me')).headers['x-content-type-options']).toBe('nosniff');
    expect((await request(app).get('/docs')).headers['content-security-policy']).toBe(csp);
  });

  test('in production HSTS is sent (and insecure requests are upgraded)', async () => {
    const prod = createHttpApp(
      deps.logger,
      (a: express.Express) => {
        a.get('/', (_req, res) => {
          res.send('ok');
        });
      },
      { production: true },
    );
    const res = await request(prod).get('/');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{7,}; includeSubDomains/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  test('the web page has no inline script or event handler for the CSP to block', () => {
    const html = fs.readFileSync(projectPath('src', 'web', 'public', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });
});

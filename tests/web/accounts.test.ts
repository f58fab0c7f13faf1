// The web app's account screens and the answers they depend on, in Debian's headless Chromium against the real API,
// Postgres, Redis and indices: links read from the email_outbox table as a mail would carry them (PUBLIC_URL is this
// server), proofs refused until the address is verified, the server-issued anonymous session, and the Kakao
// link-password form against a local server answering like Kakao's three endpoints.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { clearTrending } from '../trending/helpers';
import { seedDemo } from '../../tools/demo/demo-set';
import { exifSeoulDate } from '../../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, proofPhoto } from '../../tools/fixtures/proof-photos';

// A stand-in for kauth.kakao.com + kapi.kakao.com: the consent page agrees at once and sends the browser back with `code`.
interface FakeKakao {
  server: http.Server;
  url: string;
  profiles: Map<string, unknown>;
  nextCode: string;
}

async function startFakeKakao(): Promise<FakeKakao> {
  const fake: FakeKakao = { server: http.createServer(), url: '', profiles: new Map(), nextCode: '' };
  fake.server.on('request', (req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const url = new URL(req.url ?? '/', fake.url);
      if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({
          code: fake.nextCode,
          state: url.searchParams.get('state') ?? '',
        }).toString();
        res.writeHead(302, { location: back.toString() });
        res.end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/oauth/token') {
        const code = new URLSearchParams(body).get('code') ?? '';
        if (!fake.profiles.has(code)) return json(400, { error: 'invalid_grant' });
        return json(200, { access_token: `at-${code}`, token_type: 'bearer', expires_in: 21599 });
      }
      if (req.method === 'GET' && url.pathname === '/v2/user/me') {
        const code = (req.headers.authorization ?? '').replace(/^Bearer at-/, '');
        return fake.profiles.has(code) ? json(200, fake.profiles.get(code)) : json(401, { code: -401 });
      }
      json(404, {});
    });
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

let kakao: FakeKakao;
let deps: Deps;
let server: http.Server;
let browser: Browser;
let baseUrl = '';
const now = new Date();
const FLOW_MS = 180_000; // one test is a whole flow: several bcrypt hashes and photo checks, on a machine shared with other runs
let seq = 0;
const freshEmail = (what: string) => `${what}-${process.pid}-${Date.now()}-${++seq}@example.com`;

beforeAll(async () => {
  kakao = await startFakeKakao();
  // the app's address must be known before its config: mails link to PUBLIC_URL, Kakao returns to KAKAO_REDIRECT_URI
  server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps = testDeps({
    PUBLIC_URL: baseUrl,
    RATE_LIMIT_ACCOUNT_MAIL_PER_MINUTE: '1000', // a person asks for a few links; this file asks for many in a minute
    KAKAO_CLIENT_ID: 'web-test',
    KAKAO_CLIENT_SECRET: 'web-secret',
    KAKAO_REDIRECT_URI: `${baseUrl}/login/kakao`,
    KAKAO_AUTH_BASE_URL: kakao.url,
    KAKAO_API_BASE_URL: kakao.url,
  });
  deps.clock = () => now; // a proof's "today in Seoul" does not move between making the photo and checking it
  await clearTrending(deps.redis, deps.config.redisPrefix);
  await seedDemo(deps);
  server.on('request', testApp(deps));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  kakao?.server.close();
  if (deps) await closeDeps(deps);
});

const toast = (page: Page, text: string) =>
  page.waitForFunction((t) => document.getElementById('toast')!.textContent!.includes(t), text, { timeout: 10_000 });
const rendered = (page: Page, section: string) =>
  page.waitForFunction((s) => document.body.dataset.screen === s, section, { timeout: 10_000 });
/** Waits for the element to say `text`; a timeout tells what it said instead. Generous: photo checks share the machine. */
async function says(page: Page, selector: string, text: string): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, t]) => document.querySelector(sel)?.textContent?.includes(t) ?? false,
      [selector, text] as const,
      { timeout: 45_000 },
    );
  } catch (err) {
    const said = await page
      .locator(selector)
      .first()
      .textContent()
      .catch(() => null);
    throw new Error(
      `${selector} never said "${text}"; it says ${JSON.stringify(said)} (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

/** The newest link of this kind mailed to the address, as the mail's body carries it. */
async function mailedLink(to: string, kind: 'verify_email' | 'password_reset'): Promise<string> {
  await deps.writers.idle(); // a reset mail is written after the 202
  const mail = (
    await deps.pg.query<{ body: string }>(
      'SELECT body FROM email_outbox WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1',
      [to, kind],
    )
  ).rows[0];
  expect(mail).toBeDefined();
  const screen = kind === 'verify_email' ? 'verify-email' : 'reset-password';
  const link = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}/#/${screen}\\?token=[\\w-]+`).exec(mail.body);
  expect(link).not.toBeNull();
  return link![0];
}
const mailCount = async (to: string, kind: string) =>
  Number(
    (await deps.pg.query('SELECT count(*) AS n FROM email_outbox WHERE to_address = $1 AND kind = $2', [to, kind]))
      .rows[0].n,
  );

/** A new browser profile (own cookies and localStorage) on the app. */
async function newPage(hash = '#/'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(`${baseUrl}/${hash}`);
  return page;
}

async function signUpInBrowser(page: Page, email: string, password = 'correct horse'): Promise<void> {
  await page.goto(`${baseUrl}/#/signup`);
  await rendered(page, 'signup');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '가입하기' }).click();
  await toast(page, '가입했어요');
}

/** Opens a mailed link the way a mail client does: a fresh load of the page. */
async function openLink(page: Page, link: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(link);
}

/** Opens the first product of the category and waits for its own page (not the product page shown before). */
async function openProduct(page: Page, category: string): Promise<void> {
  const product = (
    await deps.pg.query<{ id: string; name: string }>(
      'SELECT id, name FROM products WHERE category = $1 ORDER BY id LIMIT 1',
      [category],
    )
  ).rows[0];
  await page.goto(`${baseUrl}/#/product/${product.id}`);
  await page.waitForFunction((name) => document.querySelector('.product-page h1')?.textContent === name, product.name, {
    timeout: 10_000,
  });
}

async function upload(page: Page, photo: Buffer): Promise<void> {
  await page.locator('#photo').setInputFiles({ name: 'today.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('button', { name: '인증하기' }).click();
}

describe('e-mail verification', () => {
  test(
    'the account screen says the address needs verifying and mails a new link; the link verifies once and leaves the address bar',
    async () => {
      const page = await newPage();
      const email = freshEmail('verify');
      await signUpInBrowser(page, email);
      await page.locator('a[data-nav="me"]').click();
      await rendered(page, 'me');
      await says(page, '#verify-notice', '이메일 인증이 필요해요');
      await page.getByRole('button', { name: '인증 메일 다시 보내기' }).click();
      await toast(page, '인증 메일을 보냈어요');
      expect(await mailCount(email, 'verify_email')).toBe(2); // the sign-up's and the resent one

      const link = await mailedLink(email, 'verify_email');
      await openLink(page, link);
      await says(page, '#verify-result', '이메일을 인증했어요');
      expect(page.url()).not.toContain('token=');
      const user = await deps.pg.query('SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1', [
        email,
      ]);
      expect(user.rows[0].verified).toBe(true);

      await page.locator('a[data-nav="me"]').click();
      await page.locator('#profile').waitFor({ timeout: 10_000 });
      await expect(page.locator('#verify-notice').count()).resolves.toBe(0);

      // a link works once: opened again it says so, and offers a new one to the signed-in singer
      await openLink(page, link);
      await says(page, '#verify-result', '이미 썼거나');
      await expect(page.locator('#verify-email [data-resend-verify]').count()).resolves.toBe(1);
      await page.close();
    },
    FLOW_MS,
  );
});

describe('forgotten password', () => {
  test(
    'the login links to "비밀번호를 잊으셨나요?", the mailed link sets a new password, the old one stops working, the link is single use',
    async () => {
      const email = freshEmail('reset');
      const signup = await fetch(`${baseUrl}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'old password' }),
      });
      expect(signup.status).toBe(201);
      const page = await newPage('#/login');
      await rendered(page, 'login');
      await page.getByLabel('이메일').fill(email);
      await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
      await rendered(page, 'forgot-password');
      await expect(page.getByLabel('이메일').inputValue()).resolves.toBe(email); // carried over from the login form
      await page.getByRole('button', { name: '재설정 링크 받기' }).click();
      await says(page, '#forgot-result', '비밀번호 재설정 링크를 보냈어요');

      // an address without an account gets the same answer, and no mail
      const nobody = freshEmail('nobody');
      await page.getByRole('link', { name: '로그인으로' }).click();
      await rendered(page, 'login');
      await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
      await rendered(page, 'forgot-password');
      await page.getByLabel('이메일').fill(nobody);
      await page.getByRole('button', { name: '재설정 링크 받기' }).click();
      await says(page, '#forgot-result', '비밀번호 재설정 링크를 보냈어요');
      await deps.writers.idle();
      expect(await mailCount(nobody, 'password_reset')).toBe(0);

      const link = await mailedLink(email, 'password_reset');
      await openLink(page, link);
      await page.locator('#reset-password').waitFor({ timeout: 10_000 });
      expect(page.url()).not.toContain('token=');
      await page.getByLabel(/^새 비밀번호 \(/).fill('new password 1');
      await page.getByLabel('새 비밀번호 확인').fill('new password 2');
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      await says(page, '#form-error', '두 비밀번호가 달라요');
      await page.getByLabel('새 비밀번호 확인').fill('new password 1');
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      await toast(page, '비밀번호를 바꿨어요');
      await rendered(page, 'login');

      await page.getByLabel('이메일').fill(email);
      await page.getByLabel('비밀번호').fill('old password');
      await page.getByRole('button', { name: '로그인' }).click();
      await says(page, '#form-error', '이메일이나 비밀번호가 맞지 않아요');
      await page.getByLabel('비밀번호').fill('new password 1');
      await page.getByRole('button', { name: '로그인' }).click();
      await toast(page, '로그인했어요');
      await expect(page.locator('#nav-me').textContent()).resolves.toBe('내 정보');

      await openLink(page, link);
      await page.locator('#reset-password').waitFor({ timeout: 10_000 });
      await page.getByLabel(/^새 비밀번호 \(/).fill('newer password');
      await page.getByLabel('새 비밀번호 확인').fill('newer password');
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      await says(page, '#form-error', '이미 썼거나');
      await page.close();
    },
    FLOW_MS,
  );
});

describe('photo proofs in plain Korean', () => {
  test(
    'an unverified address is refused before the photo is judged; after the mailed link the same photo earns points',
    async () => {
      const page = await newPage();
      const email = freshEmail('proof');
      await signUpInBrowser(page, email);
      await openProduct(page, '생수');
      const photo = await proofPhoto(DETECTABLE_BOTTLE_SEEDS[40], exifSeoulDate(now));
      await upload(page, photo);
      await says(page, '#proof-result', '이메일 인증이 필요해요');
      const mails = await mailCount(email, 'verify_email');
      await page.locator('#proof-result').getByRole('button', { name: '인증 메일 다시 보내기' }).click();
      await toast(page, '인증 메일을 보냈어요');
      expect(await mailCount(email, 'verify_email')).toBe(mails + 1);

      await openLink(page, await mailedLink(email, 'verify_email'));
      await says(page, '#verify-result', '이메일을 인증했어요');
      await openProduct(page, '생수');
      await upload(page, photo);
      await says(page, '#proof-result', '인증됐어요');
      expect(Number(await page.locator('#points').textContent())).toBeGreaterThan(0);

      // a photo of the table without the bottle: the detector finds no product
      await upload(page, await proofPhoto(7001, exifSeoulDate(now), { bottle: false }));
      await says(page, '#proof-result', '제품이 보이게 다시 찍어 주세요');

      // a kind of product the detector cannot check waits for an operator
      await openProduct(page, '과자');
      const before = await page.locator('#points').textContent();
      await upload(page, await proofPhoto(DETECTABLE_BOTTLE_SEEDS[41], exifSeoulDate(now)));
      await says(page, '#proof-result', '확인 후 포인트가 들어와요');
      await expect(page.locator('#points').textContent()).resolves.toBe(before);
      await page.close();
    },
    FLOW_MS,
  );
});

describe('anonymous sessions', () => {
  test(
    'the session id comes from POST /api/sessions, once per device, and a new one is fetched when events stop counting',
    async () => {
      const songId = Number(
        (await deps.pg.query<{ id: string }>("SELECT id FROM songs WHERE title = '밤편지'")).rows[0].id,
      );
      const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
      const asked: string[] = [];
      page.on('request', (req) => {
        if (req.url().endsWith('/api/sessions')) asked.push(req.method());
      });
      await page.goto(`${baseUrl}/#/`);
      await page.evaluate(() => localStorage.setItem('norae.session', 's-madeupbyanolderpage0000')); // what older pages invented

      const issued = page.waitForResponse((r) => r.url().endsWith('/api/sessions'));
      const counted = page.waitForResponse((r) => r.url().endsWith('/api/events'));
      await page.goto(`${baseUrl}/#/song/${songId}`);
      const sessionId = (await (await issued).json()).session_id as string;
      expect(sessionId).toMatch(/^ns_/);
      await expect((await counted).json()).resolves.toEqual({ accepted: 1, counted: true });
      await rendered(page, 'song');
      await expect(page.evaluate(() => localStorage.getItem('norae.session'))).resolves.toBe(sessionId);
      expect(asked).toEqual(['POST']); // the song page's parallel requests shared one
      await deps.writers.flush();
      const views = await deps.pg.query(
        "SELECT actor FROM events WHERE session_id = $1 AND kind = 'view' AND song_id = $2",
        [sessionId, songId],
      );
      expect(views.rows).toEqual([{ actor: `s:${sessionId}` }]);

      // the server forgets the session (expired): the next event is kept but not counted, and the page asks for a new id
      await deps.redis.del(`sess:${sessionId}`);
      const notCounted = page.waitForResponse((r) => r.url().endsWith('/api/events'));
      await page.getByRole('button', { name: '불렀어요' }).click();
      await expect((await notCounted).json()).resolves.toEqual({ accepted: 1, counted: false });
      await page.waitForFunction((old) => localStorage.getItem('norae.session') !== old, sessionId, {
        timeout: 10_000,
      });
      const again = page.waitForResponse((r) => r.url().endsWith('/api/sessions'));
      const countedAgain = page.waitForResponse((r) => r.url().endsWith('/api/events'));
      await page.reload();
      const renewed = (await (await again).json()).session_id as string;
      expect(renewed).toMatch(/^ns_/);
      expect(renewed).not.toBe(sessionId);
      await expect((await countedAgain).json()).resolves.toEqual({ accepted: 1, counted: true });
      await page.close();
    },
    FLOW_MS,
  );
});

describe('Kakao login onto an account with the same address', () => {
  test(
    "the link-password form links Kakao with that account's password and signs in",
    async () => {
      const email = freshEmail('kakao');
      const signup = await fetch(`${baseUrl}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'account password' }),
      });
      expect(signup.status).toBe(201);
      const kakaoId = 700_000 + seq;
      kakao.nextCode = `code-${kakaoId}`;
      kakao.profiles.set(kakao.nextCode, {
        id: kakaoId,
        kakao_account: { email, is_email_verified: true, profile: { nickname: '카카오 가수' } },
      });

      const page = await newPage('#/login');
      await rendered(page, 'login');
      await page.getByRole('link', { name: '카카오로 로그인' }).click();
      await rendered(page, 'kakao-link');
      await says(page, '#view', email);
      await page.getByLabel('비밀번호').fill('not the password');
      await page.getByRole('button', { name: '연결하고 로그인' }).click();
      await says(page, '#form-error', '이메일이나 비밀번호가 맞지 않아요');
      await page.getByLabel('비밀번호').fill('account password');
      await page.getByRole('button', { name: '연결하고 로그인' }).click();
      await toast(page, '카카오 계정을 연결했어요');
      await expect(page.locator('#nav-me').textContent()).resolves.toBe('내 정보');
      const user = await deps.pg.query(
        'SELECT kakao_id, email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1',
        [email],
      );
      expect(user.rows[0]).toEqual({ kakao_id: String(kakaoId), verified: true });
      await page.close();
    },
    FLOW_MS,
  );
});

// Writes a screenshot of every screen of the web app to docs/screenshots/ (phone 375 px and desktop 1280 px),
// against the real stack with the demo data set. It replaces that database's data, so it runs only with
// APP_ENV=test, e.g. (the variables scripts/test.sh sets):
//   APP_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/norae_test_shots ES_INDEX_PREFIX=norae_test_shots_ \
//   REDIS_PREFIX=norae:test_shots: npx tsx scripts/prepare.ts --fresh && ... npx tsx scripts/screenshots.ts
// Signed-in shots sign in as the web app does: POST /api/auth/login in cookie mode from the page's own context, so
// the browser holds the HttpOnly session cookie and the CSRF cookie.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import type { Deps } from '../src/platform/deps';
import { createApp } from '../src/app';
import { seedDemo } from '../tools/demo/demo-set';
import { seedArrivalsDemo } from '../tools/demo/arrivals';
import { rebuildIndex } from '../src/platform/index-admin';
import { songsFamily } from '../src/songs/index-family';
import { exifSeoulDate } from '../tools/fixtures/exif-images';
import { proofPhoto } from '../tools/fixtures/proof-photos';

const { values: flags } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const OUT = path.resolve(flags.out!);

/** The demo accounts: `demo` has proved its address (lists, points, ...), `fresh` has just signed up. */
const USERS = {
  demo: { email: 'demo@example.com', password: 'demo password' },
  fresh: { email: 'new@example.com', password: 'new password' },
} as const;
type Who = keyof typeof USERS;
type Width = 'phone' | 'desktop';

interface ShotContext {
  width: Width;
  deps: Deps;
  songIds: Map<string, number>;
  water: number;
  signUp: (email: string) => Promise<void>;
}
interface Shot {
  name: string;
  hash: string | ((ctx: ShotContext) => Promise<string>);
  who: Who | null;
  ready: string;
  before?: (page: Page, ctx: ShotContext) => Promise<void>;
}

// what a catalog sync (nation) and the chart job (genres) would give the demo songs, so the search shows its filter chips
const SONG_GENRES: Record<string, string[]> = {
  '너의 의미': ['발라드'],
  밤편지: ['발라드'],
  취중진담: ['발라드'],
  '기억의 습작': ['발라드'],
  한숨: ['발라드'],
  사랑했나봐: ['발라드'],
  신호등: ['발라드'],
  '좋은 날': ['댄스'],
  블루밍: ['댄스'],
  뚜두뚜두: ['댄스'],
  마지막처럼: ['댄스'],
  으르렁: ['댄스'],
  봄날: ['발라드', '댄스'],
  다이너마이트: ['댄스', 'POP'],
  말달리자: ['락/메탈'],
  '나는 나비': ['락/메탈'],
};

async function seedSongFacets(deps: Deps): Promise<void> {
  await deps.pg.query("UPDATE songs SET nation = CASE WHEN title = '다이너마이트' THEN 'eng' ELSE 'kor' END");
  for (const [title, genres] of Object.entries(SONG_GENRES))
    await deps.pg.query('UPDATE songs SET genres = $2 WHERE title = $1', [title, genres]);
  await rebuildIndex(deps, songsFamily);
}

/** The link of the newest mail of this kind to the address, as a path of this server (mails link to PUBLIC_URL). */
async function mailedHash(deps: Deps, to: string, kind: 'verify_email' | 'password_reset'): Promise<string> {
  await deps.writers.idle(); // a reset mail is written after the 202
  const mail = (
    await deps.pg.query<{ body: string }>(
      'SELECT body FROM email_outbox WHERE to_address = $1 AND kind = $2 ORDER BY id DESC LIMIT 1',
      [to, kind],
    )
  ).rows[0];
  const hash = mail && /#\/[\w-]+\?token=[\w-]+/.exec(mail.body);
  if (!hash) throw new Error(`no ${kind} mail to ${to}`);
  return hash[0];
}

/** Uploads a proof photo and waits for the answer (not the "checking" line). */
async function submitProof(page: Page, photo: Buffer): Promise<void> {
  await page.locator('#photo').setInputFiles({ name: 'today.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('button', { name: '인증하기' }).click();
  await page.waitForFunction(
    () => {
      const out = document.getElementById('proof-result')!;
      return out.textContent !== '' && out.className !== 'status';
    },
    null,
    { timeout: 30_000 },
  );
}

const SHOTS: Shot[] = [
  {
    name: 'search',
    hash: '#/',
    who: 'demo',
    ready: '#results li',
    before: async (p) => {
      await p.locator('#q').pressSequentially('ㄴㅇㅇ', { delay: 30 });
    },
  },
  {
    name: 'search-filters',
    hash: `#/?q=${encodeURIComponent('방탄소년단')}`,
    who: 'demo',
    ready: '#song-filters [data-facet]',
  },
  {
    name: 'song',
    hash: async ({ songIds }) => `#/song/${songIds.get('좋은 날')}`,
    who: 'demo',
    ready: '#similar li.row',
  },
  { name: 'lists', hash: '#/lists', who: 'demo', ready: '#entries li.entry' },
  { name: 'next', hash: '#/next', who: 'demo', ready: '#recs li.row' },
  { name: 'trending', hash: '#/trending', who: 'demo', ready: '#trend-mine li' },
  {
    name: 'products',
    hash: '#/products',
    who: 'demo',
    ready: '#presults li.row',
    before: async (p) => {
      await p.locator('#pq').fill('생수');
      await p.locator('#pq').press('Enter');
    },
  },
  // a photo of the table without the bottle: the detector finds no product (a seed per width, so neither is a duplicate)
  {
    name: 'product-proof',
    hash: async ({ water }) => `#/product/${water}`,
    who: 'demo',
    ready: '#proof-result:not(:empty)',
    before: async (p, { width }) => {
      await submitProof(
        p,
        await proofPhoto(width === 'phone' ? 7101 : 7102, exifSeoulDate(new Date()), { bottle: false }),
      );
    },
  },
  // an address not yet proven: refused before the photo is looked at, with a button for a new link
  {
    name: 'product-proof-unverified',
    hash: async ({ water }) => `#/product/${water}`,
    who: 'fresh',
    ready: '#proof-result [data-resend-verify]',
    before: async (p, { width }) => {
      await submitProof(p, await proofPhoto(width === 'phone' ? 7201 : 7202, exifSeoulDate(new Date())));
    },
  },
  { name: 'new-songs', hash: '#/new', who: 'demo', ready: '#new-songs li.row' },
  { name: 'inbox', hash: '#/inbox', who: 'demo', ready: '#inbox li.row' },
  { name: 'me', hash: '#/me', who: 'demo', ready: '#profile' },
  { name: 'me-unverified', hash: '#/me', who: 'fresh', ready: '#verify-notice' },
  { name: 'login', hash: '#/login', who: null, ready: '#login' },
  { name: 'signup', hash: '#/signup', who: null, ready: '#signup' },
  { name: 'forgot-password', hash: '#/forgot-password', who: null, ready: '#forgot-password' },
  {
    name: 'reset-password',
    hash: ({ deps }) => mailedHash(deps, USERS.demo.email, 'password_reset'),
    who: null,
    ready: '#reset-password',
  },
  // a link is spent when opened: each width verifies an account of its own
  {
    name: 'verify-email',
    hash: async ({ deps, width, signUp }) => {
      const email = `verify-${width}@example.com`;
      await signUp(email);
      return mailedHash(deps, email, 'verify_email');
    },
    who: null,
    ready: '#verify-result.ok',
  },
];

async function main() {
  const config = loadConfig();
  const deps = createDeps(config);
  const server = createApp(deps).listen(0, '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    console.log('[screenshots] seeding the demo data (songs, sessions, model, products, trending)');
    const { songIds } = await seedDemo(deps);
    await seedSongFacets(deps);
    if (!server.listening) await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // the data is set up as an API client would (bearer token); only the browser uses the cookie session
    const call = async (method: string, url: string, token?: string, body?: unknown) => {
      const res = await fetch(base + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
      return res.status === 204 || res.status === 202 ? null : res.json();
    };
    const year = new Date().getFullYear();
    const { token, user } = await call('POST', '/api/auth/signup', undefined, {
      ...USERS.demo,
      display_name: '노래왕',
      gender: 'female',
      birth_year: year - 25,
    });
    await deps.pg.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [user.id]); // as if the mailed link was opened
    const list = await call('POST', '/api/lists', token, { name: '내 애창곡' });
    await call('POST', '/api/lists', token, { name: '회식용' });
    for (const title of ['너의 의미', '밤편지', '취중진담'])
      await call('PUT', `/api/lists/${list.id}/songs/${songIds.get(title)}`, token);
    await call('PATCH', `/api/lists/${list.id}/songs/${songIds.get('밤편지')}`, token, {
      key_shift: -3,
      note: '2절 빠르게',
    });
    await call('PATCH', `/api/lists/${list.id}/songs/${songIds.get('너의 의미')}`, token, { key_shift: 2 });
    await call('POST', '/api/events', token, { kind: 'sang', song_id: songIds.get('밤편지') });
    await seedArrivalsDemo(deps, songIds, user.id);
    await call('POST', '/api/auth/signup', undefined, { ...USERS.fresh, display_name: '새내기' });
    await call('POST', '/api/auth/password-reset', undefined, { email: USERS.demo.email }); // its link opens the reset form, never spent
    const water = Number(
      (await deps.pg.query<{ id: string }>("SELECT id FROM products WHERE category = '생수' ORDER BY id LIMIT 1"))
        .rows[0].id,
    );
    const signUp = async (email: string) => {
      await call('POST', '/api/auth/signup', undefined, { email, password: 'verify password' });
    };

    fs.mkdirSync(OUT, { recursive: true });
    let written = 0;
    for (const [label, width, height] of [
      ['phone', 375, 800],
      ['desktop', 1280, 860],
    ] as const) {
      for (const shot of SHOTS) {
        const ctx: ShotContext = { width: label, deps, songIds, water, signUp };
        const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'ko-KR' });
        if (shot.who) {
          const res = await page.request.post(`${base}/api/auth/login`, {
            data: { ...USERS[shot.who], session: 'cookie' },
          });
          if (!res.ok()) throw new Error(`signing in as ${shot.who} answered ${res.status()}: ${await res.text()}`);
        }
        const hash = typeof shot.hash === 'string' ? shot.hash : await shot.hash(ctx);
        await page.goto(`${base}/${hash}`);
        if (shot.before) await shot.before(page, ctx);
        await page.locator(shot.ready).first().waitFor({ timeout: 15_000 });
        await page.evaluate(() => document.fonts.ready);
        const file = path.join(OUT, `${shot.name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: label === 'phone' });
        written++;
        console.log(`[screenshots] ${written}/${SHOTS.length * 2} ${path.relative(process.cwd(), file)}`);
        await page.close();
      }
    }
    console.log(`[screenshots] done: ${written} screenshots in ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await browser.close();
    server.close();
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[screenshots] failed: ${err.stack ?? err.message}`);
  process.exit(1);
});

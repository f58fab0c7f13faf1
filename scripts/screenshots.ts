// Writes a screenshot of every screen of the web app to docs/screenshots/ (phone 375 px and desktop 1280 px),
// against the real stack with the demo data set. It replaces that database's data, so it runs only with
// APP_ENV=test, e.g. (the variables scripts/test.sh sets):
//   APP_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/norae_test_shots ES_INDEX_PREFIX=norae_test_shots_ \
//   REDIS_PREFIX=norae:test_shots: npx tsx scripts/prepare.ts --fresh && ... npx tsx scripts/screenshots.ts
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { createApp } from '../src/app';
import { seedDemo } from '../src/web/demo';
import { jpegWithExif } from '../src/abuse/exif-fixture';

const { values: flags } = parseArgs({ options: { out: { type: 'string', default: 'docs/screenshots' } } });
const OUT = path.resolve(flags.out!);

interface Shot { name: string; hash: string; signedIn: boolean; ready: string; before?: (page: Page) => Promise<void> }

const SHOTS: Shot[] = [
  { name: 'search', hash: '#/', signedIn: true, ready: '#results li', before: async (p) => { await p.locator('#q').pressSequentially('ㄴㅇㅇ', { delay: 30 }); } },
  { name: 'song', hash: '#/song/{좋은 날}', signedIn: true, ready: '#similar li.row' },
  { name: 'lists', hash: '#/lists', signedIn: true, ready: '#entries li.entry' },
  { name: 'next', hash: '#/next', signedIn: true, ready: '#recs li.row' },
  { name: 'trending', hash: '#/trending', signedIn: true, ready: '#trend-mine li' },
  { name: 'products', hash: '#/products', signedIn: true, ready: '#presults li.row', before: async (p) => { await p.locator('#pq').fill('생수'); await p.locator('#pq').press('Enter'); } },
  { name: 'product-proof', hash: '#/product/1', signedIn: true, ready: '#proof', before: async (p) => {
    await p.locator('#photo').setInputFiles({ name: 'old.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif({ dateTimeOriginal: '2020:05:01 12:00:00' }) });
    await p.getByRole('button', { name: '인증하기' }).click();
    await p.waitForFunction(() => document.getElementById('proof-result')!.textContent !== '');
  } },
  { name: 'me', hash: '#/me', signedIn: true, ready: '#profile' },
  { name: 'login', hash: '#/login', signedIn: false, ready: '#login' },
  { name: 'signup', hash: '#/signup', signedIn: false, ready: '#signup' },
];

async function main() {
  const config = loadConfig();
  const deps = createDeps(config);
  const server = createApp(deps).listen(0, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    console.log('[screenshots] seeding the demo data (songs, sessions, model, products, trending)');
    const { songIds } = await seedDemo(deps);
    if (!server.listening) await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = async (method: string, url: string, token?: string, body?: unknown) => {
      const res = await fetch(base + url, { method, headers: { 'content-type': 'application/json', 'x-session-id': 'screenshots-1', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.status === 204 ? null : res.json();
    };
    const year = new Date().getFullYear();
    const { token } = await call('POST', '/api/auth/signup', undefined, { email: 'demo@example.com', password: 'demo password', display_name: '노래왕', gender: 'female', birth_year: year - 25 });
    const list = await call('POST', '/api/lists', token, { name: '내 애창곡' });
    await call('POST', '/api/lists', token, { name: '회식용' });
    for (const title of ['너의 의미', '밤편지', '취중진담']) await call('PUT', `/api/lists/${list.id}/songs/${songIds.get(title)}`, token);
    await call('PATCH', `/api/lists/${list.id}/songs/${songIds.get('밤편지')}`, token, { key_shift: -3, note: '2절 빠르게' });
    await call('PATCH', `/api/lists/${list.id}/songs/${songIds.get('너의 의미')}`, token, { key_shift: 2 });
    await call('POST', '/api/events', token, { kind: 'sang', song_id: songIds.get('밤편지') });

    fs.mkdirSync(OUT, { recursive: true });
    let written = 0;
    for (const [label, width, height] of [['phone', 375, 800], ['desktop', 1280, 860]] as const) {
      for (const shot of SHOTS) {
        const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1, locale: 'ko-KR' });
        await page.goto(base + '/');
        await page.evaluate((t) => { localStorage.clear(); if (t) localStorage.setItem('norae.token', t); }, shot.signedIn ? token : '');
        const hash = shot.hash.replace(/\{(.+?)\}/, (_m, title: string) => String(songIds.get(title)));
        await page.goto(`${base}/${hash}`);
        await page.reload();
        if (shot.before) await shot.before(page);
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

main().catch((err) => { console.error(`[screenshots] failed: ${err.stack ?? err.message}`); process.exit(1); });

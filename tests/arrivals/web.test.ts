// The 신곡 screen and the arrival watch in Debian's headless Chromium at 375 px, against the real API, index and
// Postgres: catalogs come in through the real ingest, the arrival through a second ingest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import { ingestSongFiles } from '../../src/songs/ingest';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { seoulMonth } from '../../src/arrivals/new-songs';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const month = seoulMonth(new Date());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-arrivals-web-'));
let server: Server;
let browser: Browser;
let baseUrl: string;
let page: Page;

async function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

function catalogFile(
  name: string,
  rows: Array<{ brand: string; no: string; title: string; singer: string; release: string }>,
): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(rows));
  return file;
}

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, [
    'users',
    'songs',
    'catalog_entries',
    'song_merge_overrides',
    'song_merge_state',
    'catalog_entry_blocks',
    'catalog_alias_edges',
    'arrival_watches',
    'inbox_messages',
  ]);
  await ingestSongFiles(deps.pg, [
    catalogFile('tj.json', [
      { brand: 'tj', no: '95101', title: '새벽 세 시', singer: '하늘빛', release: `${month}-02` },
      { brand: 'tj', no: '95102', title: '기다리는 노래', singer: '하늘빛', release: `${month}-01` },
    ]),
    catalogFile('ky.json', [
      { brand: 'ky', no: '88101', title: '새벽 세 시', singer: '하늘빛', release: `${month}-03` },
    ]),
  ]);
  await rebuildIndex(deps, songsFamily);
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  const email = `watcher-${Date.now()}@example.com`;
  const signup = await fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse' }),
  });
  expect(signup.status).toBe(201);
  // signed in the way the app signs in, whatever it keeps the session in
  page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(baseUrl + '/#/login');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill('correct horse');
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('nav-me')!.textContent === '내 정보', null, {
    timeout: 10_000,
  });
}, 120_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await closeDeps(deps);
});

const toast = (text: string) =>
  page.waitForFunction((t) => document.getElementById('toast')!.textContent!.includes(t), text, { timeout: 10_000 });
const rendered = (section: string) =>
  page.waitForFunction((s) => document.body.dataset.screen === s, section, { timeout: 10_000 });
const row = (list: string, title: string) =>
  page.locator(`${list} li.row`).filter({ has: page.locator('.title', { hasText: title }) });

describe('at 375 px wide', () => {
  test("신곡: this month's new songs of the brand, its number large and the other brand's beside it", async () => {
    await page.locator('a[data-nav="new"]').click();
    await rendered('new');
    await page.locator('#new-songs li.row').first().waitFor({ timeout: 10_000 });
    await expect(page.locator('.new-songs [aria-selected="true"]').textContent()).resolves.toBe('TJ');
    await expect(page.locator('#new-songs li.row .title').allTextContents()).resolves.toEqual([
      '새벽 세 시',
      '기다리는 노래',
    ]);
    const both = row('#new-songs', '새벽 세 시');
    await expect(both.locator('[data-brand="tj"] .no').textContent()).resolves.toBe('95101');
    await expect(both.locator('[data-brand="ky"] .no').textContent()).resolves.toBe('88101');
    await expect(row('#new-songs', '기다리는 노래').locator('[data-brand="ky"] .no').textContent()).resolves.toBe(
      '아직 없어요',
    );
    const size = await both
      .locator('[data-brand="tj"] .no')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

    await page.locator('.new-songs [role="tab"]', { hasText: 'KY' }).click();
    await page.waitForFunction(
      () => document.querySelector('.new-songs [aria-selected="true"]')?.textContent === 'KY',
      null,
      { timeout: 10_000 },
    );
    await expect(page.locator('#new-songs li.row .title').allTextContents()).resolves.toEqual(['새벽 세 시']);
    await expect(page.locator('#new-songs li.row [data-brand="ky"] .no').textContent()).resolves.toBe('88101');
    await expect(page.locator('#new-songs li.row [data-brand="tj"] .no').textContent()).resolves.toBe('95101');
  });

  test('a signed-in singer watches a TJ-only song; an ingest brings its KY number to the inbox with a badge', async () => {
    await page.locator('.new-songs [role="tab"]', { hasText: 'TJ' }).click();
    await row('#new-songs', '기다리는 노래').locator('.song').click();
    await rendered('song');
    await expect(page.locator('#watch button', { hasText: 'TJ' }).count()).resolves.toBe(0); // TJ has it
    await page.getByRole('button', { name: 'KY에 들어오면 알려주세요' }).click();
    await toast('KY에 들어오면 알려 드릴게요');
    await page.locator('#watch .waiting').waitFor({ timeout: 10_000 });
    const watch = await deps.pg.query('SELECT brand, known_no, arrived_at FROM arrival_watches');
    expect(watch.rows).toEqual([{ brand: 'ky', known_no: '95102', arrived_at: null }]);
    await expect(page.locator('#inbox-badge').isHidden()).resolves.toBe(true);

    await ingestSongFiles(deps.pg, [
      catalogFile('ky-new.json', [
        { brand: 'ky', no: '88102', title: '기다리는 노래', singer: '하늘빛', release: `${month}-04` },
      ]),
    ]);
    await page.reload(); // the singer opens the app again
    await page.waitForFunction(
      () => {
        const b = document.getElementById('inbox-badge')!;
        return !b.hidden && b.textContent === '1';
      },
      null,
      { timeout: 10_000 },
    );
    await page.locator('#nav-inbox').click();
    await rendered('inbox');
    const message = row('#inbox', '기다리는 노래');
    await message.waitFor({ timeout: 10_000 });
    await expect(message.getAttribute('class')).resolves.toContain('unread');
    await expect(message.locator('.why').textContent()).resolves.toContain('KY에 들어왔어요');
    await expect(message.locator('[data-brand="ky"] .no').textContent()).resolves.toBe('88102');
    await expect(message.locator('[data-brand="tj"] .no').textContent()).resolves.toBe('95102');
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);

    // opening the message reads it and shows the arrival on the song
    await message.locator('.song').click();
    await rendered('song');
    await page.locator('#watch .ok').waitFor({ timeout: 10_000 });
    await expect(page.locator('#watch .ok').textContent()).resolves.toBe('KY에 들어왔어요! KY 88102번');
    await page.waitForFunction(() => document.getElementById('inbox-badge')!.hidden, null, { timeout: 10_000 });
    const read = await deps.pg.query('SELECT read_at FROM inbox_messages');
    expect(read.rows[0].read_at).not.toBeNull();
  });

  test('signed out there is no 알림 link, and the inbox asks to log in', async () => {
    await page.locator('a[data-nav="me"]').click();
    await page.getByRole('button', { name: '로그아웃' }).click();
    await toast('로그아웃했어요');
    await page.goto(baseUrl + '/#/inbox');
    await rendered('inbox');
    await expect(page.locator('#nav-inbox').isHidden()).resolves.toBe(true);
    await expect(page.locator('#view h1').textContent()).resolves.toBe('알림은 로그인하면 볼 수 있어요.');
  });
});

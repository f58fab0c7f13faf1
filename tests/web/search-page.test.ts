// The search-as-you-type page in real headless Chromium against the real API and index.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from '../songs/fixtures';
import { ingestProductDirectory } from '../../src/products/catalog';
import { productsFamily } from '../../src/products/index-family';

const deps = testDeps();
let server: Server;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
  await ingestProductDirectory(deps.pg);
  await rebuildIndex(deps, productsFamily);
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await closeDeps(deps);
});

test('typing ㄴㅇㅇㅁ on a phone-sized screen shows 너의 의미 with its TJ and KY numbers', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(baseUrl + '/');
  await page.locator('#q').pressSequentially('ㄴㅇㅇㅁ', { delay: 30 });
  // results for the partial input may show first; wait for the answer to the whole query to be on screen
  await page.waitForFunction(() => document.querySelector('#results li .title')?.textContent === '너의 의미', null, { timeout: 10_000 });
  const first = page.locator('#results li').first();
  await expect(first.locator('[data-brand="tj"]').textContent()).resolves.toContain('31954');
  await expect(first.locator('[data-brand="ky"]').textContent()).resolves.toContain('47452');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
  await page.close();
});

test('arrow keys move the selection through the results', async () => {
  const page = await browser.newPage();
  await page.goto(baseUrl + '/');
  await page.locator('#q').fill('아이유');
  await page.locator('#results li').nth(1).waitFor({ timeout: 10_000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selected = await page.locator('#results li[aria-selected="true"]').getAttribute('id');
  expect(selected).toBe('opt-1');
  await page.close();
});

test('a slow answer to an older keystroke never replaces the newer results', async () => {
  const page = await browser.newPage();
  // delay only the first request so it comes back after the second one
  let first = true;
  await page.route('**/api/songs/search*', async (route) => {
    if (first) { first = false; await new Promise((r) => setTimeout(r, 1500)); }
    await route.continue();
  });
  await page.goto(baseUrl + '/');
  await page.locator('#q').fill('봄날');
  await page.waitForTimeout(300);
  await page.locator('#q').fill('신호등');
  await page.waitForTimeout(2500);
  await expect(page.locator('#results li .title').first().textContent()).resolves.toBe('신호등');
  await page.close();
});

test('the second tab searches no-label products', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(baseUrl + '/');
  await page.locator('#tab-products').click();
  await page.locator('#q').fill('무라벨 생수');
  const first = page.locator('#results li').first();
  await first.waitFor({ timeout: 10_000 });
  await expect(first.locator('.title').textContent()).resolves.toContain('생수');
  await expect(page.locator('#tab-products').getAttribute('aria-selected')).resolves.toBe('true');
  await page.close();
});

// Three phones (375 px browser contexts) in one room: join by link, add from search, reorder on one and see it on
// the others, a network drop and reconnect, "불렀어요", close.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import { buildSongsIndex, seedCatalog, type ClusterSong } from '../recs/helpers';

const deps = testDeps();
let server: Server;
let browser: Browser;
let base = '';
let songs: ClusterSong[] = [];

beforeAll(async () => {
  songs = await seedCatalog(deps);
  await buildSongsIndex(deps);
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);
afterAll(async () => { await browser?.close(); server?.closeAllConnections(); server?.close(); await closeDeps(deps); });

const phone = async () => (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
const queueTitles = (p: Page) => p.$$eval('#room-queue .room-item .title', (els) => els.map((e) => e.textContent));
const waitQueue = (p: Page, titles: string[]) => p.waitForFunction((t) => JSON.stringify([...document.querySelectorAll('#room-queue .room-item .title')].map((e) => e.textContent)) === JSON.stringify(t), titles, { timeout: 10_000 });

async function addFromSearch(p: Page, title: string) {
  await p.fill('#room-q', title);
  await p.waitForSelector(`#room-results li:has-text("${title}") button`, { timeout: 10_000 });
  await p.click(`#room-results li:has-text("${title}") button`);
}

test('three phones share one queue live', async () => {
  const [a, b, c] = [await phone(), await phone(), await phone()];
  await a.goto(`${base}/#/room`);
  await a.fill('#room-create input[name=name]', '방장');
  await a.click('#room-create button');
  await a.waitForSelector('#room-code');
  const code = (await a.textContent('#room-code'))!;
  for (const [p, name] of [[b, '민지'], [c, '지수']] as const) {
    await p.goto(`${base}/#/room/${code}`);
    await p.fill('#room-join input[name=name]', name);
    await p.click('#room-join button');
    await p.waitForSelector('#room-code');
  }
  await a.waitForFunction(() => document.getElementById('room-members')!.textContent!.includes('지수'), undefined, { timeout: 10_000 });
  const [s1, s2] = songs.filter((s) => s.tj_no);
  await addFromSearch(b, s1.title);
  await addFromSearch(c, s2.title);
  for (const p of [a, b, c]) await waitQueue(p, [s1.title, s2.title]);
  await a.screenshot({ path: 'docs/screenshots/room-queue.png' }).catch(() => undefined);

  // reorder on one phone, seen on the others
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=up]`);
  for (const p of [b, c]) await waitQueue(p, [s2.title, s1.title]);

  // C drops off the network; changes meanwhile arrive once it is back, none twice
  await c.context().setOffline(true);
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=singing]`);
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=sang]`);
  await waitQueue(b, [s1.title]);
  await c.context().setOffline(false);
  await waitQueue(c, [s1.title]);
  await c.waitForFunction((t) => document.getElementById('room-sang')!.textContent!.includes(t), s2.title, { timeout: 15_000 });
  expect(await c.$$eval('#room-sang li', (els) => els.length)).toBe(1);
  expect(await queueTitles(c)).toEqual([s1.title]);

  // the creator closes: everyone sees it
  await a.click('#room-close');
  for (const p of [a, b, c]) await p.waitForSelector('#room-closed:not([hidden])', { timeout: 10_000 });
}, 120_000);

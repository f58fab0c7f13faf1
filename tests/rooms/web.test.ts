// Three phones (375 px browser contexts) in one room: join by link (QR shown), add from search and from a saved list
// (its key memo on every phone), reorder on one and see it on the others, a network drop and reconnect, "불렀어요" with
// sing-next following each song, close, and "save as list".
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import { buildSongsIndex, seedCatalog, seedSessions, type ClusterSong } from '../recs/helpers';
import { trainRecs } from '../../src/recs/train';

const deps = testDeps({ RECS_EPOCHS: '15', RECS_MIN_COUNT: '1' });
let server: Server;
let browser: Browser;
let base = '';
let songs: ClusterSong[] = [];

beforeAll(async () => {
  songs = await seedCatalog(deps);
  await seedSessions(deps, songs);
  await buildSongsIndex(deps);
  await trainRecs(deps, { inProcess: true });
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  await closeDeps(deps);
});

const phone = async () => (await browser.newContext({ viewport: { width: 375, height: 740 } })).newPage();
const queueTitles = (p: Page) => p.$$eval('#room-queue .room-item .title', (els) => els.map((e) => e.textContent));
const waitQueue = (p: Page, titles: string[]) =>
  p.waitForFunction(
    (t) =>
      JSON.stringify([...document.querySelectorAll('#room-queue .room-item .title')].map((e) => e.textContent)) ===
      JSON.stringify(t),
    titles,
    { timeout: 10_000 },
  );

const nextText = (p: Page) => p.$eval('#room-next', (el) => el.textContent ?? '');
const nextTitles = (p: Page) => p.$$eval('#room-next .title', (els) => els.map((e) => e.textContent ?? ''));

/** Signs the phone in with a cookie session; answers a bearer token of the same account for setting up its lists. */
async function signIn(p: Page): Promise<string> {
  const account = { email: `room-web-${Date.now()}@example.com`, password: 'password1' };
  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  expect(signup.status).toBe(201);
  const login = await p
    .context()
    .request.post(`${base}/api/auth/login`, { headers: { 'x-norae-session': 'cookie' }, data: account });
  expect(login.status()).toBe(200);
  return (await signup.json()).token;
}

async function api(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.status === 204 ? null : res.json();
}

async function addFromSearch(p: Page, title: string) {
  await p.fill('#room-q', title);
  await p.waitForSelector(`#room-results li:has-text("${title}") button`, { timeout: 10_000 });
  await p.click(`#room-results li:has-text("${title}") button`);
}

test('three phones share one queue live', async () => {
  const [a, b, c] = [await phone(), await phone(), await phone()];
  const onTj = songs.filter((s) => s.tj_no);
  const [s1, s2, s3] = onTj;
  // the creator is signed in, with a saved list whose entry carries a key memo
  const token = await signIn(a);
  const list = await api(token, 'POST', '/api/lists', { name: '내 십팔번' });
  await api(token, 'PUT', `/api/lists/${list.id}/songs/${s3.id}`);
  await api(token, 'PATCH', `/api/lists/${list.id}/songs/${s3.id}`, { key_shift: -2, note: '후렴 낮게' });

  await a.goto(`${base}/#/room`);
  await a.fill('#room-create input[name=name]', '방장');
  await a.click('#room-create button');
  await a.waitForSelector('#room-code');
  const code = (await a.textContent('#room-code'))!;
  // the QR code of the join link is on the room screen, rendered without any network
  await a.waitForFunction(
    () => {
      const img = document.getElementById('room-qr') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    },
    undefined,
    { timeout: 10_000 },
  );
  const qr = await fetch(`${base}/api/rooms/${code}/qr.svg`);
  expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  expect(await qr.text()).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  for (const [p, name] of [
    [b, '민지'],
    [c, '지수'],
  ] as const) {
    await p.goto(`${base}/#/room/${code}`);
    await p.fill('#room-join input[name=name]', name);
    await p.click('#room-join button');
    await p.waitForSelector('#room-code');
  }
  await a.waitForFunction(() => document.getElementById('room-members')!.textContent!.includes('지수'), undefined, {
    timeout: 10_000,
  });
  await a.screenshot({ path: 'docs/screenshots/room-join-qr.png' }).catch(() => undefined);
  await addFromSearch(b, s1.title);
  await addFromSearch(c, s2.title);
  for (const p of [a, b, c]) await waitQueue(p, [s1.title, s2.title]);

  // from the creator's saved list: the key memo comes along and every phone shows it
  await a.click('#room-show-lists');
  await a.waitForSelector(`#room-lists li:has-text("${s3.title}") button`, { timeout: 10_000 });
  await a.click(`#room-lists li:has-text("${s3.title}") button`);
  for (const p of [a, b, c]) {
    await waitQueue(p, [s1.title, s2.title, s3.title]);
    expect(await p.textContent(`#room-queue li:has-text("${s3.title}") .room-memo`)).toBe('키 -2 · 후렴 낮게');
  }
  await a.$eval('#room-code', (el) => el.scrollIntoView());
  await a.screenshot({ path: 'docs/screenshots/room-queue.png' }).catch(() => undefined);

  // reorder on one phone, seen on the others
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=up]`);
  for (const p of [b, c]) await waitQueue(p, [s2.title, s1.title, s3.title]);

  // C drops off the network; changes meanwhile arrive once it is back, none twice
  const nextBefore = await nextText(b);
  await c.context().setOffline(true);
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=singing]`);
  await a.click(`#room-queue li:has-text("${s2.title}") button[data-act=sang]`);
  await waitQueue(b, [s1.title, s3.title]);
  await c.context().setOffline(false);
  await waitQueue(c, [s1.title, s3.title]);
  await c.waitForFunction((t) => document.getElementById('room-sang')!.textContent!.includes(t), s2.title, {
    timeout: 15_000,
  });
  expect(await c.$$eval('#room-sang li', (els) => els.length)).toBe(1);
  expect(await queueTitles(c)).toEqual([s1.title, s3.title]);

  // sing-next follows each song sung: after the first it names that song, after the next one it changes again
  await b.waitForFunction(
    ([before, t]) => {
      const text = document.getElementById('room-next')!.textContent!;
      return text !== before && text.includes(`'${t}'`);
    },
    [nextBefore, s2.title] as const,
    { timeout: 15_000 },
  );
  const afterFirst = await nextText(b);
  expect(await nextTitles(b)).not.toContain(s2.title);
  await a.screenshot({ path: 'docs/screenshots/room-sing-next.png', fullPage: true }).catch(() => undefined);
  await b.click(`#room-queue li:has-text("${s1.title}") button[data-act=singing]`);
  await b.click(`#room-queue li:has-text("${s1.title}") button[data-act=sang]`);
  for (const p of [a, b, c]) await waitQueue(p, [s3.title]);
  await b.waitForFunction((before) => document.getElementById('room-next')!.textContent! !== before, afterFirst, {
    timeout: 15_000,
  });
  const sungOrQueued = [s1.title, s2.title, s3.title];
  expect((await nextTitles(b)).filter((t) => sungOrQueued.includes(t))).toEqual([]);

  // the creator closes: everyone sees it; the signed-in creator saves the room's songs as a list (sung first)
  await a.click('#room-close');
  for (const p of [a, b, c]) await p.waitForSelector('#room-closed:not([hidden])', { timeout: 10_000 });
  expect(await a.isVisible('#room-qr')).toBe(false);
  // not "reconnecting": a closed room has nothing more to follow
  await c.waitForFunction(
    () =>
      document.getElementById('room-live')!.dataset.live === 'closed' &&
      document.getElementById('room-live')!.textContent === '',
    undefined,
    { timeout: 10_000 },
  );
  await a.click('#room-save');
  await a.waitForFunction(
    () => document.getElementById('toast')!.textContent!.includes('3곡을 저장했어요'),
    undefined,
    { timeout: 10_000 },
  );
  await a.$eval('#room-code', (el) => el.scrollIntoView());
  await a.screenshot({ path: 'docs/screenshots/room-closed.png' }).catch(() => undefined);
  const lists = (await api(token, 'GET', '/api/lists')).lists as Array<{ id: number; name: string }>;
  const saved = lists.find((l) => l.name.includes(code))!;
  const full = await api(token, 'GET', `/api/lists/${saved.id}`);
  expect(full.songs.map((x: { song_id: number }) => x.song_id)).toEqual([s2.id, s1.id, s3.id]);
  // an anonymous member is told to sign in
  await b.click('#room-save');
  await b.waitForFunction(() => document.getElementById('toast')!.textContent!.includes('로그인'), undefined, {
    timeout: 10_000,
  });
}, 180_000);

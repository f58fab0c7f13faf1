// In Debian's headless Chromium: the web app signs in with the cookie session (no token where scripts can read it)
// and writes through its CSRF header, and neither the app nor Swagger UI (/docs) trips the Content Security Policy.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';

const deps = testDeps();
let server: Server;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  server?.close();
  await closeDeps(deps);
});

/** A page that records every CSP violation it sees (the recorder is injected by the browser, not by the page). */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  return {
    page,
    violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  };
}

test('sign-up in the web app keeps the session in an HttpOnly cookie, writes carry the CSRF header, the CSP is never tripped', async () => {
  const { page, violations } = await watchedPage();
  await page.goto(`${baseUrl}/#/signup`);
  await page.waitForFunction(() => document.body.dataset.screen === 'signup', null, { timeout: 10_000 });
  await page.getByLabel('이메일').fill(`browser-${process.pid}-${Date.now()}@example.com`);
  await page.getByLabel('비밀번호').fill('correct horse');
  await page.getByRole('button', { name: '가입하기' }).click();
  await page.waitForFunction(() => document.getElementById('nav-me')?.textContent === '내 정보', null, {
    timeout: 10_000,
  });

  const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), cookie: document.cookie }));
  expect(stored.local).not.toContain('norae.token');
  expect(stored.cookie).toContain('norae_csrf=');
  expect(stored.cookie).not.toContain('norae_session'); // HttpOnly: invisible to scripts
  const session = (await page.context().cookies()).find((c) => c.name === 'norae_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  // the app's own fetch wrapper writes (cookie + CSRF header); the same write without the header is refused
  const viaApp = await page.evaluate(
    "import('/js/api.js').then((m) => m.api('POST', '/api/lists', { name: '브라우저' })).then((r) => r.status)",
  );
  expect(viaApp).toBe(201);
  const bare = await page.evaluate(() =>
    fetch('/api/lists', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"csrf"}',
    }).then((r) => r.status),
  );
  expect(bare).toBe(403);
  expect(await violations()).toEqual([]);
  await page.close();
});

test('Swagger UI at /docs still renders the API under the same CSP, nothing blocked', async () => {
  const { page, violations } = await watchedPage();
  await page.goto(`${baseUrl}/docs`);
  await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
  expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
  await page.locator('.opblock-summary').first().click(); // an operation opened: its schemas and examples render too
  await page.locator('.opblock-body').first().waitFor({ timeout: 10_000 });
  expect(await violations()).toEqual([]);
  await page.close();
});

// The singer's web app end to end in Debian's headless Chromium, against the real API, indices, Postgres and Redis,
// at phone (375 px) and desktop (1280 px) widths: one browser, one page per width, the flows in order.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { testDeps, testApp, closeDeps } from '../support';
import { clearTrending } from '../trending/helpers';
import { seedDemo } from '../../tools/demo/demo-set';
import { exifSeoulDate } from '../../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, proofPhoto } from '../../tools/fixtures/proof-photos';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';

const deps = testDeps();
const now = new Date();
deps.clock = () => now; // a proof's "today in Seoul" does not move between making the photo and checking it
let server: Server;
let browser: Browser;
let baseUrl: string;

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

beforeAll(async () => {
  // trending answers are cached per minute: another suite's list from the same minute must not be served here
  await clearTrending(deps.redis, deps.config.redisPrefix);
  await seedDemo(deps);
  server = testApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await closeDeps(deps);
});

const toast = (page: Page, text: string) =>
  page.waitForFunction((t) => document.getElementById('toast')!.textContent!.includes(t), text, { timeout: 10_000 });
const rendered = (page: Page, section: string) =>
  page.waitForFunction((s) => document.body.dataset.screen === s, section, { timeout: 10_000 });
const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

describe.each([
  [375, 740],
  [1280, 800],
])('at %i px wide', (width, height) => {
  let page: Page;
  const email = `singer-${width}-${Date.now()}@example.com`;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width, height } });
    await page.goto(baseUrl + '/');
  });
  afterAll(() => page?.close());

  test('sign up with gender and birth year', async () => {
    await page.locator('a[data-nav="me"]').click();
    await page.locator('a[href="#/signup"]').click();
    await rendered(page, 'signup');
    await page.getByLabel('이메일').fill(email);
    await page.getByLabel('비밀번호').fill('correct horse');
    await page.getByLabel('성별').selectOption('female');
    await page.getByLabel('태어난 해').fill(String(year - 25));
    await page.getByRole('button', { name: '가입하기' }).click();
    await toast(page, '가입했어요');
    await expect(page.locator('#nav-me').textContent()).resolves.toBe('내 정보');
    const user = await deps.pg.query('SELECT gender, birth_year FROM users WHERE email = $1', [email]);
    expect(user.rows[0]).toEqual({ gender: 'female', birth_year: year - 25 });
  });

  test("search as you type: chosung finds 너의 의미 with both numbers and exactly the server's matched ranges marked, the input never moves", async () => {
    await page.locator('a[data-nav="search"]').click();
    const input = page.locator('#q');
    const before = await input.boundingBox();
    const answered = page.waitForResponse(
      (r) => r.url().includes('/api/songs/autocomplete') && new URL(r.url()).searchParams.get('q') === 'ㄴㅇㅇㅁ',
    );
    await input.pressSequentially('ㄴㅇㅇㅁ', { delay: 20 });
    const answer = (await (await answered).json()) as {
      items: Array<{ title: string; matches: { title: number[][]; artist: number[][] } }>;
    };
    await page.waitForFunction(() => document.querySelector('#results li .title')?.textContent === '너의 의미', null, {
      timeout: 10_000,
    });
    const first = page.locator('#results li').first();
    await expect(first.locator('[data-brand="tj"] .no').textContent()).resolves.toBe('31954');
    await expect(first.locator('[data-brand="ky"] .no').textContent()).resolves.toBe('47452');
    // each <mark> sits on one [start, end) range the server sent, no more and no less
    const server = answer.items.find((s) => s.title === '너의 의미')!.matches;
    const markedRanges = (selector: string) =>
      first.locator(selector).evaluate((el) => {
        const ranges: number[][] = [];
        let at = 0;
        for (const node of Array.from(el.childNodes)) {
          const length = node.textContent!.length;
          if (node.nodeName === 'MARK') ranges.push([at, at + length]);
          at += length;
        }
        return ranges;
      });
    expect(server.title.length).toBeGreaterThan(0);
    await expect(markedRanges('.title')).resolves.toEqual(server.title);
    await expect(markedRanges('.artist')).resolves.toEqual(server.artist);
    expect((await first.locator('.title mark').allTextContents()).join('')).toBe('너의의미'); // every initial typed
    // the search screen has no matcher of its own: hangul-js is not even loaded here
    await expect(page.evaluate(() => 'Hangul' in window)).resolves.toBe(false);
    expect(await input.boundingBox()).toEqual(before);
    // the machine numbers are large enough to read at arm's length
    const size = await first
      .locator('[data-brand="tj"] .no')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
    // a partly typed syllable is highlighted too (the server's ranges compare jamo)
    await input.fill('');
    await input.pressSequentially('밤펴', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('#results li .title')?.textContent === '밤편지', null, {
      timeout: 10_000,
    });
    await expect(page.locator('#results li').first().locator('.title mark').textContent()).resolves.toBe('밤편');
  });

  test('the brand switch filters results and is remembered on the device', async () => {
    await page.locator('label[for="brand-ky"]').click();
    const input = page.locator('#q');
    await input.fill('좋은 날');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#results li').length > 0 &&
        [...document.querySelectorAll('#results li [data-brand="ky"] .no')].every((n) => n.textContent !== '—'),
      null,
      { timeout: 10_000 },
    );
    expect(await texts(page, '#results li .title')).not.toContain('좋은 날 (Live)'); // no KY number
    await page.reload();
    await expect(page.locator('#brand-ky').isChecked()).resolves.toBe(true);
    await page.locator('label[for="brand-all"]').click();
    await expect(page.evaluate(() => localStorage.getItem('norae.brand'))).resolves.toBe('');
  });

  test('one tap saves a result to a list', async () => {
    const input = page.locator('#q');
    for (const title of ['너의 의미', '밤편지']) {
      await input.fill(title);
      await page.waitForFunction((t) => document.querySelector('#results li .title')?.textContent === t, title, {
        timeout: 10_000,
      });
      await page.locator('#results li').first().locator('button.save').click();
      await toast(page, `‘${title}’를 내 애창곡에 저장했어요`);
    }
    // the particle follows the title's last syllable (its final consonant); a title ending in Latin letters keeps both forms
    // (a string, so the test compiler leaves the browser's dynamic import alone)
    const particles = await page.evaluate(
      "import('/js/josa.js').then((m) => ['좋은 날', '밤편지', 'Butter'].map(m.objectParticle))",
    );
    expect(particles).toEqual(['을', '를', '을(를)']);
  });

  test('the song page shows both numbers, versions side by side and similar songs', async () => {
    await page.locator('#q').fill('좋은 날');
    await page.waitForFunction(() => document.querySelector('#results li .title')?.textContent === '좋은 날', null, {
      timeout: 10_000,
    });
    await page.locator('#results li').first().locator('.song').click();
    await rendered(page, 'song');
    await expect(page.locator('.song-page h1').textContent()).resolves.toBe('좋은 날');
    await expect(page.locator('.big [data-brand="tj"] .no').textContent()).resolves.toBe('33393');
    await page.waitForFunction(() => document.querySelectorAll('#versions .version').length === 2, null, {
      timeout: 10_000,
    });
    await expect(texts(page, '#versions .tag')).resolves.toEqual(['원곡', 'Live']);
    const boxes = await page
      .locator('#versions .version')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(boxes[0]).toBe(boxes[1]); // side by side
    await page.waitForFunction(() => document.querySelectorAll('#similar li.row').length > 0, null, {
      timeout: 10_000,
    });
  });

  test('reorder, key memo and note in my list persist', async () => {
    await page.locator('a[data-nav="lists"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#entries li.entry').length === 2, null, {
      timeout: 10_000,
    });
    expect(await texts(page, '#entries li.entry .title')).toEqual(['너의 의미', '밤편지']);
    await page.getByRole('button', { name: '너의 의미 아래로' }).click();
    await page.waitForFunction(
      () => document.querySelector('#entries li.entry .title')?.textContent === '밤편지',
      null,
      { timeout: 10_000 },
    );
    // focus stays on the moved song (now last, so on its "up" button): keyboard users can keep moving it
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toBe(
      '너의 의미 위로',
    );
    const first = page.locator('#entries li.entry').first();
    await first.getByLabel('키').selectOption('-3');
    await toast(page, '키 메모: −3');
    await first.getByLabel('메모').fill('2절 빠르게');
    await first.getByLabel('메모').press('Tab');
    await toast(page, '메모를 저장했어요');
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('#entries li.entry').length === 2, null, {
      timeout: 10_000,
    });
    expect(await texts(page, '#entries li.entry .title')).toEqual(['밤편지', '너의 의미']);
    await expect(page.locator('#entries li.entry').first().getByLabel('키').inputValue()).resolves.toBe('-3');
    await expect(page.locator('#entries li.entry').first().getByLabel('메모').inputValue()).resolves.toBe('2절 빠르게');
  });

  test('the filter box narrows my list by 초성 or a half-typed syllable in the browser, asking the server nothing', async () => {
    const shown = () => texts(page, '#entries li.entry:not([hidden]) .title');
    const marked = () => texts(page, '#entries li.entry:not([hidden]) .title mark');
    const filterShows = (titles: string[]) =>
      page.waitForFunction(
        (want) =>
          JSON.stringify(
            [...document.querySelectorAll('#entries li.entry:not([hidden]) .title')].map((t) => t.textContent),
          ) === JSON.stringify(want),
        titles,
        { timeout: 10_000 },
      );
    const filter = page.getByLabel('이 목록에서 찾기');
    await page.waitForFunction(() => 'Hangul' in window, null, { timeout: 10_000 }); // loaded by this screen
    const asked: string[] = [];
    const onRequest = (req: Request) => {
      if (new URL(req.url()).pathname.startsWith('/api/')) asked.push(req.url());
    };
    page.on('request', onRequest);
    try {
      await filter.pressSequentially('ㄴㅇ', { delay: 20 });
      await filterShows(['너의 의미']);
      await expect(marked()).resolves.toEqual(['너의']);
      await filter.fill('ㅂㅍㅈ');
      await filterShows(['밤편지']);
      await expect(marked()).resolves.toEqual(['밤편지']);
      await filter.fill('밤펴'); // the last syllable still being typed
      await filterShows(['밤편지']);
      await expect(marked()).resolves.toEqual(['밤편']);
      await filter.fill('ㅋㅋ');
      await filterShows([]);
      await expect(page.locator('#list-filter-status').textContent()).resolves.toBe('맞는 노래가 없어요');
      await filter.fill('');
      await filterShows(['밤편지', '너의 의미']);
      await expect(page.locator('#entries .title mark').count()).resolves.toBe(0);
    } finally {
      page.off('request', onRequest);
    }
    expect(asked).toEqual([]);
    expect(await shown()).toEqual(['밤편지', '너의 의미']);
  });

  test('"I sang it" records a sang event', async () => {
    await page.getByRole('button', { name: '밤편지 불렀어요' }).click();
    await toast(page, '‘밤편지’ 불렀어요');
    await deps.writers.flush();
    const rows = await deps.pg.query(
      `SELECT e.kind FROM events e JOIN users u ON u.id = e.user_id JOIN songs s ON s.id = e.song_id WHERE u.email = $1 AND s.title = '밤편지' AND e.kind = 'sang'`,
      [email],
    );
    expect(rows.rowCount).toBe(1);
  });

  test('"sing next" shows recommendations with the saved song they come from', async () => {
    await page.locator('a[data-nav="next"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#recs li.row').length > 0, null, { timeout: 15_000 });
    const why = await texts(page, '#recs .why');
    expect(why.some((w) => /‘(너의 의미|밤편지)’를 저장해서/.test(w))).toBe(true);
    const titles = await texts(page, '#recs .title');
    expect(titles).not.toContain('너의 의미'); // saved songs are not recommended back
  });

  test('trending for my segment and for everyone, with up/down/new marks', async () => {
    await page.locator('a[data-nav="trending"]').click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#trend-all li').length > 0 && document.querySelectorAll('#trend-mine li').length > 0,
      null,
      { timeout: 10_000 },
    );
    await expect(page.locator('#mine-h').textContent()).resolves.toBe('20대 여성에서');
    const marks = await page
      .locator('#trend-all .move')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(marks).toEqual(expect.arrayContaining(['순위 상승', '새로 진입']));
    expect(await texts(page, '#trend-mine a')).not.toContain('말달리자'); // a 30s male search
  });

  test('products: search with facets, product page, proof refused then accepted with points', async () => {
    await page.locator('a[data-nav="products"]').click();
    await page.getByLabel('제품 검색').fill('생수');
    await page.getByLabel('제품 검색').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#presults li.row').length > 0, null, {
      timeout: 10_000,
    });
    const facet = page.locator('#facets input[name="no_label"]').first();
    const value = await facet.getAttribute('value');
    await facet.check();
    await page.waitForFunction((v) => [...document.querySelectorAll('#presults .badge')].length > 0, value, {
      timeout: 10_000,
    });
    await page.locator('#presults li.row .song').first().click();
    await rendered(page, 'product');
    await expect(page.locator('#points').textContent()).resolves.toBe('0');
    // points need a verified address, and that is checked before any photo is judged (tests/web/accounts.test.ts opens the link)
    await deps.pg.query('UPDATE users SET email_verified_at = now() WHERE email = $1', [email]);
    await page
      .locator('#photo')
      .setInputFiles({ name: 'memo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a photo') });
    await page.getByRole('button', { name: '인증하기' }).click();
    await page.waitForFunction(
      () => document.getElementById('proof-result')!.textContent!.includes('사진 파일이 아니에요'),
      null,
      { timeout: 10_000 },
    );
    const photo = await proofPhoto(DETECTABLE_BOTTLE_SEEDS[width === 375 ? 30 : 31], exifSeoulDate(now));
    await page.locator('#photo').setInputFiles({ name: 'today.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: '인증하기' }).click();
    await page.waitForFunction(
      () => document.getElementById('proof-result')!.textContent!.startsWith('인증됐어요'),
      null,
      { timeout: 10_000 },
    );
    expect(Number(await page.locator('#points').textContent())).toBeGreaterThan(0);
    // the same photo again is refused in plain Korean
    await page.locator('#photo').setInputFiles({ name: 'today.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('button', { name: '인증하기' }).click();
    await page.waitForFunction(
      () => document.getElementById('proof-result')!.textContent!.includes('이미 인증에 쓴 사진'),
      null,
      { timeout: 10_000 },
    );
  });

  test('log out', async () => {
    await page.locator('a[data-nav="me"]').click();
    await page.getByRole('button', { name: '로그아웃' }).click();
    await toast(page, '로그아웃했어요');
    await expect(page.locator('#nav-me').textContent()).resolves.toBe('로그인');
    await expect(page.evaluate(() => localStorage.getItem('norae.token'))).resolves.toBeNull();
  });
});

describe('search details', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  });
  afterAll(() => page?.close());

  test('arrow keys move the selection through the results and Enter opens the song', async () => {
    await page.goto(baseUrl + '/');
    await page.locator('#q').fill('아이유');
    await page.locator('#results li').nth(1).waitFor({ timeout: 10_000 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('#results li[aria-selected="true"]').getAttribute('id')).resolves.toBe('opt-1');
    await expect(page.locator('#q').getAttribute('aria-activedescendant')).resolves.toBe('opt-1');
    await page.keyboard.press('Enter');
    await rendered(page, 'song');
  });

  test('a stale answer to an older keystroke arrives last and never replaces the newer results', async () => {
    await page.goto(baseUrl + '/');
    const arrived: string[] = [];
    let releaseOld!: () => void;
    const oldHeld = new Promise<void>((resolve) => {
      releaseOld = resolve;
    });
    let oldSeen!: () => void;
    const oldRequested = new Promise<void>((resolve) => {
      oldSeen = resolve;
    });
    await page.route('**/api/songs/autocomplete*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q');
      if (q === '봄날') {
        oldSeen();
        await oldHeld;
      }
      const response = await route.fetch();
      await route.fulfill({ response });
    });
    page.on('requestfinished', (req) => {
      const q = new URL(req.url()).searchParams.get('q');
      if (req.url().includes('/api/songs/autocomplete') && q) arrived.push(q);
    });
    await page.locator('#q').fill('봄날');
    await oldRequested; // the old request is on its way and held
    await page.locator('#q').fill('신호등');
    await page.waitForFunction(() => document.querySelector('#results li .title')?.textContent === '신호등', null, {
      timeout: 10_000,
    });
    // the app announces each answer it drops as stale: wait for that, not for time to pass
    await page.evaluate(() => {
      (window as unknown as { dropped: Promise<string> }).dropped = new Promise((r) =>
        document.addEventListener('norae:stale-dropped', (e) => r((e as CustomEvent).detail.q), { once: true }),
      );
    });
    releaseOld();
    await expect(page.evaluate(() => (window as unknown as { dropped: Promise<string> }).dropped)).resolves.toBe(
      '봄날',
    );
    expect(arrived).toEqual(['신호등', '봄날']);
    await expect(texts(page, '#results li .title')).resolves.toEqual(['신호등']);
    await page.unroute('**/api/songs/autocomplete*');
  });
});

describe('song search filters', () => {
  let page: Page;
  const searchFor = async (q: string) => {
    await page.goto(baseUrl + '/');
    await page.locator('#q').fill(q);
    await page.locator('#q').press('Enter');
    await page.waitForFunction(() => /^\d+곡$/.test(document.getElementById('status')!.textContent!), null, {
      timeout: 10_000,
    });
  };
  const chip = (name: RegExp) => page.locator('#song-filters').getByRole('button', { name });
  const titlesAre = (titles: string[]) =>
    page.waitForFunction(
      (want) => {
        const got = [...document.querySelectorAll('#results li .title')].map((t) => t.textContent).sort();
        return JSON.stringify(got) === JSON.stringify([...want].sort());
      },
      titles,
      { timeout: 10_000 },
    );

  beforeAll(async () => {
    // the demo songs carry no genres or nations: give 아이유's songs what a catalog sync and the chart job would
    await deps.pg.query(`UPDATE songs SET nation = CASE title WHEN '블루밍' THEN 'jpn' ELSE 'kor' END,
      genres = CASE title WHEN '너의 의미' THEN '{발라드}' WHEN '밤편지' THEN '{발라드}' WHEN '좋은 날' THEN '{댄스}' ELSE '{}' END::text[] WHERE artist = '아이유'`);
    await rebuildIndex(deps, songsFamily);
    page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  }, 60_000);
  afterAll(() => page?.close());

  test('chips under the search box narrow a full search by genre or nation, stay pressed while chosen, and clearing one drops its parameter', async () => {
    const asked: URLSearchParams[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/songs/search')) asked.push(new URL(req.url()).searchParams);
    });
    await searchFor('아이유');
    await chip(/^일본곡/).waitFor({ timeout: 10_000 });
    await expect(texts(page, '#song-filters [data-facet="nation"]')).resolves.toEqual(['가요 4', '일본곡 1']);
    await expect(texts(page, '#song-filters [data-facet="genre"]')).resolves.toEqual(['발라드 2', '댄스 1']);

    await chip(/^일본곡/).click();
    await titlesAre(['블루밍']);
    expect(asked.at(-1)!.get('nation')).toBe('jpn');
    await expect(chip(/^일본곡/).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(chip(/^가요/).getAttribute('aria-pressed')).resolves.toBe('false'); // the other nations stay offered

    await chip(/^일본곡/).click();
    await titlesAre(['너의 의미', '좋은 날', '좋은 날 (Live)', '밤편지', '블루밍']);
    expect(asked.at(-1)!.has('nation')).toBe(false);
    await expect(chip(/^일본곡/).getAttribute('aria-pressed')).resolves.toBe('false');

    await chip(/^발라드/).click();
    await titlesAre(['너의 의미', '밤편지']);
    expect(asked.at(-1)!.get('genre')).toBe('발라드');
    // a new query starts unfiltered
    await searchFor('블랙핑크');
    expect(asked.at(-1)!.has('genre')).toBe(false);
    await expect(page.locator('#song-filters').isHidden()).resolves.toBe(true); // no facets worth choosing from
  });

  test('an answer without facets (an older server) shows the results and no filter row', async () => {
    await page.route('**/api/songs/search*', async (route) => {
      const response = await route.fetch();
      const { facets: _facets, ...older } = await response.json();
      await route.fulfill({ response, json: older });
    });
    await searchFor('아이유');
    await expect(page.locator('#results li').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#song-filters').isHidden()).resolves.toBe(true);
    await page.unroute('**/api/songs/search*');
  });
});

// The TJ and KY adapters against local servers answering like the brands' sites, including their failures.
import { KySource, KY_BOOK_WIDTH, decodeBookCheckpoint } from '../../src/catalogs/ky-source';
import { PoliteFetch, type PoliteFetchOptions } from '../../src/catalogs/polite-fetch';
import { SourceError, type SourcePage, type SourceSong } from '../../src/catalogs/source';
import { rowProblem } from '../../src/catalogs/source-text';
import { syntheticSources } from '../../tools/synthetic/brand-sources';
import { TjSource } from '../../src/catalogs/tj-source';
import {
  type CatalogFixtures,
  kySong,
  startCatalogFixtures,
  startKyWebFixture,
  type KyWebFixture,
} from '../../tools/fixtures/catalog-servers';

const USER_AGENT = 'NoraeTestBot/1.0 (+http://example.invalid/bot)';
const sources = syntheticSources({ tjSongs: 600, kySongs: 550 });
let fx: CatalogFixtures;

beforeAll(async () => {
  fx = await startCatalogFixtures(sources);
});
afterAll(async () => {
  await fx.close();
});
beforeEach(() => {
  fx.tj.reset();
  fx.kyWeb.reset();
  fx.kyPlayer.reset();
});

/** Virtual time: pacing and back-off are planned, never waited for. */
function virtualClock() {
  let t = 0;
  const wakes: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      wakes.push(t + ms);
      t += Math.max(0, ms);
    },
    wakes,
  };
}

function adapters(extra: Partial<PoliteFetchOptions> = {}) {
  const clock = virtualClock();
  const fetcher = new PoliteFetch({
    userAgent: USER_AGENT,
    requestsPerSecond: 1,
    timeoutMs: 5000,
    maxBytes: 64 * 1024 * 1024,
    retries: 2,
    backoffMs: 1000,
    random: () => 0.5,
    clock,
    ...extra,
  });
  return {
    clock,
    tj: new TjSource({ baseUrl: fx.tj.url, fetcher }),
    ky: new KySource({ baseUrl: fx.kyWeb.url, playerUrl: fx.kyPlayer.url, fetcher }),
  };
}

async function collect(pages: AsyncIterable<SourcePage>): Promise<SourcePage[]> {
  const out: SourcePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('expected a SourceError');
}

const goodTj = () =>
  sources.tj.filter((_, k) => !sources.bad.tj.some((b) => b.index === k && b.kind !== 'duplicate_number'));
const goodKy = () =>
  sources.ky.filter((_, k) => !sources.bad.ky.some((b) => b.index === k && b.kind !== 'duplicate_number'));
const cut = (text: string, width: number) => [...text].slice(0, width).join('');
/** The rows the book shows (cut to its width) that are still readable songs: a runaway field may be cut to size there. */
const goodBook = () =>
  sources.ky.filter(
    (s) =>
      rowProblem({
        no: s.no,
        title: cut(s.title, KY_BOOK_WIDTH.title),
        singer: cut(s.singer, KY_BOOK_WIDTH.singer),
      }) === null || sources.bad.ky.some((b) => b.kind === 'duplicate_number' && sources.ky[b.index] === s),
  );
const plantedKinds = (bad: Array<{ kind: string }>) => bad.filter((b) => b.kind !== 'duplicate_number').length;

describe('TJ', () => {
  test('the whole catalog is one page of every good song; each bad item is rejected with its reason, the rest go on', async () => {
    const { tj } = adapters();
    const pages = await collect(tj.listAll());
    expect(pages).toHaveLength(1);
    const [page] = pages;
    expect([page.label, page.next]).toEqual(['whole catalog', null]);
    expect(page.songs.map((s) => s.no)).toEqual(goodTj().map((s) => s.pro));
    expect(page.rejected).toHaveLength(plantedKinds(sources.bad.tj));
    expect(page.rejected.map((r) => r.reason).sort()).toEqual([
      'no number',
      'no title',
      expect.stringMatching(/^number is not digits \("\d+A"\)$/),
      'singer longer than 300 characters',
      'title has control characters',
      'title is only spaces',
    ]);
    const first = goodTj()[0];
    expect(page.songs[0]).toMatchObject({
      brand: 'tj',
      no: first.pro,
      title: first.indexTitle,
      singer: first.indexSong,
      composer: first.com,
      lyricist: first.word,
      release: first.publishdate,
      mayBeCut: false,
    });
    const live = page.songs.find((s) => s.marks.includes('LV'));
    expect(live).toBeDefined();
  });

  test('asks newSongOfMonth from 2000-01 by a form POST, identifying itself', async () => {
    const { tj } = adapters();
    await collect(tj.listAll());
    const [req] = fx.tj.pageRequests;
    expect([req.method, req.path, req.form.get('searchYm')]).toEqual(['POST', '/legacy/api/newSongOfMonth', '200001']);
    expect(fx.tj.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
  });

  test('padded fields arrive trimmed', async () => {
    fx.tj.fail({ kind: 'padded' });
    const { tj } = adapters();
    const [page] = await collect(tj.listAll());
    expect(page.songs.slice(0, 20).map((s) => [s.title, s.singer])).toEqual(
      goodTj()
        .slice(0, 20)
        .map((s) => [s.indexTitle, s.indexSong]),
    );
  });

  test.each([
    ['a maintenance page', { kind: 'maintenance' } as const, 'maintenance'],
    ['resultCode 98', { kind: 'result_code', code: '98' } as const, 'no_data'],
    ['resultCode 20', { kind: 'result_code', code: '20' } as const, 'missing_parameter'],
    ['an empty item list', { kind: 'empty' } as const, 'no_data'],
    ['half an answer', { kind: 'truncated' } as const, 'bad_shape'],
    [
      'JSON without the envelope',
      { kind: 'raw', contentType: 'application/json', body: '{"status":"ok","songs":[]}' } as const,
      'bad_shape',
    ],
    [
      'an envelope without items',
      {
        kind: 'raw',
        contentType: 'application/json',
        body: '{"resultCode":"99","resultMsg":"성공","resultData":{"list":[]}}',
      } as const,
      'bad_shape',
    ],
  ])('a listing answered by %s is a %s error, never data', async (_name, failure, kind) => {
    fx.tj.fail(failure);
    const { tj } = adapters();
    expect((await sourceError(collect(tj.listAll()))).kind).toBe(kind);
  });

  test('new songs since a day: that month asked, songs before the day left out; "no data" is an empty page', async () => {
    const { tj } = adapters();
    const day = '2025-06-10';
    const page = await tj.newSince(day);
    expect(fx.tj.pageRequests[0].form.get('searchYm')).toBe('202506');
    const expected = goodTj()
      .filter((s) => s.publishdate! >= day)
      .map((s) => s.pro);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.songs.map((s) => s.no)).toEqual(expected);
    fx.tj.fail({ kind: 'result_code', code: '98' });
    expect(await tj.newSince('2026-05-14')).toMatchObject({ songs: [], rejected: [], next: null });
  });

  test('charts: 100 ranked places for the genre asked; a request TJ would refuse is not sent', async () => {
    const { tj } = adapters();
    const places = await tj.charts!({ chart: 'TOP', from: '2026-05-01', to: '2026-05-07', genre: 3 });
    const japanese = new Set(
      goodTj()
        .filter((s) => s.nationalcode === 'JPN')
        .map((s) => s.pro),
    );
    expect(places.length).toBeGreaterThanOrEqual(Math.min(100, japanese.size));
    // ranked in order; a chart item TJ sent broken is left out, the others keep their ranks
    expect(places.map((p) => p.rank)).toEqual([...new Set(places.map((p) => p.rank))].sort((a, b) => a - b));
    expect(places[places.length - 1].rank).toBeLessThanOrEqual(100);
    expect(places.every((p) => japanese.has(p.no))).toBe(true);
    expect(Object.fromEntries(fx.tj.pageRequests[0].form)).toEqual({
      chartType: 'TOP',
      searchStartDate: '2026-05-01',
      searchEndDate: '2026-05-07',
      strType: '3',
    });
    const asked = fx.tj.pageRequests.length;
    await expect(tj.charts!({ chart: 'HOT', from: '2020-01-01', to: '2026-01-01', genre: 0 })).rejects.toThrow(
      /at most two years/,
    );
    await expect(tj.charts!({ chart: 'HOT', from: '2026-01-01', to: '2026-01-07', genre: 12 })).rejects.toThrow(
      /genre must be 0..11/,
    );
    await expect(tj.charts!({ chart: 'HOT', from: '2026-02-30', to: '2026-03-07', genre: 1 })).rejects.toThrow(
      /YYYY-MM-DD/,
    );
    expect(fx.tj.pageRequests).toHaveLength(asked);
  });

  test('searchSong enriches: nation, the Korean sub title and the Hangul readings of a Japanese song', async () => {
    const { tj } = adapters();
    const jp = goodTj().find((s) => s.nationalcode === 'JPN')!;
    const found = await tj.searchSong(jp.indexTitle!, 1, 'JPN');
    const song = found.find((s) => s.no === jp.pro)!;
    expect(song).toMatchObject({
      nation: 'jpn',
      subTitle: jp.subTitle,
      titleReading: jp.sortTitleKo,
      singerReading: jp.sortSongKo,
    });
    expect(Object.fromEntries(fx.tj.pageRequests[0].form)).toEqual({
      searchTxt: jp.indexTitle,
      strType: '1',
      nationType: 'JPN',
    });
    expect(found.length).toBeLessThanOrEqual(40);
    expect(await tj.searchSong('없는노래제목', 1)).toEqual([]);
  });

  test('details needs no request: TJ never cuts, the listing is the full record', async () => {
    const { tj } = adapters();
    expect(await tj.details('10001')).toBeNull();
    expect(fx.tj.requests).toHaveLength(0);
  });

  test('429 with Retry-After, then 503, then a connection cut mid-answer: retried politely until the whole answer comes', async () => {
    fx.tj
      .fail({ kind: 'status', status: 429, retryAfter: '30' })
      .fail({ kind: 'status', status: 503 })
      .fail({ kind: 'cut' });
    const { tj, clock } = adapters({ retries: 3 });
    const [page] = await collect(tj.listAll());
    expect(page.songs).toHaveLength(goodTj().length);
    expect(fx.tj.pageRequests).toHaveLength(4);
    // the second attempt came no earlier than Retry-After allowed
    expect(clock.wakes.some((w) => w >= 30_000)).toBe(true);
  });

  test('a connection cut on every attempt is an error, not a short catalog', async () => {
    fx.tj.fail({ kind: 'cut' }, { times: 10 });
    const { tj } = adapters({ retries: 2 });
    expect((await sourceError(collect(tj.listAll()))).kind).toBe('network');
  });

  test('an answer that never comes is a timeout after the retries', async () => {
    const held = [fx.tj.hold(), fx.tj.hold()];
    const { tj } = adapters({ timeoutMs: 150, retries: 1 });
    const err = await sourceError(tj.newSince('2026-05-01'));
    expect(err.kind).toBe('timeout');
    await held[1].arrived;
    for (const h of held) h.release();
  });

  test('a slow answer released in time is data', async () => {
    const held = fx.tj.hold();
    const { tj } = adapters({ timeoutMs: 10_000 });
    const pending = tj.newSince('2026-01-01');
    await held.arrived;
    held.release();
    expect((await pending).songs.length).toBeGreaterThan(0);
  });

  test('a robots.txt disallowing the API stops TJ before any API request', async () => {
    fx.tj.robotsTxt = 'User-agent: *\nDisallow: /legacy/api/\n';
    try {
      const { tj } = adapters();
      expect((await sourceError(collect(tj.listAll()))).kind).toBe('robots');
      expect(fx.tj.pageRequests).toHaveLength(0);
    } finally {
      fx.tj.robotsTxt = null;
    }
  });

  test('an answer over the size limit is refused', async () => {
    const { tj } = adapters({ maxBytes: 10_000 });
    expect((await sourceError(collect(tj.listAll()))).kind).toBe('too_large');
  });
});

describe('KY book walk', () => {
  test('every letter of every book, page by page until an empty one: every good song once, cut to the book width', async () => {
    const { ky } = adapters();
    const pages = await collect(ky.listAll());
    const last = pages[pages.length - 1];
    expect([last.songs.length, last.next]).toEqual([0, null]);
    const songs = pages.flatMap((p) => p.songs);
    const expected = goodBook();
    expect(songs.map((s) => s.no).sort()).toEqual(expected.map((s) => s.no).sort());
    expect(songs.length).toBeGreaterThan(sources.ky.length - sources.bad.ky.length);
    const byNo = new Map(expected.map((s) => [s.no, s]));
    for (const s of songs.filter((x) => !sources.bad.ky.some((b) => sources.ky[b.index].no === x.no))) {
      const full = byNo.get(s.no)!;
      // every row the book cut is marked (its detail page completes it); rows far shorter than the width are not
      if ([...full.title].length > KY_BOOK_WIDTH.title || [...full.singer].length > KY_BOOK_WIDTH.singer)
        expect(s.mayBeCut).toBe(true);
      if ([...full.title].length < KY_BOOK_WIDTH.title - 1 && [...full.singer].length < KY_BOOK_WIDTH.singer - 1)
        expect(s.mayBeCut).toBe(false);
      expect(s.title).toBe([...full.title].slice(0, KY_BOOK_WIDTH.title).join('').trim());
      expect(s.nation).toBe({ kr: 'kor', en: 'eng', jp: 'jpn' }[full.city]);
    }
    // a title longer than the book's width really was cut
    expect(songs.some((s) => s.title !== byNo.get(s.no)!.title)).toBe(true);
    // the book rows carry no number, or a number not all digits, or no title: those are rejected
    expect(
      pages
        .flatMap((p) => p.rejected)
        .map((r) => r.reason)
        .sort(),
    ).toEqual([
      'no number',
      'no title',
      expect.stringMatching(/^number is not digits/),
      'title has control characters',
      'title is only spaces',
    ]);
    expect(fx.kyWeb.pageRequests.every((r) => r.path === '/karaoke-book/' && r.query.get('s_cd') === '2')).toBe(true);
  });

  test('pages of 200 rows are walked in order, and a walk resumed from a checkpoint continues after it', async () => {
    const letterG = Array.from({ length: 450 }, (_, k) => kySong(String(5000 + k), `가나다${k}`, '가수'));
    const web: KyWebFixture = await startKyWebFixture({ songs: letterG });
    try {
      const fetcher = new PoliteFetch({
        userAgent: USER_AGENT,
        requestsPerSecond: 1,
        timeoutMs: 5000,
        maxBytes: 1 << 24,
        retries: 0,
        clock: virtualClock(),
      });
      const ky = new KySource({
        baseUrl: web.url,
        playerUrl: fx.kyPlayer.url,
        fetcher,
        index: [{ city: 'kr', letters: ['ㄱ', 'ㄴ'] }],
      });
      const pages = await collect(ky.listAll());
      expect(pages.map((p) => [p.label, p.songs.length, p.next])).toEqual([
        ['kr ㄱ page 1', 200, 'kr|ㄱ|1'],
        ['kr ㄱ page 2', 200, 'kr|ㄱ|2'],
        ['kr ㄱ page 3', 50, 'kr|ㄱ|3'],
        ['book done', 0, null],
      ]);
      expect(web.pageRequests.map((r) => `${r.query.get('s_value')}${r.query.get('s_page')}`)).toEqual([
        'ㄱ1',
        'ㄱ2',
        'ㄱ3',
        'ㄱ4',
        'ㄴ1',
      ]);
      web.reset();
      const resumed = await collect(ky.listAll('kr|ㄱ|2'));
      expect(resumed.map((p) => p.label)).toEqual(['kr ㄱ page 3', 'book done']);
      expect(resumed[0].songs.map((s) => s.no)).toEqual(pages[2].songs.map((s) => s.no));
      expect(web.pageRequests.map((r) => `${r.query.get('s_value')}${r.query.get('s_page')}`)).toEqual([
        'ㄱ3',
        'ㄱ4',
        'ㄴ1',
      ]);
      // a checkpoint it cannot read starts the walk over rather than skipping anything
      expect(decodeBookCheckpoint('kr|ㄲ|3')).toBeNull();
      expect((await collect(ky.listAll('garbage'))).flatMap((p) => p.songs)).toHaveLength(450);
    } finally {
      await web.close();
    }
  });

  test('a truncated page, a maintenance page or a page short of its total is an error, never a short letter', async () => {
    const { ky } = adapters();
    fx.kyWeb.fail({ kind: 'truncated' }, { match: 'page=1' });
    expect((await sourceError(collect(ky.listAll()))).kind).toBe('bad_shape');
    fx.kyWeb.reset();
    fx.kyWeb.fail({ kind: 'maintenance' });
    expect((await sourceError(collect(ky.listAll()))).kind).toBe('maintenance');
    fx.kyWeb.reset();
    const short =
      '<!DOCTYPE html><html><body><p class="index_search_total">총 <strong>250</strong>곡</p><ul class="index_search_list">' +
      '<li><span class="index_search_num">1</span><span class="index_search_tit">가</span><span class="index_search_sng">나</span></li></ul></body></html>';
    fx.kyWeb.fail({ kind: 'raw', contentType: 'text/html; charset=utf-8', body: short });
    const err = await sourceError(collect(ky.listAll()));
    expect([err.kind, err.details.expected]).toEqual(['bad_shape', 200]);
    fx.kyWeb.reset();
    fx.kyWeb.fail({
      kind: 'raw',
      contentType: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html><body><p>안녕하세요</p></body></html>',
    });
    expect((await sourceError(collect(ky.listAll()))).kind).toBe('bad_shape');
  });

  test('padded cells arrive trimmed', async () => {
    fx.kyWeb.padded = true;
    const { ky } = adapters();
    const first = await ky.listAll()[Symbol.asyncIterator]().next();
    const page = first.value as SourcePage;
    const byNo = new Map(sources.ky.map((s) => [s.no, s]));
    for (const s of page.songs)
      expect(s.singer).toBe([...byNo.get(s.no)!.singer].slice(0, KY_BOOK_WIDTH.singer).join('').trim());
    expect(page.songs.length).toBeGreaterThan(0);
  });

  test('503 and a cut connection on a page are retried; the walk goes on', async () => {
    fx.kyWeb.fail({ kind: 'status', status: 503 }, { match: 'page=1' }).fail({ kind: 'cut' }, { match: 'page=1' });
    const { ky } = adapters();
    const songs = (await collect(ky.listAll())).flatMap((p) => p.songs);
    expect(songs).toHaveLength(goodBook().length);
  });

  test('robots.txt disallowing the book stops the walk', async () => {
    fx.kyWeb.robotsTxt = 'User-agent: *\nDisallow: /karaoke-book/\n';
    try {
      const { ky } = adapters();
      expect((await sourceError(collect(ky.listAll()))).kind).toBe('robots');
      expect(fx.kyWeb.pageRequests).toHaveLength(0);
    } finally {
      fx.kyWeb.robotsTxt = 'User-agent: *\nDisallow: /admin/\n';
    }
  });

  test('the walk keeps to one request a second per host, identifying itself', async () => {
    const { ky, clock } = adapters();
    const it = ky.listAll()[Symbol.asyncIterator]();
    for (let k = 0; k < 5; k++) await it.next();
    const slots = clock.wakes;
    for (let k = 1; k < slots.length; k++) expect(slots[k] - slots[k - 1]).toBeGreaterThanOrEqual(1000);
    expect(fx.kyWeb.requests.every((r) => r.headers['user-agent'] === USER_AGENT)).toBe(true);
  });
});

describe('KY details and new songs', () => {
  test('details by number: the full title and artist, credits and release month', async () => {
    const { ky } = adapters();
    const long = goodKy().find((s) => [...s.title].length > KY_BOOK_WIDTH.title)!;
    const song = (await ky.details(long.no)) as SourceSong;
    expect(song).toMatchObject({
      brand: 'ky',
      no: long.no,
      title: long.title,
      singer: long.singer,
      composer: long.composer,
      lyricist: long.lyricist,
      release: `${long.release}-01`,
      mayBeCut: false,
    });
    expect(fx.kyWeb.pageRequests[0].query.get('category')).toBe('1');
    expect(await ky.details('99999999')).toBeNull();
    fx.kyWeb.fail({ kind: 'truncated' });
    expect((await sourceError(ky.details(long.no))).kind).toBe('bad_shape');
    await expect(ky.details('12a')).rejects.toThrow(RangeError);
  });

  test('the player feed: the latest 100 by a form POST, credits without their padding and role word', async () => {
    const { ky } = adapters();
    const page = await ky.newSince('2026-05-01');
    const latest = [...goodKy()]
      .filter((s) => /^\d+$/.test(s.no))
      .sort((a, b) => Number(b.no) - Number(a.no))
      .slice(0, 100);
    expect(page.songs.length + page.rejected.length).toBe(100);
    const song = page.songs.find((s) => s.no === latest[0].no)!;
    expect(song).toMatchObject({
      title: latest[0].title,
      singer: latest[0].singer,
      composer: latest[0].composer,
      lyricist: latest[0].lyricist,
      mayBeCut: false,
    });
    const req = fx.kyPlayer.pageRequests[0];
    expect([req.method, req.path, req.form.get('s_date')]).toEqual(['POST', '/player/xml/new_ky.asp', '20260501']);
  });

  test.each([
    [
      'a script error',
      { kind: 'raw', contentType: 'text/plain', body: 'Microsoft VBScript runtime error 800a000d' } as const,
      'bad_shape',
    ],
    [
      'XML without <Items>',
      { kind: 'raw', contentType: 'text/xml', body: '<?xml version="1.0"?><Songs><Item SongId="1"/></Songs>' } as const,
      'bad_shape',
    ],
    ['half an answer', { kind: 'truncated' } as const, 'bad_shape'],
    ['a maintenance page', { kind: 'maintenance' } as const, 'maintenance'],
  ])('a feed answered by %s is a %s error', async (_name, failure, kind) => {
    fx.kyPlayer.fail(failure);
    const { ky } = adapters();
    expect((await sourceError(ky.newSince('2026-05-01'))).kind).toBe(kind);
  });

  test('an empty feed is an empty page', async () => {
    fx.kyPlayer.fail({ kind: 'empty' });
    const { ky } = adapters();
    expect(await ky.newSince('2026-05-01')).toMatchObject({ songs: [], rejected: [], next: null });
  });
});

// The keystroke path on the real index: short prefixes answered by the completion suggesters (a page of them in
// the catalog), whole names first, brand contexts, the other keyboard layout; and the answer cache's alias check.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { SONGS_FAMILY } from '../../src/songs/constants';
import { createAnswerCache } from '../../src/search/answer-cache';
import { rescaledSuggest, suggestWeight, SUGGEST_TIERS, type CompletionGroup } from '../../src/songs/suggest-inputs';
import { insertFixtureSongs, type FixtureSong } from './fixtures';
import { autocompleteSongs } from '../../src/search/songs';
import { readQuery } from '../../src/search/readings';
import { songsIndexOf } from '../../src/songs/constants';

const deps = testDeps();
const app = testApp(deps);

// more songs starting with 사 than a page, so the suggesters alone fill it; every other one only on TJ
const SA = [
  '사랑비',
  '사계',
  '사막',
  '사과나무',
  '사이렌',
  '사건의 지평선',
  '사월',
  '사춘기',
  '사진',
  '사랑은 늘 도망가',
  '사슴',
  '사다리',
  '사탕',
];
const SONGS: FixtureSong[] = [
  ...SA.map((title, i) => ({
    title,
    artist: `가수${i}`,
    tj_no: String(1000 + i),
    ky_no: i % 2 ? undefined : String(5000 + i),
  })),
  { title: '노래', artist: '사랑', tj_no: '2001' },
  { title: '사랑', artist: '아무개', tj_no: '2002', ky_no: '6002' },
];

beforeAll(async () => {
  await insertFixtureSongs(deps.pg, SONGS);
  await rebuildIndex(deps, songsFamily);
});
afterAll(() => closeDeps(deps));

const suggest = async (q: string, extra: Record<string, string> = {}) => {
  const res = await request(app)
    .get('/api/songs/autocomplete')
    .query({ q, ...extra });
  expect(res.status).toBe(200);
  return res.body.items as Array<{
    title: string;
    artist: string;
    tj_no: string | null;
    ky_no: string | null;
    matches: { title: number[][] };
  }>;
};

test('one syllable fills a page with songs starting with it, the whole name first', async () => {
  const items = await suggest('사');
  expect(items).toHaveLength(10);
  expect(items.every((i) => i.title.startsWith('사') || i.artist.startsWith('사'))).toBe(true);
  // "사랑" as a whole artist name outweighs it as a whole title, as in the full query
  expect((await suggest('사랑')).slice(0, 2).map((i) => `${i.title}/${i.artist}`)).toEqual([
    '노래/사랑',
    '사랑/아무개',
  ]);
});

test("a brand keeps only that brand's songs", async () => {
  const items = await suggest('사', { brand: 'ky' });
  expect(items.length).toBeGreaterThan(0);
  expect(items.every((i) => i.ky_no)).toBe(true);
});

test('the same prefix typed in English mode and as 초성', async () => {
  expect((await suggest('tk')).every((i) => i.title.startsWith('사') || i.artist.startsWith('사'))).toBe(true);
  expect((await suggest('ㅅ')).length).toBe(10);
});

test('a rare title typed exactly is answered without the typo retry; a slip in it still gets one and finds the song', async () => {
  const requests: string[] = [];
  const es = new Proxy(deps.es, {
    get(target, prop, receiver) {
      if (prop !== 'search') return Reflect.get(target, prop, receiver);
      return (req: Parameters<typeof target.search>[0]) => {
        requests.push(JSON.stringify(req));
        return target.search(req);
      };
    },
  });
  const titles = async (q: string) =>
    (await autocompleteSongs(songsIndexOf({ es, config: deps.config }), readQuery(q), { size: 10 })).items.map(
      (i) => i.title,
    );
  expect((await titles('사건의 지평선'))[0]).toBe('사건의 지평선');
  expect(requests.length).toBe(1);
  requests.length = 0;
  expect((await titles('사건의 지펑선'))[0]).toBe('사건의 지평선');
  expect(requests.length).toBe(2);
  expect(requests[1]).toContain('fuzzy');
});

test('the answer cache reuses an answer until its index is swapped by a rebuild', async () => {
  let clock = 0;
  const cache = createAnswerCache<{ n: number }>(deps.es, indexName(deps.config, SONGS_FAMILY), 60_000, () => clock);
  let computed = 0;
  const compute = async () => ({ n: ++computed });
  expect(await cache.get({ q: '사' }, compute)).toEqual({ n: 1 });
  expect(await cache.get({ q: '사' }, compute)).toEqual({ n: 1 });
  expect(await cache.get({ q: '사', brand: 'ky' }, compute)).toEqual({ n: 2 });
  await rebuildIndex(deps, songsFamily);
  clock += 1500; // past the alias re-check
  expect(await cache.get({ q: '사' }, compute)).toEqual({ n: 3 });
}, 60_000);

test("a popularity change rescales the song's suggestion weights (as the daily re-score writes them, no rebuild)", async () => {
  const index = indexName(deps.config, SONGS_FAMILY);
  const found = await deps.es.search<{ title_chars: number; suggest: CompletionGroup[] }>({
    index,
    query: { term: { title_exact: '사계' } },
    _source: ['title_chars', 'suggest'],
  });
  const hit = found.hits.hits[0];
  await deps.es.update({
    index,
    id: hit._id!,
    doc: { popularity: 0.8, suggest: rescaledSuggest(hit._source!, 0.8) },
    refresh: true,
  });
  const after = (await deps.es.get<{ popularity: number; suggest: CompletionGroup[] }>({ index, id: hit._id! }))
    ._source!;
  expect(after.popularity).toBeCloseTo(0.8);
  const expected = suggestWeight(SUGGEST_TIERS.titleWhole, {
    popularity: 0.8,
    original: true,
    titleChars: hit._source!.title_chars,
  });
  expect(Math.abs(after.suggest[0].weight - expected)).toBeLessThanOrEqual(1);
  // the popular 사계 now leads the suggestions for 사
  expect((await suggest('사'))[0].title).toBe('사계');
});

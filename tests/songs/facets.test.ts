// Genre and nation facets of song search, and Japanese songs found by their Hangul reading and their Korean title, on
// the real index. The catalog comes the real way: source rows through the sync and the merge, the TJ genre charts
// through the chart job, then a rebuild.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { fullListing, syncCatalog } from '../../src/catalogs/sync';
import { syncCharts } from '../../src/catalogs/charts-sync';
import { ArrayCatalog, sourceSong as song } from '../catalogs/array-catalog';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}facets_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);

const tjSongs = () => [
  song('tj', '68001', 'アイドル', 'YOASOBI', {
    nation: 'jpn',
    titleReading: '아이도루',
    singerReading: '요아소비',
    subTitle: '아이돌',
  }),
  song('tj', '68002', '夜に駆ける', 'YOASOBI', {
    nation: 'jpn',
    titleReading: '요루니 카케루',
    singerReading: '요아소비',
  }),
  song('tj', '68003', '猫(고양이)', 'DISH', { nation: 'jpn', titleReading: '네코' }),
  song('tj', '30001', '사랑은 늘 도망가', '임영웅', { nation: 'kor' }),
  song('tj', '30002', '사랑했지만', '김광석', { nation: 'kor' }),
  song('tj', '30003', '사랑 Two', '윤도현', { nation: 'kor' }),
  song('tj', '30004', '사랑의 배터리', '홍진영', { nation: 'kor' }),
  song('tj', '30005', '너의 모든 순간', '성시경', { nation: 'kor' }),
  song('tj', '30006', 'Shape of You', 'Ed Sheeran', { nation: 'eng' }),
  song('tj', '30007', '사랑하기 때문에', '유재하', { nation: 'kor' }),
];
const kySongs = () => [
  song('ky', '44001', '아이돌(アイドル)', 'YOASOBI', { nation: 'jpn' }),
  song('ky', '44002', 'マリーゴールド', 'あいみょん', { nation: 'jpn' }),
  song('ky', '20001', '사랑은 늘 도망가', '임영웅', { nation: 'kor' }),
  song('ky', '20006', 'Shape of You', 'Ed Sheeran', { nation: 'eng' }),
];

type Hit = { id: number; title: string; artist: string; tj_no: string | null; ky_no: string | null };
type Facet = Array<{ value: string; count: number }>;
interface Page {
  total: number;
  items: Hit[];
  facets: { genre: Facet; nation: Facet };
}

const search = async (q: string, extra: Record<string, string> = {}): Promise<Page> => {
  const res = await request(app)
    .get('/api/songs/search')
    .query({ q, size: '50', ...extra });
  expect(res.status).toBe(200);
  return res.body as Page;
};
const suggest = async (q: string): Promise<Hit[]> => {
  const res = await request(app).get('/api/songs/autocomplete').query({ q });
  expect(res.status).toBe(200);
  return res.body.items as Hit[];
};

let facetsOf: Map<number, { nation: string | null; genres: string[] }>;

/** The facet counts the hits themselves make, read from Postgres (what the aggregations must agree with). */
function tally(items: Hit[], facet: 'genre' | 'nation'): Facet {
  const counts = new Map<string, number>();
  for (const item of items) {
    const f = facetsOf.get(item.id)!;
    for (const value of facet === 'genre' ? f.genres : f.nation ? [f.nation] : [])
      counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
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
    'catalog_sync_runs',
    'catalog_sync_staging',
    'catalog_source_rows',
    'song_chart_lists',
  ]);
  const tj = new ArrayCatalog('tj', tjSongs());
  await syncCatalog(deps.pg, fullListing(tj));
  await syncCatalog(deps.pg, fullListing(new ArrayCatalog('ky', kySongs())));
  // 발라드 4, 트로트 6, 포크 7, OST 8, JPOP 3
  tj.places = new Map([
    [0, ['30001', '30004']],
    [3, ['68001', '68002', '68003']],
    [4, ['30003', '30005', '30007']],
    [6, ['30001', '30004']],
    [7, ['30002', '30007']],
    [8, ['30005']],
  ]);
  await syncCharts(deps.pg, tj, new Date());
  // TJ stops listing 사랑의 배터리: withdrawn, out of search and of the counts
  tj.songs = tjSongs().filter((s) => s.no !== '30004');
  await syncCatalog(deps.pg, fullListing(tj), { policy: { withdrawAfterListings: 1 } });
  await rebuildIndex(deps, songsFamily);
  const rows = (
    await deps.pg.query<{ id: string; nation: string | null; genres: string[] }>('SELECT id, nation, genres FROM songs')
  ).rows;
  facetsOf = new Map(rows.map((r) => [Number(r.id), { nation: r.nation, genres: r.genres }]));
}, 120_000);
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

describe('facets', () => {
  test('every search answers genre and nation counts of its songs; a withdrawn song is in neither hits nor counts', async () => {
    const page = await search('사랑');
    const titles = page.items.map((i) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['사랑은 늘 도망가', '사랑했지만', '사랑 Two', '사랑하기 때문에']));
    expect(titles).not.toContain('사랑의 배터리');
    expect(page.facets.genre).toEqual(tally(page.items, 'genre'));
    expect(page.facets.nation).toEqual(tally(page.items, 'nation'));
    expect(page.facets.genre).toEqual(
      expect.arrayContaining([
        { value: '트로트', count: 1 },
        { value: '포크', count: 2 },
        { value: '발라드', count: 2 },
      ]),
    );
    expect(page.facets.nation).toContainEqual({ value: 'kor', count: page.total });
  });

  test('genre filters the hits; its own facet still counts every genre, the nation facet counts the filtered songs', async () => {
    const all = await search('사랑');
    const folk = await search('사랑', { genre: '포크' });
    expect(folk.items.map((i) => i.title).sort()).toEqual(['사랑하기 때문에', '사랑했지만']);
    expect(folk.total).toBe(2);
    expect(folk.facets.genre).toEqual(all.facets.genre);
    expect(folk.facets.nation).toEqual(tally(folk.items, 'nation'));
    expect(folk.facets.nation).toEqual([{ value: 'kor', count: 2 }]);
  });

  test('nation filters the hits, and the two filters combine', async () => {
    const all = await search('YOASOBI');
    expect(all.facets.nation).toEqual([{ value: 'jpn', count: 2 }]);
    const everyone = await search('you');
    const eng = await search('you', { nation: 'eng' });
    expect(eng.items.map((i) => i.title)).toEqual(['Shape of You']);
    expect(eng.facets.nation).toEqual(everyone.facets.nation);
    expect((await search('사랑', { nation: 'jpn' })).items).toEqual([]);
    const both = await search('사랑', { nation: 'kor', genre: '발라드' });
    expect(both.items.map((i) => i.title).sort()).toEqual(['사랑 Two', '사랑하기 때문에']);
    expect(both.facets.genre).toEqual(tally((await search('사랑', { nation: 'kor' })).items, 'genre'));
  });

  test('an unknown genre or nation is a 400 naming it', async () => {
    for (const [query, parameter] of [
      [{ q: '사랑', genre: '클래식' }, 'genre'],
      [{ q: '사랑', nation: 'kr' }, 'nation'],
    ] as const) {
      const res = await request(app).get('/api/songs/search').query(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter } });
    }
  });

  test('a song shows its nation and genres', async () => {
    const [idol] = (await search('아이돌')).items;
    const res = await request(app).get(`/api/songs/${idol.id}`);
    expect(res.body).toMatchObject({ nation: 'jpn', genres: ['JPOP'], title_readings: ['아이도루'] });
  });
});

describe('Japanese songs by their Hangul reading and their Korean title', () => {
  const idol = (hits: Hit[]) => hits.findIndex((h) => h.tj_no === '68001');

  test.each(['아이도루', '아이돌', 'アイドル', 'ㅇㅇㄷㄹ', '아이도ㄹ', '아이돌 요아소비', '요아소비 아이도루'])(
    'search %s finds アイドル first',
    async (q) => {
      const page = await search(q);
      expect(idol(page.items)).toBe(0);
      expect(page.items[0]).toMatchObject({ tj_no: '68001', ky_no: '44001' });
    },
  );

  test.each(['아이도', '아이도루', '아이돌', 'ㅇㅇㄷㄹ'])('autocomplete %s suggests アイドル', async (q) => {
    expect(idol(await suggest(q))).toBeGreaterThanOrEqual(0);
  });

  test.each(['요루니 카케루', '요루니카케루', 'ㅇㄹㄴ ㅋㅋㄹ', '요루니 카케ㄹ', '요루니 ㅋ'])(
    "a kanji title by TJ's reading: search %s finds 夜に駆ける first",
    async (q) => {
      expect((await search(q)).items[0]?.tj_no).toBe('68002');
    },
  );

  test.each(['요루', '요루니카', 'ㅇㄹㄴ'])(
    "a kanji title by TJ's reading: autocomplete %s suggests 夜に駆ける",
    async (q) => {
      expect((await suggest(q)).map((h) => h.tj_no)).toContain('68002');
    },
  );

  test("a kanji title by the Korean title in its brackets, and by TJ's reading", async () => {
    expect((await search('네코')).items[0]?.tj_no).toBe('68003');
    expect((await search('고양이')).items[0]?.tj_no).toBe('68003');
    expect((await suggest('고양')).map((h) => h.tj_no)).toContain('68003');
  });

  test('kana without a source reading are read by the merge (KY alone), the artist too', async () => {
    expect((await search('마리고루도')).items[0]?.ky_no).toBe('44002');
    expect((await search('아이묭')).items[0]?.ky_no).toBe('44002');
    expect((await suggest('마리고')).map((h) => h.ky_no)).toContain('44002');
  });
});

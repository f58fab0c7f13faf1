// Enrichment of TJ entries from searchSong against a local server answering like TJ's site, real Postgres and the real
// songs index: TJ's full listing tells no nation and no readings, the enrichment finds them, the merge and the index
// sync carry them to search. Only the answer row with the entry's own number counts; a maintenance page stops the run.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { loadConfig } from '../../src/platform/config';
import { rebuildIndex, syncIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { fullListing, syncCatalog } from '../../src/catalogs/sync';
import { PoliteFetch } from '../../src/catalogs/polite-fetch';
import { TjSource } from '../../src/catalogs/tj-source';
import { spellingHistory } from '../../src/catalogs/provenance';
import { ENRICH_SOURCE, enrichLines, enrichTjEntries, type EnrichOptions } from '../../src/catalogs/enrich';
import { catalogJobs } from '../../src/catalogs/jobs';
import type { TjFixtureSong } from '../../tools/synthetic/brand-sources';
import { startTjFixture, tjSong, type TjFixture } from '../../tools/fixtures/catalog-servers';
import { ArrayCatalog, sourceSong } from './array-catalog';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}enrich_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);

// TJ's site knows each song's nation and readings; its full listing (newSongOfMonth) does not send them
const catalog = (): TjFixtureSong[] => [
  tjSong('68001', 'アイドル', 'YOASOBI', {
    publishdate: '2023-05-10',
    nationalcode: 'JPN',
    sortTitleKo: '아이도루',
    sortSongKo: '요아소비',
    subTitle: '아이돌',
  }),
  tjSong('68030', '猫', 'DISH//', {
    publishdate: '2020-08-01',
    nationalcode: 'JPN',
    sortTitleKo: '네코',
    sortSongKo: '디쉬',
    subTitle: '고양이',
  }),
  // Latin on both sides: Japanese only by its KY pair, filed in KY's Japanese book
  tjSong('68020', 'Lemon', 'Kenshi Yonezu', {
    publishdate: '2018-03-20',
    nationalcode: 'JPN',
    sortSongKo: '요네즈 켄시',
  }),
  tjSong('30001', '밤편지', '아이유', { publishdate: '2024-05-12', nationalcode: 'KOR' }),
  tjSong('30002', 'Shape of You', 'Ed Sheeran', { publishdate: '2024-01-06', nationalcode: 'ENG' }),
];
const kyCatalog = () => [sourceSong('ky', '44020', 'Lemon', 'Kenshi Yonezu', { nation: 'jpn' })];

let tj: TjFixture;
/** Virtual time: the polite pacing is planned, never waited for. */
function tjSource(): TjSource {
  let t = 0;
  const clock = {
    now: () => t,
    sleep: async (ms: number) => {
      t += Math.max(0, ms);
    },
  };
  const fetcher = new PoliteFetch({
    userAgent: 'NoraeTestBot/1.0 (+http://example.invalid/bot)',
    requestsPerSecond: 1,
    timeoutMs: 5000,
    maxBytes: 1 << 20,
    retries: 1,
    clock,
    random: () => 0.5,
  });
  return new TjSource({ baseUrl: tj.url, fetcher });
}
const enrich = (opts: Partial<EnrichOptions> = {}) => enrichTjEntries(deps.pg, tjSource(), { limit: 100, ...opts });

type Facets = {
  nation: string | null;
  title_reading: string | null;
  singer_reading: string | null;
  sub_title: string | null;
};
const entry = async (no: string) =>
  (
    await deps.pg.query<Facets & { enriched_at: Date | null; updated_at: Date }>(
      "SELECT nation, title_reading, singer_reading, sub_title, enriched_at, updated_at FROM catalog_entries WHERE brand = 'tj' AND no = $1",
      [no],
    )
  ).rows[0];
const facetsOf = async (no: string): Promise<Facets> => {
  const { nation, title_reading, singer_reading, sub_title } = await entry(no);
  return { nation, title_reading, singer_reading, sub_title };
};
const noFacets: Facets = { nation: null, title_reading: null, singer_reading: null, sub_title: null };
const songOf = async (no: string) =>
  (
    await deps.pg.query(
      'SELECT id::int, nation, alt_titles, title_readings, artist_readings, updated_at FROM songs WHERE tj_no = $1 AND deleted_at IS NULL',
      [no],
    )
  ).rows[0];
const searchRows = async () =>
  Number(
    (
      await deps.pg.query<{ n: string }>('SELECT count(*) AS n FROM catalog_source_rows WHERE source = $1', [
        ENRICH_SOURCE,
      ])
    ).rows[0].n,
  );
/** What TJ was asked, in order. */
const asked = () =>
  tj.pageRequests.map((r) => `${r.form.get('strType')}:${r.form.get('nationType') || '-'}:${r.form.get('searchTxt')}`);

type Hit = { tj_no: string | null };
const searchTj = async (q: string, extra: Record<string, string> = {}) => {
  const res = await request(app)
    .get('/api/songs/search')
    .query({ q, size: '20', ...extra });
  expect(res.status).toBe(200);
  return (res.body.items as Hit[]).map((h) => h.tj_no);
};

beforeAll(async () => {
  tj = await startTjFixture({ songs: catalog() });
});
beforeEach(async () => {
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
  ]);
  tj.reset();
  tj.songs = catalog();
  // the catalog arrives the real way: TJ's whole listing from the fixture, KY's book as arrays
  expect(await syncCatalog(deps.pg, fullListing(tjSource()))).toMatchObject({ status: 'applied', added: 5 });
  await syncCatalog(deps.pg, fullListing(new ArrayCatalog('ky', kyCatalog())));
  tj.reset();
});
afterAll(async () => {
  await tj.close();
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

describe('TJ enrichment from searchSong', () => {
  test('the fixture answers searchSong like TJ: nationalcode, subTitle and the sortTitleKo / sortSongKo readings', async () => {
    const res = await fetch(`${tj.url}/legacy/api/searchSong`, {
      method: 'POST',
      body: new URLSearchParams({ searchTxt: 'アイドル', strType: '1', nationType: 'JPN' }),
    });
    const body = (await res.json()) as { resultCode: string; resultData: { items: Array<Record<string, unknown>> } };
    expect(body.resultCode).toBe('99');
    expect(body.resultData.items).toEqual([
      expect.objectContaining({
        pro: 68001,
        nationalcode: 'JPN',
        sortTitleKo: '아이도루',
        sortSongKo: '요아소비',
        subTitle: '아이돌',
      }),
    ]);
  });

  test('a Japanese TJ song without a nation is enriched to jpn with its readings; after the merge and the index sync 아이도루 and 요아소비 find it', async () => {
    expect(await facetsOf('68001')).toEqual(noFacets); // the full listing told nothing
    await rebuildIndex(deps, songsFamily);
    expect(await searchTj('요아소비')).not.toContain('68001');
    expect(await searchTj('아이도루', { nation: 'jpn' })).not.toContain('68001');

    const s = await enrich({ onProgress: () => undefined });
    // kana, kanji, and a Latin title whose KY pair is Japanese; newest first; the Korean and English songs are left alone
    expect(asked()).toEqual(['1:JPN:アイドル', '1:-:猫', '1:-:Lemon']);
    expect(s).toMatchObject({
      status: 'done',
      waiting: 3,
      candidates: 3,
      tried: 3,
      enriched: 3,
      notFound: 0,
      requests: 3,
      provenanceRows: 3,
      stopped: null,
    });
    expect(s.merge).not.toBeNull();
    expect(await facetsOf('68001')).toEqual({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
    expect(await facetsOf('68030')).toEqual({
      nation: 'jpn',
      title_reading: '네코',
      singer_reading: '디쉬',
      sub_title: '고양이',
    });
    expect(await facetsOf('68020')).toEqual({
      nation: 'jpn',
      title_reading: null,
      singer_reading: '요네즈 켄시',
      sub_title: null,
    });
    expect(await facetsOf('30001')).toEqual(noFacets);
    // provenance: the searchSong row, kept like the sync's rows
    const history = await spellingHistory(deps.pg, 'tj', '68001');
    expect(history.map((h) => h.source)).toEqual(['tj-api', ENRICH_SOURCE]);
    expect(history[1].fields).toMatchObject({
      title: 'アイドル',
      nation: 'jpn',
      titleReading: '아이도루',
      singerReading: '요아소비',
      subTitle: '아이돌',
    });

    expect(await songOf('68001')).toMatchObject({
      nation: 'jpn',
      alt_titles: ['아이돌'],
      title_readings: ['아이도루'],
      artist_readings: ['요아소비'],
    });
    expect(await songOf('68030')).toMatchObject({ nation: 'jpn', title_readings: ['네코'], alt_titles: ['고양이'] });
    const sync = await syncIndex(deps, songsFamily);
    expect(sync.upserted).toBeGreaterThanOrEqual(2);
    expect((await searchTj('아이도루'))[0]).toBe('68001');
    expect((await searchTj('아이도루', { nation: 'jpn' }))[0]).toBe('68001');
    expect((await searchTj('요아소비'))[0]).toBe('68001');
    expect((await searchTj('네코'))[0]).toBe('68030');

    const lines = enrichLines(s);
    expect(lines).toContain('  + 68001 アイドル / YOASOBI: jpn, 아이도루 / 요아소비, (아이돌)');

    // the next weekly listing (no nation, no readings) keeps what the enrichment found
    expect(await syncCatalog(deps.pg, fullListing(tjSource()))).toMatchObject({
      status: 'applied',
      changed: 0,
      unchanged: 5,
    });
    expect(await facetsOf('68001')).toEqual({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
  }, 60_000);

  test('an answer without the entry number writes nothing: another song with the same title is never taken for it', async () => {
    // TJ answers アイドル under another number only (and the artist search finds the same row)
    tj.songs = catalog().map((s) => (s.pro === '68001' ? { ...s, pro: '68999' } : s));
    const before = await entry('68001');
    const songBefore = await songOf('68001');
    const s = await enrich({ limit: 1 });
    expect(asked()).toEqual(['1:JPN:アイドル', '2:JPN:YOASOBI']);
    expect(s).toMatchObject({
      tried: 1,
      enriched: 0,
      notFound: 1,
      requests: 2,
      provenanceRows: 0,
      merge: null,
      stopped: null,
    });
    expect(s.samples.notFound).toEqual([{ no: '68001', title: 'アイドル', singer: 'YOASOBI' }]);
    const after = await entry('68001');
    expect({ ...after, enriched_at: null }).toEqual({ ...before, enriched_at: null });
    expect(after.updated_at).toEqual(before.updated_at); // nothing for the merge or the index to pick up
    expect(after.enriched_at).not.toBeNull(); // only the time of the try
    expect(await searchRows()).toBe(0);
    expect(await songOf('68001')).toEqual(songBefore);
  });

  test('a maintenance page ends the run with a clear summary and nothing written', async () => {
    tj.fail({ kind: 'maintenance' }, { match: '/legacy/api/searchSong', times: 10 });
    const s = await enrich();
    expect(s).toMatchObject({
      status: 'stopped',
      candidates: 3,
      tried: 0,
      enriched: 0,
      requests: 1,
      provenanceRows: 0,
      merge: null,
    });
    expect(s.stopped).toEqual({
      reason: expect.stringMatching(/^maintenance: TJ searchSong answered an HTML page/),
      entry: { no: '68001', title: 'アイドル', singer: 'YOASOBI' },
    });
    expect(asked()).toHaveLength(1); // the run stopped at once instead of asking about every entry
    expect(enrichLines(s).join('\n')).toMatch(
      /stopped at 68001 アイドル \/ YOASOBI \(nothing written for it\): maintenance: /,
    );
    for (const no of ['68001', '68030', '68020']) {
      expect(await facetsOf(no)).toEqual(noFacets);
      expect((await entry(no)).enriched_at).toBeNull(); // not tried: the next run asks again
    }
    expect(await searchRows()).toBe(0);

    // the site is back: the next run does them all
    tj.reset();
    expect(await enrich()).toMatchObject({ status: 'done', enriched: 3 });
  });

  test('maintenance midway keeps and merges what was enriched before it, and says where it stopped', async () => {
    tj.fail({ kind: 'maintenance' }, { match: (r) => r.form.get('searchTxt') === '猫', times: 10 });
    const s = await enrich();
    expect(s).toMatchObject({ status: 'stopped', tried: 1, enriched: 1, requests: 2 });
    expect(s.stopped?.entry.no).toBe('68030');
    expect(s.merge).not.toBeNull();
    expect((await songOf('68001')).nation).toBe('jpn');
    expect(await facetsOf('68030')).toEqual(noFacets);
  });

  test('a run resumes where the last one stopped, and skips entries looked up recently until the retry window passes', async () => {
    tj.songs = catalog().filter((s) => s.pro !== '68020'); // TJ's search does not find Lemon this month
    expect(await enrich({ limit: 1 })).toMatchObject({ waiting: 3, candidates: 1, enriched: 1 });
    expect(asked()).toEqual(['1:JPN:アイドル']);
    tj.reset();
    expect(await enrich({ limit: 1 })).toMatchObject({ waiting: 2, candidates: 1, enriched: 1 });
    expect(asked()).toEqual(['1:-:猫']);
    tj.reset();
    expect(await enrich()).toMatchObject({ waiting: 1, tried: 1, notFound: 1 });

    // everything was looked up: the next run asks nothing
    tj.reset();
    expect(await enrich()).toMatchObject({ waiting: 0, candidates: 0, tried: 0, requests: 0 });
    expect(tj.pageRequests).toHaveLength(0);

    // once the retry window has passed, the one not found is asked about again (and found now)
    tj.songs = catalog();
    const again = await enrich({ retryAfterMs: 0 });
    expect(again).toMatchObject({ candidates: 1, enriched: 1 });
    expect(asked()).toEqual(['1:-:Lemon']);
  });

  test('the scheduled job enriches at most CATALOG_ENRICH_PER_RUN entries; a stopped run fails the job', async () => {
    const config = loadConfig({ ...process.env, ES_INDEX_PREFIX: prefix, CATALOG_ENRICH_PER_RUN: '2' });
    const job = catalogJobs({ config }, config.catalogs.schedule, {
      tj: tjSource(),
      ky: new ArrayCatalog('ky', []),
    }).find((j) => j.name === 'catalog-tj-enrich')!;
    expect(await job.run(deps)).toMatchObject({ candidates: 2, enriched: 2, stopped: null });
    tj.fail({ kind: 'maintenance' }, { match: '/legacy/api/searchSong', times: 10 });
    await expect(job.run(deps)).rejects.toThrow(/tj enrichment stopped at 68020 after 0 enriched: maintenance: /);
  });
});

// Nation, readings and sub titles from the sources reach catalog_entries and then the merged song; genres follow the
// TJ genre charts, by the chart job and by the merge. Real Postgres; the brand sites are arrays (array-catalog.ts).
import { testDeps, closeDeps } from '../support';
import { fullListing, newSongsListing, syncCatalog } from '../../src/catalogs/sync';
import { syncCharts } from '../../src/catalogs/charts-sync';
import { refreshSongGenres } from '../../src/songs/genres';
import { ArrayCatalog, sourceSong as song } from './array-catalog';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const now = new Date('2026-11-18T03:00:00Z');

const entry = async (brand: string, no: string) =>
  (
    await deps.pg.query(
      'SELECT nation, title_reading, singer_reading, sub_title FROM catalog_entries WHERE brand = $1 AND no = $2',
      [brand, no],
    )
  ).rows[0];
const songOf = async (brand: 'tj' | 'ky', no: string) =>
  (
    await deps.pg.query(
      `SELECT id, title, alt_titles, tj_no, ky_no, nation, genres, title_readings, artist_readings, updated_at FROM songs WHERE ${brand}_no = $1 AND deleted_at IS NULL`,
      [no],
    )
  ).rows[0];

const tjSongs = () => [
  song('tj', '68001', 'アイドル', 'YOASOBI', {
    nation: 'jpn',
    titleReading: '아이도루',
    singerReading: '요아소비',
    subTitle: '아이돌',
  }),
  song('tj', '68003', '猫', 'DISH', { nation: 'jpn', titleReading: '네코', subTitle: '고양이' }),
  song('tj', '30001', '밤편지', '아이유', { nation: 'kor' }),
  song('tj', '30002', '사랑은 늘 도망가', '임영웅', { nation: 'kor' }),
];
const kySongs = () => [
  song('ky', '44001', '아이돌(アイドル)', 'YOASOBI', { nation: 'jpn' }),
  song('ky', '44002', 'マリーゴールド', 'あいみょん', { nation: 'jpn' }),
  song('ky', '20001', '밤편지', '아이유', { nation: 'eng' }),
];

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
    'song_chart_lists',
  ]);
});
afterAll(() => closeDeps(deps));

describe('nation and readings from the sources', () => {
  test('reach catalog_entries, then the merged song (TJ nation first, jpn from either side, readings and the sub title)', async () => {
    await syncCatalog(deps.pg, fullListing(new ArrayCatalog('tj', tjSongs())));
    await syncCatalog(deps.pg, fullListing(new ArrayCatalog('ky', kySongs())));
    expect(await entry('tj', '68001')).toEqual({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
    expect(await entry('ky', '44001')).toEqual({
      nation: 'jpn',
      title_reading: null,
      singer_reading: null,
      sub_title: null,
    });

    expect(await songOf('tj', '68001')).toMatchObject({
      ky_no: '44001',
      title: '아이돌',
      alt_titles: ['アイドル'],
      nation: 'jpn',
      title_readings: ['아이도루'],
      artist_readings: ['요아소비'],
    });
    // a kanji title: TJ's reading and its Korean sub title make it findable
    expect(await songOf('tj', '68003')).toMatchObject({
      title: '猫',
      alt_titles: ['고양이'],
      title_readings: ['네코'],
    });
    // KY alone, no source reading: the kana are read
    expect(await songOf('ky', '44002')).toMatchObject({
      nation: 'jpn',
      title_readings: ['마리고루도'],
      artist_readings: expect.arrayContaining(['아이묭']),
    });
    // both brands: TJ's nation wins
    expect(await songOf('tj', '30001')).toMatchObject({ ky_no: '20001', nation: 'kor', title_readings: [] });
  });

  test('a source that does not tell them (a daily list) keeps what we hold; a changed nation is a change and reaches the song', async () => {
    const tj = new ArrayCatalog('tj', tjSongs());
    await syncCatalog(deps.pg, fullListing(tj));
    tj.newSongs = [song('tj', '68001', 'アイドル', 'YOASOBI')];
    const daily = await syncCatalog(deps.pg, newSongsListing(tj, '2026-11-01'));
    expect(daily).toMatchObject({ status: 'applied', changed: 0, unchanged: 1 });
    expect(await entry('tj', '68001')).toEqual({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });

    tj.songs = tjSongs().map((s) => (s.no === '30002' ? { ...s, nation: 'etc' as const } : s));
    const r = await syncCatalog(deps.pg, fullListing(tj));
    expect(r).toMatchObject({ status: 'applied', changed: 1 });
    expect((await entry('tj', '30002')).nation).toBe('etc');
    expect((await songOf('tj', '30002')).nation).toBe('etc');
  });
});

describe('genres from the TJ genre charts', () => {
  const placeOld = (no: string, genre: number, name: string, periodStart: string) =>
    deps.pg.query(
      `INSERT INTO song_chart_lists (brand, chart, genre, genre_name, period_start, period_end, rank, no) VALUES ('tj', 'TOP', $1, $2, $3, $3, 1, $4)`,
      [genre, name, periodStart, no],
    );

  test('the chart job gives each song the genres it placed in within two years, most recent first; the overall chart is no genre', async () => {
    await syncCatalog(deps.pg, fullListing(new ArrayCatalog('tj', tjSongs())));
    await placeOld('30001', 4, '발라드', '2026-03-01'); // this year: kept, after this month's
    await placeOld('30001', 5, '댄스', '2024-06-01'); // more than two years before: gone
    const charts = new ArrayCatalog('tj', []);
    charts.places = new Map([
      [0, ['30001', '30002']],
      [3, ['68001']],
      [6, ['30002']],
      [8, ['30001']],
    ]);
    const before = (await songOf('tj', '30001')).updated_at;
    const summary = await syncCharts(deps.pg, charts, now);
    expect(summary.genresChanged).toBe(3);
    expect((await songOf('tj', '30001')).genres).toEqual(['OST', '발라드']);
    expect((await songOf('tj', '30002')).genres).toEqual(['트로트']);
    expect((await songOf('tj', '68001')).genres).toEqual(['JPOP']);
    expect((await songOf('tj', '68003')).genres).toEqual([]);
    // the index sync picks changed genres up by updated_at
    expect((await songOf('tj', '30001')).updated_at.getTime()).toBeGreaterThan(before.getTime());

    // two years on, this month's places have aged out too
    expect(await refreshSongGenres(deps.pg, { now: new Date('2029-01-01T00:00:00Z') })).toBe(3);
    expect((await songOf('tj', '30001')).genres).toEqual([]);
    // nothing changed, nothing written
    expect(await refreshSongGenres(deps.pg, { now: new Date('2029-01-01T00:00:00Z') })).toBe(0);
  });

  test('a song the merge creates for a number already in a genre chart has its genre at once', async () => {
    await placeOld('30009', 7, '포크', '2026-11-01');
    const tj = new ArrayCatalog('tj', tjSongs());
    await syncCatalog(deps.pg, fullListing(tj));
    tj.newSongs = [song('tj', '30009', '사랑했지만', '김광석', { nation: 'kor' })];
    await syncCatalog(deps.pg, newSongsListing(tj, '2026-11-01'));
    expect((await songOf('tj', '30009')).genres).toEqual(['포크']);
    // a KY number merging into the song keeps it
    await syncCatalog(deps.pg, fullListing(new ArrayCatalog('ky', [song('ky', '20009', '사랑했지만', '김광석')])));
    expect(await songOf('tj', '30009')).toMatchObject({ ky_no: '20009', genres: ['포크'] });
  });
});

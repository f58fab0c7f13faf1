// Safe catalog sync against real Postgres (and the real songs index for withdrawal). The brand sites are stood in
// for by a CatalogSource built from arrays: pages, detail pages, and failures on demand.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { dumpListing, fullListing, newSongsListing, syncCatalog, type SyncOptions } from '../../src/catalogs/sync';
import { spellingHistory } from '../../src/catalogs/provenance';
import {
  SourceError,
  type CatalogSource,
  type RejectedRow,
  type SourcePage,
  type SourceSong,
} from '../../src/catalogs/source';
import { rebuildIndex, syncIndex } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import type { Brand } from '../../src/core/brands';
import { catalogJobs } from '../../src/catalogs/jobs';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}catsync_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);

const song = (brand: Brand, no: string, title: string, singer: string, over: Partial<SourceSong> = {}): SourceSong => ({
  brand,
  no,
  title,
  singer,
  composer: null,
  lyricist: null,
  release: null,
  nation: null,
  genre: null,
  titleReading: null,
  singerReading: null,
  subTitle: null,
  marks: [],
  mayBeCut: false,
  ...over,
});

interface TestPage {
  songs: SourceSong[];
  rejected?: RejectedRow[];
}

/** A brand site made of arrays: pages in order (checkpoint = the page's index), detail pages by number. */
class ArraySource implements CatalogSource {
  readonly fetched: number[] = [];
  readonly detailCalls: string[] = [];
  /** throw this once when the walk reaches page `page` (0-based) */
  failure: { page: number; error: Error } | null = null;
  newSongs: SourceSong[] = [];

  constructor(
    readonly brand: Brand,
    public pages: TestPage[],
    public detailPages = new Map<string, SourceSong>(),
  ) {}

  async *listAll(resumeFrom?: string | null): AsyncIterable<SourcePage> {
    for (let i = resumeFrom ? Number(resumeFrom) + 1 : 0; i < this.pages.length; i++) {
      if (this.failure?.page === i) {
        const { error } = this.failure;
        this.failure = null;
        throw error;
      }
      this.fetched.push(i);
      yield {
        songs: this.pages[i].songs,
        rejected: this.pages[i].rejected ?? [],
        next: i + 1 < this.pages.length ? String(i) : null,
        label: `page ${i + 1}`,
      };
    }
  }

  async newSince(): Promise<SourcePage> {
    return { songs: this.newSongs, rejected: [], next: null, label: 'new songs' };
  }

  async details(no: string): Promise<SourceSong | null> {
    this.detailCalls.push(no);
    return this.detailPages.get(no) ?? null;
  }
}

/** `count` TJ songs split into pages of `perPage`. */
function tjCatalog(count: number, perPage = 5): SourceSong[][] {
  const songs = Array.from({ length: count }, (_, i) =>
    song('tj', String(40001 + i), `노래 ${i + 1}`, `가수 ${(i % 4) + 1}`),
  );
  const pages: SourceSong[][] = [];
  for (let i = 0; i < songs.length; i += perPage) pages.push(songs.slice(i, i + perPage));
  return pages;
}
const pagesOf = (songs: SourceSong[][]): TestPage[] => songs.map((s) => ({ songs: s }));
const sync = (source: ArraySource, opts: SyncOptions = {}) => syncCatalog(deps.pg, fullListing(source), opts);

const count = async (sql: string, params: unknown[] = []) =>
  Number((await deps.pg.query<{ n: string }>(sql, params)).rows[0].n);
const entries = (brand: Brand) =>
  deps.pg
    .query<{
      no: string;
      title: string;
      singer: string;
      composer: string | null;
      withdrawn_at: Date | null;
      missing_listings: number;
    }>(
      'SELECT no, title, singer, composer, withdrawn_at, missing_listings FROM catalog_entries WHERE brand = $1 ORDER BY no',
      [brand],
    )
    .then((r) => r.rows);
const provenanceRows = () => count('SELECT count(*) AS n FROM catalog_source_rows');

async function reset() {
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
}

beforeEach(reset);
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

describe('full listings', () => {
  test('a first full sync adds every song, records provenance and merges', async () => {
    const source = new ArraySource('tj', pagesOf(tjCatalog(10)));
    const r = await sync(source);
    expect(r).toMatchObject({
      status: 'applied',
      pages: 2,
      listingSize: 10,
      added: 10,
      changed: 0,
      unchanged: 0,
      bad: 0,
      provenanceRows: 10,
    });
    expect(r.merge).not.toBeNull();
    expect(await entries('tj')).toHaveLength(10);
    expect(await count(`SELECT count(*) AS n FROM catalog_source_rows WHERE source = 'tj-api' AND brand = 'tj'`)).toBe(
      10,
    );
    expect(await count('SELECT count(*) AS n FROM songs WHERE tj_no IS NOT NULL AND deleted_at IS NULL')).toBe(10);
    const run = (
      await deps.pg.query(
        'SELECT status, kind, listing_size, added, finished_at FROM catalog_sync_runs WHERE id = $1',
        [r.runId],
      )
    ).rows[0];
    expect(run).toMatchObject({ status: 'applied', kind: 'full', listing_size: 10, added: 10 });
    expect(run.finished_at).not.toBeNull();
    expect(await count('SELECT count(*) AS n FROM catalog_sync_staging')).toBe(0);
  });

  test('the same listing again changes nothing and adds no provenance', async () => {
    const source = new ArraySource('tj', pagesOf(tjCatalog(10)));
    await sync(source);
    const before = await entries('tj');
    const r = await sync(source);
    expect(r).toMatchObject({
      status: 'applied',
      added: 0,
      changed: 0,
      unchanged: 10,
      provenanceRows: 0,
      withdrawn: 0,
    });
    expect(r.merge).toBeNull();
    expect(await provenanceRows()).toBe(10);
    expect(await entries('tj')).toEqual(before);
  });

  test('a changed spelling adds one provenance row and updates the entry and its song', async () => {
    const pages = tjCatalog(10);
    const source = new ArraySource('tj', pagesOf(pages));
    await sync(source);
    pages[1][2] = { ...pages[1][2], title: '노래 팔 (Remastered)' };
    const r = await sync(source);
    expect(r).toMatchObject({ added: 0, changed: 1, unchanged: 9, provenanceRows: 1 });
    expect(r.samples.changed).toEqual([
      {
        no: '40008',
        before: { title: '노래 8', singer: '가수 4' },
        after: { title: '노래 팔 (Remastered)', singer: '가수 4' },
      },
    ]);
    expect(await provenanceRows()).toBe(11);
    expect((await spellingHistory(deps.pg, 'tj', '40008')).map((h) => h.fields.title)).toEqual([
      '노래 8',
      '노래 팔 (Remastered)',
    ]);
    expect((await entries('tj')).find((e) => e.no === '40008')!.title).toBe('노래 팔 (Remastered)');
    expect(
      (await deps.pg.query(`SELECT title FROM songs WHERE tj_no = '40008' AND deleted_at IS NULL`)).rows[0].title,
    ).toBe('노래 팔 (Remastered)');
  });

  test('a listing below the ratio of the last applied one is refused and changes nothing', async () => {
    const pages = tjCatalog(10);
    const source = new ArraySource('tj', pagesOf(pages));
    await sync(source);
    const before = await entries('tj');
    // 8 of 10 songs (below 90%), one of them respelled and one new: none of it may land
    source.pages = pagesOf([
      [...pages[0].slice(0, 4), song('tj', '49999', '새 노래', '새 가수')],
      [{ ...pages[1][0], title: '바뀐 제목' }, ...pages[1].slice(1, 3)],
    ]);
    const r = await sync(source);
    expect(r.status).toBe('refused');
    expect(r.refusal).toBe('the listing has 8 songs, below 90% of the last applied full listing (10)');
    expect(r).toMatchObject({ listingSize: 8, baseline: 10, added: 1, changed: 1 });
    expect(await entries('tj')).toEqual(before); // missing counts untouched too
    expect(await provenanceRows()).toBe(10);
    expect(
      (await deps.pg.query('SELECT status, refusal FROM catalog_sync_runs WHERE id = $1', [r.runId])).rows[0],
    ).toEqual({ status: 'refused', refusal: r.refusal });
    expect(await count('SELECT count(*) AS n FROM catalog_sync_staging')).toBe(0);
    // a ratio that tolerates it lets the same listing through
    expect((await sync(source, { policy: { minListingRatio: 0.5 } })).status).toBe('applied');
  });

  test('before the first full listing, a full listing is held against the last applied dump', async () => {
    const pages = tjCatalog(10);
    const dump = await syncCatalog(
      deps.pg,
      dumpListing('tj', () => new ArraySource('tj', pagesOf(pages)).listAll()),
    );
    expect(dump).toMatchObject({ kind: 'dump', source: 'tj-dump', status: 'applied', added: 10 });
    const r = await sync(new ArraySource('tj', pagesOf([pages[0]])));
    expect(r).toMatchObject({ status: 'refused', baseline: 10, listingSize: 5 });
  });

  test('a daily list with no new songs is an empty run, not an error', async () => {
    const source = new ArraySource('tj', []);
    source.newSince = async () => {
      throw new SourceError('no_data', 'resultCode 98');
    };
    const r = await syncCatalog(deps.pg, newSongsListing(source, '2025-06-01'));
    expect(r).toMatchObject({ kind: 'new', status: 'applied', listingSize: 0, added: 0 });
  });

  test('an error on a page fails the run and changes nothing', async () => {
    const source = new ArraySource('tj', pagesOf(tjCatalog(10)));
    source.failure = { page: 1, error: new SourceError('maintenance', 'TJ answered its maintenance page') };
    const r = await sync(source);
    expect(r.status).toBe('failed');
    expect(r.refusal).toMatch(
      /stopped at page 1 after 1 stored pages \(maintenance: TJ answered its maintenance page\)/,
    );
    expect(await entries('tj')).toEqual([]);
    expect(await provenanceRows()).toBe(0);
    expect(
      (await deps.pg.query('SELECT status, refusal FROM catalog_sync_runs WHERE id = $1', [r.runId])).rows[0].status,
    ).toBe('failed');
  });

  test('a crashed walk resumes from its checkpoint without fetching the stored pages again', async () => {
    const source = new ArraySource('tj', pagesOf(tjCatalog(20)));
    source.failure = { page: 2, error: new Error('socket hang up') };
    const first = await sync(source);
    expect(first).toMatchObject({ status: 'failed', pages: 2 });
    expect(source.fetched).toEqual([0, 1]);
    expect(await count('SELECT count(*) AS n FROM catalog_sync_staging WHERE run_id = $1', [first.runId])).toBe(10);

    const second = await sync(source);
    expect(second).toMatchObject({
      runId: first.runId,
      status: 'applied',
      resumed: true,
      pages: 4,
      listingSize: 20,
      added: 20,
    });
    expect(source.fetched).toEqual([0, 1, 2, 3]); // pages 1-2 were not asked again
    expect(await entries('tj')).toHaveLength(20);
    expect(
      (await deps.pg.query('SELECT resumed, checkpoint FROM catalog_sync_runs WHERE id = $1', [first.runId])).rows[0],
    ).toEqual({ resumed: 1, checkpoint: null });
  });

  test('a walk whose process died (run left running) resumes too; resume: never starts over', async () => {
    const source = new ArraySource('tj', pagesOf(tjCatalog(15)));
    source.failure = { page: 1, error: new Error('killed') };
    const first = await sync(source);
    await deps.pg.query(`UPDATE catalog_sync_runs SET status = 'running', finished_at = NULL WHERE id = $1`, [
      first.runId,
    ]); // as a killed process leaves it
    expect(await sync(source)).toMatchObject({ runId: first.runId, resumed: true, status: 'applied', pages: 3 });
    expect(source.fetched).toEqual([0, 1, 2]);

    source.failure = { page: 1, error: new Error('killed') };
    const second = await sync(source);
    expect(second.status).toBe('failed');
    const restarted = await sync(source, { resume: 'never' });
    expect(restarted).toMatchObject({ resumed: false, status: 'applied', pages: 3 });
    expect(restarted.runId).not.toBe(second.runId);
    expect(source.fetched).toEqual([0, 1, 2, 0, 0, 1, 2]);
    expect(
      (await deps.pg.query('SELECT status FROM catalog_sync_runs WHERE id = $1', [second.runId])).rows[0].status,
    ).toBe('failed');
    expect(await count('SELECT count(*) AS n FROM catalog_sync_staging')).toBe(0);
    await expect(sync(source, { resume: 'require' })).rejects.toThrow(/no interrupted tj full walk to resume/);
  });

  test('bad rows are counted by reason and nothing else is affected', async () => {
    const source = new ArraySource('ky', [
      {
        songs: [
          song('ky', '1001', '밤편지', '아이유'),
          song('ky', '1002', '   ', '아이유'),
          song('ky', '1003', '밤\u0000편지', '아이유'),
          song('ky', '1004', '가'.repeat(5000), '아이유'),
          song('ky', '1005', '좋은 날', '아이유'),
          song('ky', '1005', '다른 노래', '다른 가수'),
          song('ky', '', '번호 없음', '가수'),
        ],
        rejected: [{ reason: 'no number', raw: { index_search_tit: '제목만' } }],
      },
    ]);
    const r = await sync(source);
    expect(r).toMatchObject({ status: 'applied', listingSize: 2, added: 2, bad: 6 });
    expect(Object.fromEntries(Object.entries(r.badReasons).map(([k, v]) => [k, v.count]))).toEqual({
      blank_title: 1,
      control_characters: 1,
      field_too_long: 1,
      duplicate_number: 1,
      no_number: 2,
    });
    expect(r.badReasons.control_characters.examples[0]).toContain('밤\\\\u0000편지');
    expect((await entries('ky')).map((e) => [e.no, e.title])).toEqual([
      ['1001', '밤편지'],
      ['1005', '좋은 날'],
    ]);
    const run = (await deps.pg.query('SELECT bad, bad_reasons FROM catalog_sync_runs WHERE id = $1', [r.runId]))
      .rows[0];
    expect(run.bad).toBe(6);
    expect(run.bad_reasons.duplicate_number.count).toBe(1);
  });

  test('a detail page whose row cannot be stored counts as a bad row; the walk goes on', async () => {
    const cut = (no: string, title: string) => song('ky', no, title, '가수', { mayBeCut: true });
    const source = new ArraySource('ky', [
      { songs: [cut('3001', '아주 긴 제목의 첫'), cut('3002', '아주 긴 제목의 둘')] },
      { songs: [cut('3003', '아주 긴 제목의 셋')] },
    ]);
    source.details = async (no) => {
      if (no === '3002')
        throw new SourceError('bad_row', 'KY 3002: the detail row cannot be read (singer longer than 300 characters)', {
          reason: 'singer longer than 300 characters',
          row: { no },
        });
      return song('ky', no, `${no} 전체 제목`, '가수');
    };
    const r = await sync(source);
    expect(r).toMatchObject({ status: 'applied', pages: 2, detailCalls: 3 });
    expect(r.badReasons.detail_unusable.count).toBe(1);
    expect((await entries('ky')).map((e) => e.title)).toEqual([
      '3001 전체 제목',
      '아주 긴 제목의 둘',
      '3003 전체 제목',
    ]);
  });

  test('cut rows are completed from details only when new or no longer a prefix of what we hold', async () => {
    const full = [
      song('ky', '2001', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션', { composer: '이찬혁' }),
      song('ky', '2002', '나는 나비', 'YB'),
      song('ky', '2003', '사랑하기 때문에 (Remastered 2019 Edition)', '유재하', { composer: '유재하' }),
    ];
    const cut = (s: SourceSong, width = 14) => ({
      ...s,
      title: s.title.slice(0, width),
      composer: null,
      mayBeCut: true,
    });
    const source = new ArraySource('ky', [{ songs: full.map((s) => cut(s)) }], new Map(full.map((s) => [s.no, s])));
    const first = await sync(source);
    expect(first).toMatchObject({ status: 'applied', added: 3, detailCalls: 3 });
    expect(source.detailCalls).toEqual(['2001', '2002', '2003']);
    expect((await entries('ky')).map((e) => [e.title, e.composer])).toEqual(full.map((s) => [s.title, s.composer]));
    expect(await count(`SELECT count(*) AS n FROM catalog_source_rows WHERE source = 'ky-book'`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM catalog_source_rows WHERE source = 'ky-detail'`)).toBe(3);

    const again = await sync(source); // the cut texts still fit what we hold
    expect(again).toMatchObject({ detailCalls: 0, unchanged: 3, changed: 0 });
    expect(source.detailCalls).toHaveLength(3);

    // the site renamed 2003: its cut text no longer fits, so (only) it is looked up
    const renamed = song('ky', '2003', '사랑하기 때문에 (Live)', '유재하', { composer: '유재하' });
    source.detailPages.set('2003', renamed);
    source.pages = [{ songs: [cut(full[0]), cut(full[1]), { ...cut(renamed, 20) }] }];
    const third = await sync(source);
    expect(third).toMatchObject({ detailCalls: 1, changed: 1, unchanged: 2 });
    expect(source.detailCalls).toEqual(['2001', '2002', '2003', '2003']);
    expect((await entries('ky')).find((e) => e.no === '2003')!.title).toBe('사랑하기 때문에 (Live)');
  });

  test('a dry run reports what would change and changes nothing but its run record', async () => {
    const pages = tjCatalog(10);
    const source = new ArraySource('tj', pagesOf(pages));
    await sync(source, { policy: { withdrawAfterListings: 1 } });
    const before = await entries('tj');
    source.pages = pagesOf([
      [...pages[0].slice(0, 4), song('tj', '49999', '새 노래', '새 가수')],
      [{ ...pages[1][0], title: '바뀐 제목' }, ...pages[1].slice(1)],
    ]);
    const r = await sync(source, { dryRun: true, policy: { withdrawAfterListings: 1 } });
    expect(r).toMatchObject({ status: 'dry_run', added: 1, changed: 1, withdrawn: 1, missing: 1 });
    expect(r.samples.added).toEqual([{ no: '49999', title: '새 노래', singer: '새 가수' }]);
    expect(r.samples.withdrawn).toEqual([{ no: '40005', title: '노래 5', singer: '가수 1' }]);
    expect(await entries('tj')).toEqual(before);
    expect(await provenanceRows()).toBe(10);
    expect(await count('SELECT count(*) AS n FROM catalog_sync_staging')).toBe(0);
    expect(
      (await deps.pg.query('SELECT status, dry_run, added FROM catalog_sync_runs WHERE id = $1', [r.runId])).rows[0],
    ).toEqual({ status: 'dry_run', dry_run: true, added: 1 });
  });
});

describe('withdrawal', () => {
  const alias = () => indexName(deps.config, 'songs');
  const inIndex = async (songId: number) => deps.es.exists({ index: alias(), id: String(songId) });
  const songId = async (brand: Brand, no: string) =>
    Number(
      (await deps.pg.query<{ id: string }>(`SELECT id FROM songs WHERE ${brand}_no = $1 AND deleted_at IS NULL`, [no]))
        .rows[0].id,
    );

  test('a song missing from 3 consecutive full listings is withdrawn: out of the index, kept in saved lists, back when it reappears', async () => {
    // 2 songs on TJ only that the site stops listing, and one on both brands that only TJ drops
    const tj = [
      song('tj', '50001', '남을 노래 하나', '가수 가'),
      song('tj', '50002', '남을 노래 둘', '가수 나'),
      song('tj', '50003', '남을 노래 셋', '가수 다'),
      song('tj', '50004', '남을 노래 넷', '가수 라'),
      song('tj', '50005', '남을 노래 다섯', '가수 마'),
      song('tj', '50006', '남을 노래 여섯', '가수 바'),
      song('tj', '50007', '남을 노래 일곱', '가수 사'),
      song('tj', '50008', '남을 노래 여덟', '가수 아'),
      song('tj', '50009', '남을 노래 아홉', '가수 자'),
      song('tj', '50010', '남을 노래 열', '가수 차'),
      song('tj', '50011', '사라질 노래', '사라질 가수'),
      song('tj', '50012', '두 곳의 노래', '두 곳 가수'),
    ];
    const tjSource = new ArraySource('tj', [{ songs: tj }]);
    const kySource = new ArraySource('ky', [{ songs: [song('ky', '60012', '두 곳의 노래', '두 곳 가수')] }]);
    await sync(tjSource);
    await sync(kySource);
    await rebuildIndex(deps, songsFamily);
    const gone = await songId('tj', '50011');
    const shared = await songId('tj', '50012');
    expect(await songId('ky', '60012')).toBe(shared); // merged into one song
    expect(await inIndex(gone)).toBe(true);

    // a saved list holds both
    const signup = await request(app)
      .post('/api/auth/signup')
      .send({ email: `sync-${Date.now()}@example.com`, password: 'password1' });
    const auth = { authorization: `Bearer ${signup.body.token}` };
    const listId = (await request(app).post('/api/lists').set(auth).send({ name: '애창곡' })).body.id as number;
    for (const id of [gone, shared])
      expect((await request(app).put(`/api/lists/${listId}/songs/${id}`).set(auth)).status).toBe(201);
    const listed = async () =>
      Object.fromEntries(
        (
          (await request(app).get(`/api/lists/${listId}`).set(auth)).body.songs as Array<{
            song_id: number;
            withdrawn: boolean;
          }>
        ).map((s) => [s.song_id, s.withdrawn]),
      );

    tjSource.pages = [{ songs: tj.slice(0, 10) }]; // 10 of 12 is below the 90% ratio: this test lowers it
    const lenient = { policy: { minListingRatio: 0.5 } };
    const missing = async () =>
      (await entries('tj')).filter((e) => e.no >= '50011').map((e) => [e.missing_listings, e.withdrawn_at !== null]);
    expect((await sync(tjSource, lenient)).withdrawn).toBe(0);
    expect((await sync(tjSource, lenient)).withdrawn).toBe(0);
    expect(await missing()).toEqual([
      [2, false],
      [2, false],
    ]);
    // a refused listing in between does not count
    const refused = await syncCatalog(deps.pg, fullListing(new ArraySource('tj', [{ songs: tj.slice(0, 2) }])));
    expect(refused.status).toBe('refused');
    expect(await missing()).toEqual([
      [2, false],
      [2, false],
    ]);

    const third = await sync(tjSource, lenient);
    expect(third).toMatchObject({ status: 'applied', withdrawn: 2, songsWithdrawn: 1 });
    expect(await missing()).toEqual([
      [3, true],
      [3, true],
    ]);
    expect((await deps.pg.query('SELECT id::int FROM songs WHERE withdrawn_at IS NOT NULL')).rows).toEqual([
      { id: gone },
    ]);
    expect(await count('SELECT count(*) AS n FROM catalog_entries')).toBe(13); // never deleted
    const s = await syncIndex(deps, songsFamily);
    expect(s.deleted).toBeGreaterThanOrEqual(1);
    expect(await inIndex(gone)).toBe(false);
    expect(await inIndex(shared)).toBe(true); // KY still lists it
    expect(await listed()).toEqual({ [gone]: true, [shared]: false });
    const search = await request(app).get('/api/songs/search').query({ q: '사라질 노래' });
    expect(search.status).toBe(200);
    expect((search.body.items as Array<{ id: number }>).map((i) => i.id)).not.toContain(gone);

    // a daily list never withdraws, and a song it brings back is restored
    tjSource.newSongs = [tj[10]];
    const daily = await syncCatalog(deps.pg, newSongsListing(tjSource, '2025-06-01'));
    expect(daily).toMatchObject({
      kind: 'new',
      status: 'applied',
      missing: 0,
      withdrawn: 0,
      restored: 1,
      songsRestored: 1,
    });
    expect(await missing()).toEqual([
      [0, false],
      [3, true],
    ]);
    await syncIndex(deps, songsFamily);
    expect(await inIndex(gone)).toBe(true);
    expect(await listed()).toEqual({ [gone]: false, [shared]: false });

    // and it reappearing in a full listing keeps it there
    tjSource.pages = [{ songs: tj }];
    const back = await sync(tjSource);
    expect(back).toMatchObject({ restored: 1, withdrawn: 0 });
    expect(await missing()).toEqual([
      [0, false],
      [0, false],
    ]);
  });
});

describe('scheduled jobs', () => {
  test('the weekly job applies a full listing and fails (changing nothing) on a refused one; the daily job asks for new songs', async () => {
    const tj = new ArraySource('tj', pagesOf(tjCatalog(10)));
    const ky = new ArraySource('ky', []);
    ky.newSongs = [song('ky', '3001', '새 노래', '새 가수')];
    const jobs = Object.fromEntries(
      catalogJobs(deps, deps.config.catalogs.schedule, { tj, ky }).map((j) => [j.name, j]),
    );
    expect(await jobs['catalog-tj-full'].run(deps)).toMatchObject({ status: 'applied', added: 10 });
    tj.pages = pagesOf([tjCatalog(10)[0]]);
    await expect(jobs['catalog-tj-full'].run(deps)).rejects.toThrow(/tj full catalog sync refused .*below 90%/);
    expect(await entries('tj')).toHaveLength(10);
    expect(await jobs['catalog-ky-new'].run(deps)).toMatchObject({ kind: 'new', status: 'applied', added: 1 });
  });
});

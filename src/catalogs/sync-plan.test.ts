import { completeEntry, DEFAULT_SYNC_POLICY, planSync, refusalOf, type HeldEntry, type StagedRow } from './sync-plan';
import type { SourceSong } from './source';

const at = new Date('2025-06-01T00:00:00Z');
const song = (no: string, title: string, singer: string, over: Partial<SourceSong> = {}): SourceSong => ({
  brand: 'ky',
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
const listing = (s: SourceSong): StagedRow => ({ role: 'listing', song: s, fetchedAt: at });
const held = (no: string, title: string, singer: string, over: Partial<HeldEntry> = {}): HeldEntry => ({
  no,
  title,
  singer,
  composer: null,
  lyricist: null,
  release: null,
  withdrawn: false,
  missingListings: 0,
  ...over,
});
const heldMap = (...entries: HeldEntry[]) => new Map(entries.map((e) => [e.no, e]));
const plan = (rows: StagedRow[], h: Map<string, HeldEntry>, kind: 'full' | 'new' | 'dump' = 'full') =>
  planSync(rows, h, { brand: 'ky', kind, policy: DEFAULT_SYNC_POLICY });

describe('planSync', () => {
  test('sorts a listing into added, changed and unchanged', () => {
    const p = plan(
      [
        listing(song('1', '밤편지', '아이유')),
        listing(song('2', '좋은날', '아이유')),
        listing(song('3', '새 노래', '새 가수')),
      ],
      heldMap(held('1', '밤편지', '아이유'), held('2', '좋은 날', '아이유')),
    );
    expect(p.listingSize).toBe(3);
    expect(p.added.map((e) => e.no)).toEqual(['3']);
    expect(p.changed.map((c) => [c.before.title, c.after.title])).toEqual([['좋은 날', '좋은날']]);
    expect(p.unchanged).toBe(1);
    expect(p.warnings.total).toBe(0); // a respelling is no warning
  });

  test('a missing song counts one more missing listing and is withdrawn at the threshold, only in full listings', () => {
    const h = heldMap(
      held('1', '밤편지', '아이유'),
      held('2', '좋은 날', '아이유', { missingListings: 1 }),
      held('3', '가시', '버즈', { missingListings: 2 }),
      held('4', '취중진담', '전람회', { withdrawn: true, missingListings: 5 }),
    );
    const p = plan([listing(song('1', '밤편지', '아이유'))], h);
    expect(p.missing.sort()).toEqual(['2', '3']);
    expect(p.toWithdraw).toEqual(['3']);
    const daily = plan([listing(song('1', '밤편지', '아이유'))], h, 'new');
    expect(daily.missing).toEqual([]);
    expect(daily.toWithdraw).toEqual([]);
  });

  test('a withdrawn song listed again is restored, and a listed song forgets its missing listings', () => {
    const h = heldMap(
      held('4', '취중진담', '전람회', { withdrawn: true, missingListings: 5 }),
      held('2', '좋은 날', '아이유', { missingListings: 1 }),
    );
    for (const kind of ['full', 'new'] as const) {
      const p = plan([listing(song('4', '취중진담', '전람회')), listing(song('2', '좋은 날', '아이유'))], h, kind);
      expect(p.restored).toEqual(['4']);
      expect(p.reset.sort()).toEqual(['2', '4']);
      expect(p.unchanged).toBe(2);
    }
  });

  test('bad rows are counted by reason, and a bad row still shows its number is listed', () => {
    const rows: StagedRow[] = [
      listing(song('1', '밤편지', '아이유')),
      listing(song('1', '다른 노래', '다른 가수')),
      listing(song('1', '밤편지', '아이유')), // the same row twice is no harm
      listing(song('2', '   ', '아이유')),
      listing(song('3', '가'.repeat(5000), '아이유')),
      { role: 'rejected', no: null, reason: 'no number', raw: { index_search_tit: '제목' }, fetchedAt: at },
    ];
    const p = plan(rows, heldMap(held('2', '좋은 날', '아이유', { missingListings: 2 })));
    expect(p.bad.toJSON()).toMatchObject({
      duplicate_number: { count: 1 },
      blank_title: { count: 1 },
      field_too_long: { count: 1 },
      no_number: { count: 1 },
    });
    expect(p.bad.total).toBe(4);
    expect(p.listingSize).toBe(1);
    expect(p.missing).toEqual([]); // number 2 is listed, only unusable this time
    expect(p.toWithdraw).toEqual([]);
    expect(p.sourceRows.map((r) => r.song.no)).toEqual(['1']);
  });

  test('a number whose title became another one is applied and reported', () => {
    const p = plan([listing(song('1', '좋은 날', '아이유'))], heldMap(held('1', '밤편지', '아이유')));
    expect(p.changed).toHaveLength(1);
    expect(p.warnings.toJSON().title_changed).toEqual({ count: 1, examples: ['1: 밤편지 -> 좋은 날'] });
  });

  test('a cut row takes its detail answer, or the held text it still fits', () => {
    const cut = song('7', '어떻게 이별까지 사랑하', '악동뮤지션', { mayBeCut: true });
    const full = song('7', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션', {
      composer: '이찬혁',
      release: '2019-09-25',
    });
    const withDetail = plan([listing(cut), { role: 'detail', no: '7', song: full, fetchedAt: at }], new Map());
    expect(withDetail.added[0]).toMatchObject({ title: full.title, composer: '이찬혁', release: '2019-09-25' });
    expect(withDetail.sourceRows.map((r) => r.role)).toEqual(['listing', 'detail']);
    const fits = plan([listing(cut)], heldMap(held('7', full.title, '악동뮤지션', { composer: '이찬혁' })));
    expect(fits.unchanged).toBe(1);
    const unknown = plan([listing(cut), { role: 'detail', no: '7', song: null, fetchedAt: at }], new Map());
    expect(unknown.added[0].title).toBe(cut.title);
    expect(unknown.warnings.toJSON().detail_not_found.count).toBe(1);
  });
});

describe('completeEntry', () => {
  test('a field the source does not give keeps what we hold; whitespace runs become one space', () => {
    const e = completeEntry(
      song('1', ' 밤편지  ', '아이유', { composer: null }),
      undefined,
      held('1', '밤편지', '아이유', { composer: '김제휘', release: '2017-03-24' }),
    );
    expect(e).toEqual({
      brand: 'ky',
      no: '1',
      title: '밤편지',
      singer: '아이유',
      composer: '김제휘',
      lyricist: null,
      release: '2017-03-24',
      nation: null,
      title_reading: null,
      singer_reading: null,
      sub_title: null,
    });
  });

  test('nation, readings and sub title: the source says them, else we keep what we hold', () => {
    const jp = { nation: 'jpn' as const, titleReading: '아이도루', singerReading: ' 요아소비 ', subTitle: '아이돌' };
    expect(completeEntry(song('1', 'アイドル', 'YOASOBI', jp), undefined, undefined)).toMatchObject({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
    const kept = held('1', 'アイドル', 'YOASOBI', {
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
    expect(completeEntry(song('1', 'アイドル', 'YOASOBI'), undefined, kept)).toMatchObject({
      nation: 'jpn',
      title_reading: '아이도루',
      singer_reading: '요아소비',
      sub_title: '아이돌',
    });
    expect(completeEntry(song('1', 'アイドル', 'YOASOBI', { nation: 'etc' }), undefined, kept).nation).toBe('etc');
  });

  test('a nation or reading the source now tells is a change; the same again is none', () => {
    const h = heldMap(held('1', 'アイドル', 'YOASOBI'));
    const told = plan([listing(song('1', 'アイドル', 'YOASOBI', { nation: 'jpn', titleReading: '아이도루' }))], h);
    expect(told.changed.map((c) => c.after)).toEqual([
      expect.objectContaining({ nation: 'jpn', title_reading: '아이도루' }),
    ]);
    const same = plan(
      [listing(song('1', 'アイドル', 'YOASOBI'))],
      heldMap(held('1', 'アイドル', 'YOASOBI', { nation: 'jpn', title_reading: '아이도루' })),
    );
    expect(same).toMatchObject({ changed: [], unchanged: 1 });
  });
});

describe('refusalOf', () => {
  test('a full listing below the ratio of the last applied one is refused', () => {
    expect(refusalOf('full', 899, 1000, DEFAULT_SYNC_POLICY)).toMatch(
      /899 songs, below 90% of the last applied full listing \(1000\)/,
    );
    expect(refusalOf('full', 900, 1000, DEFAULT_SYNC_POLICY)).toBeNull();
    expect(refusalOf('full', 10, null, DEFAULT_SYNC_POLICY)).toBeNull();
    expect(refusalOf('full', 0, null, DEFAULT_SYNC_POLICY)).toMatch(/empty/);
  });

  test('daily lists may be empty; dumps must hold something', () => {
    expect(refusalOf('new', 0, 1000, DEFAULT_SYNC_POLICY)).toBeNull();
    expect(refusalOf('dump', 0, null, DEFAULT_SYNC_POLICY)).toMatch(/no usable song/);
    expect(refusalOf('dump', 10, 1000, DEFAULT_SYNC_POLICY)).toBeNull();
  });
});

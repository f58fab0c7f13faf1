import { SourceError } from './source';
import {
  checkChartRequest,
  parseNewSongOfMonth,
  parseTjEnvelope,
  tjChartPlaces,
  tjItems,
  tjMarks,
  tjSongs,
} from './tj-source';

const envelope = (resultCode: string, items: unknown[] | null) =>
  JSON.stringify({ resultCode, resultMsg: 'msg', resultData: items === null ? null : { items } });
const kindOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof SourceError ? err.kind : `other: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('the TJ envelope', () => {
  test('an HTML page is maintenance; other text or JSON without the envelope is a wrong shape', () => {
    expect(kindOf(() => parseTjEnvelope('\n  <!DOCTYPE html><html><body>점검</body></html>', 'x'))).toBe('maintenance');
    expect(kindOf(() => parseTjEnvelope('{"resultCode": "99", "resultData": {"items": [', 'x'))).toBe('bad_shape');
    expect(kindOf(() => parseTjEnvelope('[1, 2]', 'x'))).toBe('bad_shape');
    expect(kindOf(() => parseTjEnvelope('{"items": []}', 'x'))).toBe('bad_shape');
  });

  test('99 gives the items, 98 none, 20 a missing parameter, another code or a missing list a wrong shape', () => {
    expect(tjItems(parseTjEnvelope(envelope('99', [{ a: 1 }]), 'x'), 'x')).toEqual([{ a: 1 }]);
    expect(tjItems(parseTjEnvelope(envelope('98', null), 'x'), 'x')).toBeNull();
    expect(tjItems(parseTjEnvelope(JSON.stringify({ resultCode: 99, resultData: { items: [] } }), 'x'), 'x')).toEqual(
      [],
    );
    expect(kindOf(() => tjItems(parseTjEnvelope(envelope('20', null), 'x'), 'x'))).toBe('missing_parameter');
    expect(kindOf(() => tjItems(parseTjEnvelope(envelope('10', null), 'x'), 'x'))).toBe('bad_shape');
    expect(
      kindOf(() => tjItems(parseTjEnvelope(JSON.stringify({ resultCode: '99', resultData: { list: [] } }), 'x'), 'x')),
    ).toBe('bad_shape');
  });

  test('a saved whole-catalog answer with no data is an error; for a month it is an empty page', () => {
    expect(kindOf(() => parseNewSongOfMonth(envelope('98', null), 'file', false))).toBe('no_data');
    expect(parseNewSongOfMonth(envelope('98', null), 'June', true)).toEqual({
      songs: [],
      rejected: [],
      next: null,
      label: 'June',
    });
  });
});

describe('TJ items', () => {
  const item = {
    pro: 98765,
    indexTitle: '  밤편지 ',
    indexSong: '아이유',
    word: '이종훈',
    com: '김희원',
    icongubun: 'MR',
    mv_yn: 'Y',
    publishdate: '2017-03-24',
  };

  test('each item becomes a song with marks and its day; numbers as text', () => {
    const { songs, rejected } = tjSongs([item]);
    expect(rejected).toEqual([]);
    expect(songs[0]).toEqual({
      brand: 'tj',
      no: '98765',
      title: '밤편지',
      singer: '아이유',
      composer: '김희원',
      lyricist: '이종훈',
      release: '2017-03-24',
      nation: null,
      genre: null,
      titleReading: null,
      singerReading: null,
      subTitle: null,
      marks: ['MR', 'MV'],
      mayBeCut: false,
    });
  });

  test('searchSong fields carry nation, sub title and the Hangul readings', () => {
    const { songs } = tjSongs([
      {
        ...item,
        indexTitle: 'アイドル',
        indexSong: 'YOASOBI',
        nationalcode: 'JPN',
        subTitle: '아이돌',
        sortTitleKo: '아이도루',
        sortSongKo: '요아소비',
      },
    ]);
    expect(songs[0]).toMatchObject({
      nation: 'jpn',
      subTitle: '아이돌',
      titleReading: '아이도루',
      singerReading: '요아소비',
    });
  });

  test('a bad item is rejected with its reason and the rest go on', () => {
    const { songs, rejected } = tjSongs([
      item,
      'nonsense',
      { ...item, pro: { n: 1 } },
      { ...item, pro: '' },
      { ...item, indexTitle: '   ' },
      { ...item, indexSong: 'x'.repeat(400) },
      { ...item, pro: 2, publishdate: '2017-02-30' },
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^not a song item/),
      expect.stringMatching(/^not a song item \(pro:/),
      'no number',
      'title is only spaces',
      'singer longer than 300 characters',
    ]);
    // an unreadable day is no day, not a reason to lose the song
    expect(songs.map((s) => [s.no, s.release])).toEqual([
      ['98765', '2017-03-24'],
      ['2', null],
    ]);
  });

  test('marks from icongubun and mv_yn', () => {
    expect(tjMarks('', 'N')).toEqual([]);
    expect(tjMarks(' lv ', null)).toEqual(['LV']);
    expect(tjMarks('MEDLEY', 'Y')).toEqual(['MEDLEY', 'MV']);
  });
});

describe('TJ charts', () => {
  test('a request TJ accepts passes; dates, the two-year limit, the chart and the genre are checked', () => {
    expect(() => checkChartRequest({ chart: 'TOP', from: '2024-05-18', to: '2026-05-18', genre: 11 })).not.toThrow();
    expect(() => checkChartRequest({ chart: 'TOP', from: '2024-05-18', to: '2026-05-19', genre: 0 })).toThrow(
      /two years/,
    );
    expect(() => checkChartRequest({ chart: 'TOP', from: '2026-05-08', to: '2026-05-01', genre: 0 })).toThrow(/after/);
    expect(() => checkChartRequest({ chart: 'TOP', from: '2026-5-1', to: '2026-05-07', genre: 0 })).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => checkChartRequest({ chart: 'NEW' as 'TOP', from: '2026-05-01', to: '2026-05-07', genre: 0 })).toThrow(
      /TOP or HOT/,
    );
    expect(() => checkChartRequest({ chart: 'HOT', from: '2026-05-01', to: '2026-05-07', genre: -1 })).toThrow(/genre/);
    expect(() => checkChartRequest({ chart: 'HOT', from: '2026-05-01', to: '2026-05-07', genre: 1.5 })).toThrow(
      /genre/,
    );
  });

  test('places in rank order; an item without a rank or a song is rejected', () => {
    const { places, rejected } = tjChartPlaces([
      { rank: '2', pro: 2, indexTitle: 'b', indexSong: 'B' },
      { rank: 1, pro: '1', indexTitle: 'a', indexSong: 'A' },
      { rank: 0, pro: 3, indexTitle: 'c', indexSong: 'C' },
      { rank: 3, pro: 'x', indexTitle: 'd', indexSong: 'D' },
      { pro: 4 },
    ]);
    expect(places).toEqual([
      { rank: 1, no: '1', title: 'a', singer: 'A' },
      { rank: 2, no: '2', title: 'b', singer: 'B' },
    ]);
    expect(rejected).toHaveLength(3);
  });
});

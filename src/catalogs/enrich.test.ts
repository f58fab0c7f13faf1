import {
  enrichCounts,
  enrichJobResult,
  enrichLines,
  hasKana,
  JAPANESE_SCRIPT_PATTERN,
  rowFor,
  searchesFor,
  songSearchOf,
  type EnrichSummary,
} from './enrich';
import type { CatalogSource, SourceSong } from './source';

const row = (no: string, over: Partial<SourceSong> = {}): SourceSong => ({
  brand: 'tj',
  no,
  title: 'アイドル',
  singer: 'YOASOBI',
  composer: null,
  lyricist: null,
  release: null,
  nation: 'jpn',
  genre: null,
  titleReading: '아이도루',
  singerReading: '요아소비',
  subTitle: '아이돌',
  marks: [],
  mayBeCut: false,
  ...over,
});

const summary = (over: Partial<EnrichSummary> = {}): EnrichSummary => ({
  brand: 'tj',
  status: 'done',
  waiting: 3,
  candidates: 2,
  tried: 2,
  enriched: 1,
  unchanged: 0,
  notFound: 1,
  requests: 3,
  provenanceRows: 1,
  stopped: null,
  merge: null,
  ms: 12,
  samples: {
    enriched: [
      {
        no: '68001',
        title: 'アイドル',
        singer: 'YOASOBI',
        nation: 'jpn',
        title_reading: '아이도루',
        singer_reading: '요아소비',
        sub_title: '아이돌',
      },
    ],
    notFound: [{ no: '68002', title: '猫', singer: 'DISH//' }],
  },
  ...over,
});

describe('Japanese script', () => {
  // the pattern the candidates query hands Postgres, read as JavaScript reads it
  const japaneseScript = new RegExp(JAPANESE_SCRIPT_PATTERN);

  test('kana in either script, half-width katakana and the long vowel mark are kana; kanji is Japanese script but not kana', () => {
    for (const t of ['アイドル', 'あいみょん', 'ﾏﾘｰｺﾞｰﾙﾄﾞ', 'ー', '夜に駆ける']) expect(hasKana(t)).toBe(true);
    expect(hasKana('猫')).toBe(false);
    expect(japaneseScript.test('猫')).toBe(true);
    expect(japaneseScript.test('米津玄師')).toBe(true);
  });

  test('Hangul, Latin letters and CJK punctuation are not Japanese script', () => {
    for (const t of ['아이돌', 'YOASOBI', 'Lemon', '사랑「Love」', '〜너에게〜', ''])
      expect(japaneseScript.test(t)).toBe(false);
  });
});

describe('searchesFor', () => {
  test('a kana title is searched among Japanese songs by title, then by artist', () => {
    expect(searchesFor({ title: 'アイドル', singer: 'YOASOBI' })).toEqual([
      { text: 'アイドル', field: 1, nation: 'JPN' },
      { text: 'YOASOBI', field: 2, nation: 'JPN' },
    ]);
  });

  test('a kanji-only or Hangul title is searched in every nation (kanji may be Chinese, TJ may file the song otherwise)', () => {
    expect(searchesFor({ title: '猫', singer: 'DISH//' })[0]).toEqual({ text: '猫', field: 1, nation: '' });
    expect(searchesFor({ title: 'Lemon', singer: 'Kenshi Yonezu' }).map((c) => c.nation)).toEqual(['', '']);
  });

  test('no artist, no artist search', () => {
    expect(searchesFor({ title: 'アイドル', singer: ' ' })).toHaveLength(1);
  });
});

describe('rowFor', () => {
  test('only the row with the entry number is used, padded or not', () => {
    const rows = [row('68999'), row(' 68001 ', { title: 'アイドル (Live)' })];
    expect(rowFor(rows, '68001')?.title).toBe('アイドル (Live)');
  });

  test('rows of other numbers, or of another brand, are never taken for the entry', () => {
    expect(rowFor([row('68999'), row('680010'), row('6800')], '68001')).toBeNull();
    expect(rowFor([row('68001', { brand: 'ky' })], '68001')).toBeNull();
    expect(rowFor([], '68001')).toBeNull();
  });
});

describe('songSearchOf', () => {
  test("takes the source's searchSong, bound to it; a source without one is an error naming its brand", async () => {
    const calls: unknown[] = [];
    const tj = {
      brand: 'tj',
      hits: [row('68001')],
      async searchSong(this: { hits: SourceSong[] }, ...args: unknown[]) {
        calls.push(args);
        return this.hits;
      },
    };
    expect(await songSearchOf(tj as unknown as CatalogSource).searchSong('アイドル', 1, 'JPN')).toHaveLength(1);
    expect(calls).toEqual([['アイドル', 1, 'JPN']]);
    expect(() => songSearchOf({ brand: 'ky' } as unknown as CatalogSource)).toThrow(/ky source has no song search/);
  });
});

describe('the summary', () => {
  test('lines say what was enriched, what was not found and how many still wait', () => {
    const lines = enrichLines(summary());
    expect(lines[0]).toMatch(/done .* 2 of 3 waiting entries picked, 2 looked up, 3 requests/);
    expect(lines[1]).toMatch(/enriched 1, nothing new 0, not found 1; provenance rows 1; 1 still waiting/);
    expect(lines).toContain('  + 68001 アイドル / YOASOBI: jpn, 아이도루 / 요아소비, (아이돌)');
    expect(lines).toContain("  ? 68002 猫 / DISH//: not in TJ's answers");
  });

  test('a stopped run names the entry it stopped at and why, and fails the scheduled job', () => {
    const s = summary({
      status: 'stopped',
      stopped: {
        reason: 'maintenance: TJ searchSong answered an HTML page',
        entry: { no: '68002', title: '猫', singer: 'DISH//' },
      },
    });
    expect(enrichLines(s)).toContain(
      '  stopped at 68002 猫 / DISH// (nothing written for it): maintenance: TJ searchSong answered an HTML page',
    );
    expect(() => enrichJobResult(s)).toThrow(
      'tj enrichment stopped at 68002 after 1 enriched: maintenance: TJ searchSong answered an HTML page',
    );
  });

  test('the counts leave the samples out', () => {
    const counts = enrichCounts(summary());
    expect(counts).not.toHaveProperty('samples');
    expect(counts).toMatchObject({ enriched: 1, notFound: 1, requests: 3, merge: null });
    expect(enrichJobResult(summary())).toEqual(counts);
  });
});

import { KY_BOOK_WIDTH } from '../../src/catalogs/ky-source';
import { rowProblem } from '../../src/catalogs/source-text';
import { BAD_ROW_KINDS, kyBookLetters, kyBookPlace, syntheticSources } from './brand-sources';

describe('syntheticSources', () => {
  const s = syntheticSources({ tjSongs: 3000, kySongs: 2700 });

  test('the same options give the same catalog; another seed another', () => {
    const again = syntheticSources({ tjSongs: 3000, kySongs: 2700 });
    expect(again.tj).toEqual(s.tj);
    expect(again.ky).toEqual(s.ky);
    expect(syntheticSources({ tjSongs: 3000, kySongs: 2700, seed: 7 }).tj.slice(0, 50)).not.toEqual(s.tj.slice(0, 50));
  });

  test('each brand has its size plus the planted bad rows, and about 70% of the smaller one is in both', () => {
    expect(s.tj.length).toBe(3000 + s.bad.tj.length);
    expect(s.ky.length).toBe(2700 + s.bad.ky.length);
    expect(s.pairs.length).toBe(Math.round(0.7 * 2700));
    expect(new Set(s.pairs.map((p) => p.tj)).size).toBe(s.pairs.length);
  });

  test('every spelling difference is there, and each pair is spelled the way its rule says', () => {
    const tj = new Map(s.tj.map((x) => [x.pro, x]));
    const ky = new Map(s.ky.map((x) => [x.no, x]));
    const byRule = new Map<string, number>();
    for (const p of s.pairs) {
      byRule.set(p.rule, (byRule.get(p.rule) ?? 0) + 1);
      const [t, k] = [tj.get(p.tj)!, ky.get(p.ky)!];
      if (p.rule === 'same') expect([k.title, k.singer]).toEqual([t.indexTitle, t.indexSong]);
      if (p.rule === 'artist_suffix') {
        const [short, long] = [t.indexSong!, k.singer].sort((a, b) => a.length - b.length);
        expect(long.startsWith(short) && /^(밴드|\(.+\)|&.+)$/.test(long.slice(short.length))).toBe(true);
      }
      if (p.rule === 'latin_hangul') expect([t.indexSong, k.singer].filter((n) => /[A-Za-z]/.test(n!)).length).toBe(1);
      if (p.rule === 'symbols') expect(t.indexSong!.replace(/[^A-Z]/g, '')).toBe(k.singer.replace(/[^A-Z]/g, ''));
      if (p.rule === 'japanese_translation') {
        expect(t.nationalcode).toBe('JPN');
        expect(k.title).toBe(t.subTitle);
        expect(k.city).toBe('jp');
      }
      expect(p.cut).toBe([...k.title].length > KY_BOOK_WIDTH.title || [...k.singer].length > KY_BOOK_WIDTH.singer);
    }
    for (const rule of ['same', 'artist_suffix', 'latin_hangul', 'symbols', 'japanese_translation'])
      expect(byRule.get(rule) ?? 0).toBeGreaterThan(20);
    expect(s.pairs.filter((p) => p.cut).length).toBeGreaterThan(20);
  });

  test('Japanese songs carry their Hangul reading and Korean title for searchSong', () => {
    const jp = s.tj.filter((x) => x.nationalcode === 'JPN');
    expect(jp.length).toBeGreaterThan(100);
    for (const x of jp) {
      expect(x.sortTitleKo).toMatch(/^[가-힣]+$/);
      expect(x.subTitle).toMatch(/[가-힣]/);
    }
  });

  test('every KY song sits under a letter the book walk visits', () => {
    const letters = kyBookLetters();
    for (const k of s.ky) expect(letters.has(`${k.city}|${k.letter}`)).toBe(true);
  });

  test("numbers grow with the release day, as the brands' do", () => {
    const good = s.tj.filter((x) => x.pro && /^\d+$/.test(x.pro)).slice(0, 500);
    for (let k = 1; k < good.length; k++) {
      if (s.bad.tj.some((b) => s.tj[b.index] === good[k] || s.tj[b.index] === good[k - 1])) continue;
      expect(Number(good[k].pro)).toBeGreaterThan(Number(good[k - 1].pro));
      expect(good[k].publishdate! >= good[k - 1].publishdate!).toBe(true);
    }
  });

  test('each kind of bad row is planted, and each but the duplicate is one the adapters refuse', () => {
    expect(new Set(s.bad.tj.map((b) => b.kind))).toEqual(new Set(BAD_ROW_KINDS));
    for (const b of s.bad.tj) {
      const row = s.tj[b.index];
      const problem = rowProblem({ no: row.pro, title: row.indexTitle, singer: row.indexSong });
      if (b.kind === 'duplicate_number') {
        expect(problem).toBeNull();
        expect(s.tj.filter((x) => x.pro === row.pro)).toHaveLength(2);
      } else {
        expect(problem).not.toBeNull();
      }
    }
    expect(syntheticSources({ tjSongs: 100, kySongs: 100, badRate: 0 }).bad).toEqual({ tj: [], ky: [] });
  });
});

describe('kyBookPlace', () => {
  test('초성 (tense under plain), Latin letters, digits, and the kana row of a Japanese reading', () => {
    expect(kyBookPlace('사랑', 'kor')).toEqual({ city: 'kr', letter: 'ㅅ' });
    expect(kyBookPlace('꽃', 'kor')).toEqual({ city: 'kr', letter: 'ㄱ' });
    expect(kyBookPlace('Dynamite', 'kor')).toEqual({ city: 'kr', letter: 'D' });
    expect(kyBookPlace('yesterday', 'eng')).toEqual({ city: 'en', letter: 'Y' });
    expect(kyBookPlace('10minutes', 'kor')).toEqual({ city: 'kr', letter: '0' });
    expect(kyBookPlace('밤의 꽃', 'jpn', 'よるのはな')).toEqual({ city: 'jp', letter: 'や' });
    expect(kyBookPlace('アイドル', 'jpn')).toEqual({ city: 'jp', letter: 'あ' });
    expect(kyBookPlace('ばら', 'jpn')).toEqual({ city: 'jp', letter: 'は' });
  });
});

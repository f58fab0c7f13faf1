import { hangulNameSound, isSpelledName, latinNameSounds, soundBlockKey, soundSimilarity } from './artist-sounds';

const best = (latin: string, hangul: string) =>
  Math.max(...latinNameSounds(latin).map((k) => soundSimilarity(k, hangulNameSound(hangul))));
const sameBlock = (latin: string, hangul: string) =>
  latinNameSounds(latin)
    .map(soundBlockKey)
    .includes(soundBlockKey(hangulNameSound(hangul)));

describe('a Latin artist name and its Hangul spelling sound alike', () => {
  test.each([
    ['Maroon 5', '마룬5'],
    ['Maroon 5', '마룬 파이브'],
    ['Ed Sheeran', '에드시런'],
    ['Coldplay', '콜드플레이'],
    ['Bruno Mars', '브루노 마스'],
    ['Justin Bieber', '저스틴 비버'],
    ['Imagine Dragons', '이매진 드래곤스'],
    ['The Beatles', '비틀즈'],
    ['YOASOBI', '요아소비'],
    ['f(x)', '에프엑스'],
    ['2NE1', '투애니원'],
    ['G.O.D.', '지오디'],
    ['S.E.S.', '에스이에스'],
    ['KCM', '케이씨엠'],
  ])('%s ~ %s (and they share a block key)', (latin, hangul) => {
    expect(best(latin, hangul)).toBeGreaterThanOrEqual(0.85);
    expect(sameBlock(latin, hangul)).toBe(true);
  });

  test.each([
    ['Adele', '허각'],
    ['Lionel Richie', '샤이니'],
    ['Rihanna', '블랙핑크'],
    ['Keyshia Cole', '키썸'],
    ['Joy', '조용필'],
  ])('%s does not sound like %s', (latin, hangul) => {
    expect(best(latin, hangul)).toBeLessThan(0.7);
  });

  test("a name's last sound counts fully: Adele is not quite 아델라", () => {
    expect(best('Adele', '아델')).toBe(1);
    expect(best('Adele', '아델라')).toBeLessThan(0.85);
  });
});

test('soundSimilarity is 1 for equal keys, symmetric, and 0 against nothing', () => {
  expect(soundSimilarity('malun', 'malun')).toBe(1);
  expect(soundSimilarity('məlun', 'malunbaib')).toBeCloseTo(soundSimilarity('malunbaib', 'məlun'));
  expect(soundSimilarity('', 'malun')).toBe(0);
});

test('names read letter by letter: acronyms, dotted letters, letters mixed with digits, glued brackets', () => {
  for (const n of ['f(x)', 'S.E.S.', 'g.o.d', '2NE1', 'B1A4', 'KCM', 'NRG']) expect(isSpelledName(n)).toBe(true);
  for (const n of ['Maroon 5', 'Coldplay', 'ABBA', 'Kep1er', '에프엑스']) expect(isSpelledName(n)).toBe(false);
});

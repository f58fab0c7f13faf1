import { percentile, sampleDistinct, warmedUp } from './index-warmup';

describe('sampleDistinct', () => {
  test('keeps the first of each query, trimmed and with single spaces, up to n', () => {
    expect(sampleDistinct(['  밤편지 ', '밤편지', '좋은   날', '좋은 날', 'ㅂㅍㅈ', 'dkdldb'], 3)).toEqual([
      '밤편지',
      '좋은 날',
      'ㅂㅍㅈ',
    ]);
  });
  test('drops empty and over-long queries', () => {
    expect(sampleDistinct(['', '   ', 'x'.repeat(101), '아이유'], 10)).toEqual(['아이유']);
    expect(sampleDistinct(['가'.repeat(5)], 10, 4)).toEqual([]);
  });
});

describe('percentile', () => {
  test('nearest rank over unsorted values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
  });
  test('null without values', () => {
    expect(percentile([], 95)).toBeNull();
  });
});

describe('warmedUp (the stop rule)', () => {
  const r = (newP95: number | null, oldP95: number | null) => ({ newP95, oldP95 });
  test('stops after two consecutive rounds within tolerance of the old index', () => {
    expect(warmedUp([r(90, 10), r(12, 10), r(12.4, 10)], 1.25, 0)).toBe(true);
  });
  test('one matching round is not enough, nor a match broken by a slow round', () => {
    expect(warmedUp([r(12, 10)], 1.25, 0)).toBe(false);
    expect(warmedUp([r(12, 10), r(30, 10)], 1.25, 0)).toBe(false);
    expect(warmedUp([r(12, 10), r(30, 10), r(12, 10)], 1.25, 0)).toBe(false);
  });
  test('just over the tolerance keeps warming; the slack absorbs sub-millisecond noise', () => {
    expect(warmedUp([r(12.6, 10), r(12.6, 10)], 1.25, 0)).toBe(false);
    expect(warmedUp([r(1.9, 1), r(2, 1)], 1.25, 1)).toBe(true);
    expect(warmedUp([r(2.3, 1), r(2.3, 1)], 1.25, 1)).toBe(false);
  });
  test('never matches without both latencies (no old index, or a round where nothing answered)', () => {
    expect(warmedUp([r(1, null), r(1, null)], 1.25)).toBe(false);
    expect(warmedUp([r(null, 1), r(null, 1)], 1.25)).toBe(false);
  });
});

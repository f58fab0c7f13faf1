import { compareWindows, minuteOf, windowWeights } from './scoring';

describe('windowWeights', () => {
  test('covers exactly the window, newest minute first with weight 1', () => {
    const w = windowWeights(1000, 60, 20);
    expect(w).toHaveLength(60);
    expect(w[0]).toEqual({ minute: 1000, weight: 1 });
    expect(w[59].minute).toBe(941);
  });

  test('a minute one half-life old weighs half', () => {
    const w = windowWeights(1000, 60, 20);
    expect(w[20].weight).toBeCloseTo(0.5, 10);
    expect(w[40].weight).toBeCloseTo(0.25, 10);
  });

  test('weights decrease strictly with age', () => {
    const w = windowWeights(0, 30, 10).map((x) => x.weight);
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeLessThan(w[i - 1]);
  });
});

test('minuteOf counts whole minutes since the epoch', () => {
  expect(minuteOf(new Date(59_999))).toBe(0);
  expect(minuteOf(new Date(60_000))).toBe(1);
});

describe('compareWindows', () => {
  test('flags up, down, same and new against the previous order', () => {
    const out = compareWindows(
      [
        { key: 'a', score: 9 },
        { key: 'b', score: 8 },
        { key: 'c', score: 7 },
        { key: 'd', score: 1 },
      ],
      [
        { key: 'b', score: 5 },
        { key: 'a', score: 4 },
        { key: 'c', score: 3 },
      ],
    );
    expect(out.map((e) => [e.key, e.rank, e.previousRank, e.movement])).toEqual([
      ['a', 1, 2, 'up'],
      ['b', 2, 1, 'down'],
      ['c', 3, 3, 'same'],
      ['d', 4, null, 'new'],
    ]);
  });

  test('everything is new when the previous window was empty', () => {
    expect(compareWindows([{ key: 'x', score: 1 }], []).map((e) => e.movement)).toEqual(['new']);
  });
});

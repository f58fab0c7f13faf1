import { createRng, shuffleInPlace } from './prng';

describe('prng', () => {
  test('the same seed gives the same stream; another seed another one', () => {
    const a = createRng(7),
      b = createRng(7),
      c = createRng(8);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('int(n) covers 0..n-1 roughly uniformly and shuffle is a permutation', () => {
    const rng = createRng(1);
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[rng.int(4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(shuffleInPlace([1, 2, 3, 4, 5], rng).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

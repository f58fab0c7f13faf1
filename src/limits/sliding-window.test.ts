import { allows, retryAfterSeconds, slidingCount, windowPosition } from './sliding-window';

describe('sliding window math', () => {
  test('the previous window counts in proportion to its remaining overlap', () => {
    expect(slidingCount({ previous: 10, current: 2 }, 0.25)).toBe(9.5);
    expect(slidingCount({ previous: 10, current: 2 }, 1)).toBe(2);
  });

  test('allows up to the limit and no further', () => {
    expect(allows({ previous: 0, current: 4 }, 0.5, 5)).toBe(true);
    expect(allows({ previous: 0, current: 5 }, 0.5, 5)).toBe(false);
    expect(allows({ previous: 10, current: 0 }, 0.5, 5)).toBe(false); // 5 carried over
    expect(allows({ previous: 10, current: 0 }, 0.65, 5)).toBe(true); // 3.5 carried over
  });

  test('retry-after waits for the carried-over weight to shrink', () => {
    // previous 10, current 0, limit 5, at 50%: need 10*(1-f) + 1 <= 5 -> f >= 0.6 -> 0.1 * 60s = 6s
    expect(retryAfterSeconds({ previous: 10, current: 0 }, 0.5, 5, 60)).toBe(6);
    // after waiting that long, the request really fits
    expect(allows({ previous: 10, current: 0 }, 0.5 + 6 / 60, 5)).toBe(true);
  });

  test('retry-after reaches into the next window when this one is full', () => {
    // current 5 = limit at 50%: next window starts in 30s, then 5*(1-g)+1 <= 5 -> g >= 0.2 -> +12s
    expect(retryAfterSeconds({ previous: 0, current: 5 }, 0.5, 5, 60)).toBe(42);
    expect(allows({ previous: 5, current: 0 }, 0.2, 5)).toBe(true);
    expect(allows({ previous: 5, current: 0 }, 0.19, 5)).toBe(false);
  });

  test('retry-after is never below one second', () => {
    expect(retryAfterSeconds({ previous: 1, current: 4 }, 0.999, 5, 60)).toBe(1);
  });

  test('window position splits time into fixed windows', () => {
    expect(windowPosition(90_000, 60)).toEqual({ index: 1, elapsed: 0.5 });
  });
});

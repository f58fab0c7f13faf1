import { judge, tallyAt, type SubjectTally } from './batched-limit';

const W = 60; // window seconds
const at = (index: number, elapsed = 0) => (index + elapsed) * W * 1000;
const tally = (shared: SubjectTally['shared'], pending: Array<[number, number]> = []): SubjectTally => ({
  shared,
  pending: new Map(pending),
});

describe('tallyAt: shared counts moved on to the asked window, plus own pending admissions', () => {
  test.each([
    [
      'same window',
      tally({ index: 10, counts: { previous: 4, current: 2 } }, [[10, 3]]),
      10,
      { previous: 4, current: 5 },
    ],
    [
      'next window: current becomes previous',
      tally({ index: 10, counts: { previous: 4, current: 2 } }, [
        [10, 1],
        [11, 2],
      ]),
      11,
      { previous: 3, current: 2 },
    ],
    [
      'two windows on: the shared counts no longer matter',
      tally({ index: 10, counts: { previous: 4, current: 2 } }, [[12, 1]]),
      12,
      { previous: 0, current: 1 },
    ],
    ['never synced', tally(undefined, [[7, 2]]), 7, { previous: 0, current: 2 }],
  ])('%s', (_name, t, index, expected) => {
    expect(tallyAt(t, index)).toEqual(expected);
  });
});

describe('judge: the same decision checkRateLimit takes from Redis counts', () => {
  test('allows up to the limit and says what is left', () => {
    expect(judge([tally(undefined, [[5, 1]])], at(5), W, 3)).toEqual({
      allowed: true,
      limit: 3,
      remaining: 1,
      retryAfter: 0,
    });
    expect(judge([tally(undefined, [[5, 2]])], at(5), W, 3)).toMatchObject({ allowed: true, remaining: 0 });
  });

  test("refuses past the limit with the sliding window's Retry-After", () => {
    // 3 in this window at its start: wait until the carried-over 3 weigh 2, a third into the next window
    expect(judge([tally(undefined, [[5, 3]])], at(5), W, 3)).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      retryAfter: 80,
    });
  });

  test('the previous window counts in proportion to what is left of it', () => {
    const t = tally({ index: 4, counts: { previous: 0, current: 4 } }); // 4 in the window before
    expect(judge([t], at(5, 0.25), W, 3).allowed).toBe(false); // 3 carried over: one more would be 4
    expect(judge([t], at(5, 0.5), W, 3).allowed).toBe(true); // 2 carried over
  });

  test('every subject must allow it (address and user)', () => {
    const ip = tally(undefined, [[5, 1]]);
    const user = tally({ index: 5, counts: { previous: 0, current: 3 } });
    expect(judge([ip, user], at(5), W, 3).allowed).toBe(false);
    expect(judge([ip], at(5), W, 3).allowed).toBe(true);
  });
});

describe('judge with one limit per subject (an IPv6 /64 and its wider /48)', () => {
  test('the /48 refuses on its own, higher limit while the fresh /64 still allows', () => {
    const net64 = tally(undefined, [[5, 1]]);
    const net48 = tally({ index: 5, counts: { previous: 0, current: 48 } });
    expect(judge([net64, net48], at(5), W, [3, 48])).toMatchObject({ allowed: false, limit: 48 });
    // the headers show the tightest subject: here the /64, with one left
    expect(judge([net64, net48], at(5), W, [3, 60])).toEqual({ allowed: true, limit: 3, remaining: 1, retryAfter: 0 });
    expect(judge([net64, net48], at(5), W, [3, 49])).toEqual({ allowed: true, limit: 49, remaining: 0, retryAfter: 0 });
  });
});

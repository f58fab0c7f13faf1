import { percentile, summarize } from './load';

test('percentile uses the nearest-rank method', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(percentile(sorted, 50)).toBe(50);
  expect(percentile(sorted, 99)).toBe(99);
  expect(percentile(sorted, 100)).toBe(100);
  expect(percentile([], 50)).toBe(0);
});

test('summarize reports throughput and tail latencies', () => {
  const r = summarize([5, 1, 3, 2, 4], 1, { '200': 4, '503': 1 }, 2);
  expect(r).toMatchObject({ requests: 5, errors: 1, throughput: 2.5, p50: 3, max: 5 });
});

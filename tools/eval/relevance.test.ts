import { rankOf, relevanceReport } from './relevance';

const hits = [
  { title: '좋은 날', artist: '아이유' },
  { title: '너의 의미', artist: '아이유' },
  { title: '밤편지', artist: '아이유' },
];

test('rankOf finds the expected song ignoring spacing and case, 0 when absent', () => {
  expect(rankOf(hits, { title: '너의의미' })).toBe(2);
  expect(rankOf(hits, { title: '밤편지', artist: '아이유' })).toBe(3);
  expect(rankOf(hits, { title: '밤편지', artist: '다른 가수' })).toBe(0);
});

test('relevanceReport averages reciprocal ranks and recall@5 per kind and lists misses', () => {
  const report = relevanceReport([
    { judgement: { q: 'a', kind: 'chosung', expect: { title: '좋은 날' } }, hits },
    { judgement: { q: 'b', kind: 'chosung', expect: { title: '밤편지' } }, hits },
    { judgement: { q: 'c', kind: 'typo', expect: { title: '없는 노래' } }, hits },
  ]);
  expect(report.mrr).toBeCloseTo((1 + 1 / 3 + 0) / 3);
  expect(report.recallAt5).toBeCloseTo(2 / 3);
  expect(report.byKind.chosung.mrr).toBeCloseTo((1 + 1 / 3) / 2);
  expect(report.misses).toEqual([expect.objectContaining({ q: 'c', kind: 'typo' })]);
});

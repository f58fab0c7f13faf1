import { normalizeQuery } from './normalize';

describe('normalizeQuery', () => {
  test('spacing variants share one key', () => {
    expect(normalizeQuery('너의 의미')!.key).toBe(normalizeQuery('너의의미')!.key);
    expect(normalizeQuery('  너의   의미 ')!.surface).toBe('너의 의미');
  });

  test('full-width letters and case fold to the same key', () => {
    expect(normalizeQuery('ＩＵ 좋은날')!.key).toBe('iu좋은날');
    expect(normalizeQuery('iu 좋은날')!.key).toBe('iu좋은날');
    expect(normalizeQuery('ＩＵ 좋은날')!.surface).toBe('IU 좋은날');
  });

  test('punctuation does not split counts', () => {
    expect(normalizeQuery('좋은 날!')!.key).toBe(normalizeQuery('좋은날')!.key);
  });

  test('empty or punctuation-only queries are not counted', () => {
    expect(normalizeQuery('   ')).toBeNull();
    expect(normalizeQuery('?!')).toBeNull();
  });

  test('over-long queries are not counted', () => {
    expect(normalizeQuery('가'.repeat(101))).toBeNull();
    expect(normalizeQuery('가'.repeat(100))).not.toBeNull();
  });
});

test('typed chosung stays compatibility jamo (NFKC would change it)', () => {
  expect(normalizeQuery('ㄴㅇㅇㅁ')!.key).toBe('ㄴㅇㅇㅁ');
  expect(normalizeQuery('ㄴㅇ ㅇㅁ')!.surface).toBe('ㄴㅇ ㅇㅁ');
});

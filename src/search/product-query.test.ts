import { readQuery } from './readings';
import { buildProductAutocomplete, buildProductSearch } from './product-query';

const parse = (q: string) => readQuery(q, { units: true });

const fieldsOf = (req: ReturnType<typeof buildProductSearch>) => JSON.stringify(req.query);

test('a chosung-only query adds the chosung fields, a word query does not', () => {
  expect(fieldsOf(buildProductAutocomplete(parse('ㅁㄹㅂ'), 10))).toMatch(/name_chosung/);
  expect(fieldsOf(buildProductAutocomplete(parse('무라벨'), 10))).not.toMatch(/name_chosung/);
});

test('a barcode-shaped query looks the barcode up exactly', () => {
  expect(fieldsOf(buildProductSearch(parse('8801234567893'), {}, { from: 0, size: 10 }))).toMatch(/"term":\{"barcode"/);
});

test('selected filters narrow hits through post_filter and every facet except their own', () => {
  const req = buildProductSearch(parse('생수'), { category: '생수', noLabel: 'full' }, { from: 20, size: 10 });
  expect(req.from).toBe(20);
  expect(req.post_filter).toEqual({
    bool: { filter: [{ term: { category: '생수' } }, { term: { no_label: 'full' } }] },
  });
  const aggs = req.aggs as Record<string, { filter: { bool: { filter: unknown[] } } }>;
  expect(aggs.category.filter.bool.filter).toEqual([{ term: { no_label: 'full' } }]);
  expect(aggs.no_label.filter.bool.filter).toEqual([{ term: { category: '생수' } }]);
  expect(aggs.brand.filter.bool.filter).toHaveLength(2);
});

test('search asks for highlights, autocomplete does not', () => {
  expect(buildProductSearch(parse('생수'), {}, { from: 0, size: 10 }).highlight).toBeDefined();
  expect(buildProductAutocomplete(parse('생수'), 10).highlight).toBeUndefined();
});

test('products share the song parser: mixed 초성 words, keyboard layouts and jamo typos', () => {
  expect(fieldsOf(buildProductAutocomplete(parse('ㅁㄹㅂ 생수'), 10))).toMatch(/"name_chosung":"ㅁㄹㅂ"/);
  expect(fieldsOf(buildProductAutocomplete(parse('todtn'), 10))).toMatch(/"name_compact":\{"value":"생수"/);
  expect(fieldsOf(buildProductSearch(parse('뮤라벨생수'), {}, { from: 0, size: 10 }))).toMatch(
    /"name_typo":\{"value":"ㅁㅠㄹㅏㅂㅔㄹㅅㅐㅇㅅㅜ","fuzziness":2/,
  );
});

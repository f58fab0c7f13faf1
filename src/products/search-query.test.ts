import { buildProductAutocomplete, buildProductSearch } from './search-query';

const fieldsOf = (req: ReturnType<typeof buildProductSearch>) => JSON.stringify(req.query);

test('a chosung-only query adds the chosung fields, a word query does not', () => {
  expect(fieldsOf(buildProductAutocomplete('ㅁㄹㅂ', 10))).toMatch(/name_chosung/);
  expect(fieldsOf(buildProductAutocomplete('무라벨', 10))).not.toMatch(/name_chosung/);
});

test('a barcode-shaped query looks the barcode up exactly', () => {
  expect(fieldsOf(buildProductSearch('8801234567893', {}, { from: 0, size: 10 }))).toMatch(/"term":\{"barcode"/);
});

test('selected filters narrow hits through post_filter and every facet except their own', () => {
  const req = buildProductSearch('생수', { category: '생수', noLabel: 'full' }, { from: 20, size: 10 });
  expect(req.from).toBe(20);
  expect(req.post_filter).toEqual({ bool: { filter: [{ term: { category: '생수' } }, { term: { no_label: 'full' } }] } });
  const aggs = req.aggs as Record<string, { filter: { bool: { filter: unknown[] } } }>;
  expect(aggs.category.filter.bool.filter).toEqual([{ term: { no_label: 'full' } }]);
  expect(aggs.no_label.filter.bool.filter).toEqual([{ term: { category: '생수' } }]);
  expect(aggs.brand.filter.bool.filter).toHaveLength(2);
});

test('search asks for highlights, autocomplete does not', () => {
  expect(buildProductSearch('생수', {}, { from: 0, size: 10 }).highlight).toBeDefined();
  expect(buildProductAutocomplete('생수', 10).highlight).toBeUndefined();
});

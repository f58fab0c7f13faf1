import { looseRomanKey, wordSuffixes } from '../korean';
import { chosungKeys, productDocument, romanizedKeys, type ProductRow } from './document';

const row: ProductRow = {
  id: 7,
  name: '제주삼다수 그린 무라벨 2L',
  brand: '제주삼다수',
  category: '생수',
  no_label: 'full',
  barcode: null,
  description: null,
  image_url: null,
  source: 'sample',
  deleted_at: null,
  updated_at: new Date('2025-01-01T00:00:00Z'),
};

test('word suffixes let a prefix match start at any word', () => {
  expect(wordSuffixes('무라벨 생수 2L')).toEqual(['무라벨생수2l', '생수2l', '2l']);
});

test('chosung keys are computed with es-hangul from the Hangul part of each suffix', () => {
  expect(chosungKeys('무라벨 생수 2L')).toEqual(['ㅁㄹㅂㅅㅅ', 'ㅅㅅ']);
});

test('the document carries the search keys and the facets', () => {
  const doc = productDocument(row)!;
  expect(doc).toMatchObject({
    id: 7,
    category: '생수',
    no_label: 'full',
    brand: '제주삼다수',
    updated_at: '2025-01-01T00:00:00.000Z',
  });
  expect(doc.name_compact).toContain('무라벨2l');
  expect(doc.name_chosung).toContain('ㅈㅈㅅㄷㅅㄱㄹㅁㄹㅂ');
  expect(doc.brand_chosung).toEqual(['ㅈㅈㅅㄷㅅ']);
});

test('romanized keys let Latin letters find a Hangul name from any word on', () => {
  const keys = romanizedKeys('펩시제로 라임 무라벨 500ml');
  expect(keys.some((k) => k.startsWith(looseRomanKey('pepsi')))).toBe(true);
  expect(keys.some((k) => k.startsWith(looseRomanKey('laim')))).toBe(true);
  expect(romanizedKeys('제주삼다수 그린').some((k) => k.startsWith(looseRomanKey('samdasu')))).toBe(true);
  expect(romanizedKeys('ECO 500ml')).toEqual([]);
});

test('deleted products are not indexed', () => {
  expect(productDocument({ ...row, deleted_at: new Date() })).toBeNull();
});

import { isValidBarcode, validateProduct } from './catalog';

const base = { name: '제주삼다수 그린 무라벨 2L', brand: '제주삼다수', category: '생수', no_label: 'full' };

describe('validateProduct', () => {
  test('a good record becomes a row keyed by brand and name', () => {
    const v = validateProduct({ ...base, description: '  라벨 없는  생수 ' }, 'a.csv');
    expect(v).toEqual({
      key: 'name:제주삼다수|제주삼다수그린무라벨2l',
      row: expect.objectContaining({
        name: base.name,
        noLabel: 'full',
        description: '라벨 없는 생수',
        source: 'a.csv',
        barcode: null,
      }),
    });
  });

  test('a barcode becomes the natural key', () => {
    const v = validateProduct({ ...base, barcode: '8801234567893' }, 'a.csv');
    expect('key' in v && v.key).toBe('barcode:8801234567893');
  });

  test('Korean no-label words are accepted', () => {
    const v = validateProduct({ ...base, no_label: '라벨프리' }, 'a.csv');
    expect('row' in v && v.row.noLabel).toBe('full');
  });

  test.each([
    [{ ...base, name: '' }, /name is required/],
    [{ ...base, brand: ' ' }, /brand is required/],
    [{ ...base, category: '자동차' }, /category must be one of/],
    [{ ...base, no_label: 'maybe' }, /no_label must be/],
    [{ ...base, barcode: '8801234567890' }, /not a valid EAN/],
    [{ ...base, image_url: 'ftp://x/y.png' }, /image_url/],
  ])('refuses %o with a reason', (fields, reason) => {
    const v = validateProduct(fields, 'a.csv');
    expect('reason' in v && v.reason).toMatch(reason);
  });
});

test('barcode check digits', () => {
  expect(isValidBarcode('8801234567893')).toBe(true);
  expect(isValidBarcode('8801234567890')).toBe(false);
  expect(isValidBarcode('96385074')).toBe(true);
  expect(isValidBarcode('12345')).toBe(false);
});

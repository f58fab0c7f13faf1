import { withProductUnits } from './units';

test('Korean unit words after a number become the units product names use', () => {
  expect(withProductUnits('무라벨 2리터')).toBe('무라벨 2l');
  expect(withProductUnits('삼다수 500미리')).toBe('삼다수 500ml');
  expect(withProductUnits('1.5 리터 생수')).toBe('1.5l 생수');
  expect(withProductUnits('500밀리리터')).toBe('500ml');
  expect(withProductUnits('세제 3키로')).toBe('세제 3kg');
});

test('unit words without a number, and text without units, stay as they are', () => {
  expect(withProductUnits('리터 단위')).toBe('리터 단위');
  expect(withProductUnits('무라벨 생수')).toBe('무라벨 생수');
  expect(withProductUnits('500ml')).toBe('500ml');
});

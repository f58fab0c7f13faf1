import { parseBrandNumber } from './song-number';

describe('parseBrandNumber', () => {
  it.each([
    ['TJ 12345', 'tj', '12345'],
    ['tj12345', 'tj', '12345'],
    ['태진 12345', 'tj', '12345'],
    ['태진미디어 98765', 'tj', '98765'],
    ['TJ미디어12345', 'tj', '12345'],
    ['tj-12345', 'tj', '12345'],
    ['TJ no. 12345', 'tj', '12345'],
    ['KY 4567', 'ky', '4567'],
    ['금영 4567', 'ky', '4567'],
    ['금영4567', 'ky', '4567'],
    ['ky#4567', 'ky', '4567'],
    ['ky # 4567', 'ky', '4567'],
    ['금영 4567번', 'ky', '4567'],
    ['KUMYOUNG 4567', 'ky', '4567'],
    ['12345 TJ', 'tj', '12345'],
    ['4567번 금영', 'ky', '4567'],
    ['ＴＪ　１２３４５', 'tj', '12345'],
  ])('%s is %s number %s', (text, brand, number) => {
    expect(parseBrandNumber(text)).toEqual({ brand, number });
  });

  it('reads a bare number without a brand', () => {
    expect(parseBrandNumber('12345')).toEqual({ number: '12345' });
    expect(parseBrandNumber(' #4567 ')).toEqual({ number: '4567' });
    expect(parseBrandNumber('96번')).toEqual({ number: '96' });
  });

  it('keeps leading zeros, since numbers are identifiers', () => {
    expect(parseBrandNumber('KY 04567')).toEqual({ brand: 'ky', number: '04567' });
  });

  it.each([
    '',
    'tj',
    '아이유',
    'tj 아이유',
    '2002년',
    'tj 123456789',
    'tjx 12345',
    'ky 45 67',
    'bts 2013',
    '123456789',
  ])('%s is not a song number', (text) => {
    expect(parseBrandNumber(text)).toBeUndefined();
  });
});

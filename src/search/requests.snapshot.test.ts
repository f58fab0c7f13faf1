// Whole request snapshots of every plan for one input of each kind: a change to any boost, threshold, field or
// clause shows here as a diff to read (and, when meant, to accept with `jest -u`).
import { readQuery } from './readings';
import { buildKeystrokeRequest } from './song-keystroke';
import { buildSongQuery } from './song-query';
import { buildProductAutocomplete, buildProductSearch } from './product-query';

const SONG_INPUTS = [
  'ㄴㅇㅇㅁ',
  '밤펴',
  'dkdldb',
  'ㅠㅕㅅㅅㄷㄱ',
  '버터',
  'geojitmal',
  'TJ 12345',
  '12345',
  '너의 으미',
  '아이유 ㅂ',
  'ㅈㅇ 날',
  '눈에 꽃',
  'spring day',
  '사랑했지만 그대를',
  '쳣눈',
  'dkdldb q',
];

describe.each(SONG_INPUTS)('songs: %s', (q) => {
  const input = readQuery(q);
  test('full search', () =>
    expect(buildSongQuery(input, 'full', { from: 0, size: 20, filters: { genre: '발라드' } })).toMatchSnapshot());
  test('prefix and typo plans', () => {
    expect(buildSongQuery(input, 'prefix', { from: 0, size: 10 })).toMatchSnapshot();
    expect(buildSongQuery(input, 'typo', { from: 0, size: 10, brand: 'ky' })).toMatchSnapshot();
  });
  test('keystroke plan', () => expect(buildKeystrokeRequest(input, { size: 10 })?.request ?? null).toMatchSnapshot());
});

describe.each(['무라벨 생수', '2리터', 'ㅅㄱㄹ', 'tlrmfoa', '8801234567890'])('products: %s', (q) => {
  const input = readQuery(q, { units: true });
  test('search and autocomplete', () => {
    expect(buildProductSearch(input, { category: '음료' }, { from: 0, size: 20 })).toMatchSnapshot();
    expect(buildProductAutocomplete(input, 10)).toMatchSnapshot();
  });
});

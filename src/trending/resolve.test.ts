import { readQuery } from '../search/readings';
import { coverage, resolveProductTerm, resolveSongTerm, resolveTerm } from './resolve';

const SONGS = [
  { id: 1, title: '밤편지', artist: '아이유', tj_no: '12345', ky_no: null },
  { id: 2, title: '너의 의미 (Feat. 김창완)', artist: '아이유' },
  { id: 3, title: '좋은 날', artist: '아이유' },
];
const aliases = (artist: string) => (artist === '아이유' ? ['IU'] : []);
const song = (q: string, hits = SONGS) => resolveSongTerm(readQuery(q), hits, aliases);

describe('resolveSongTerm: the catalog name a query clearly found', () => {
  test.each([
    ['밤편지', { key: 'song:1', label: '밤편지' }],
    ['아이유 밤편지', { key: 'song:1', label: '밤편지' }],
    ['밤편지 아이유', { key: 'song:1', label: '밤편지' }],
    ['ㅂㅍㅈ', { key: 'song:1', label: '밤편지' }], // 초성
    ['qkavUswl', { key: 'song:1', label: '밤편지' }], // typed in English mode
    ['TJ 12345', { key: 'song:1', label: '밤편지' }], // the song's number
    ['아이유', { key: 'artist:아이유', label: '아이유' }],
    ['dkdldb', { key: 'artist:아이유', label: '아이유' }],
    ['iu', { key: 'artist:아이유', label: '아이유' }], // an alias shows the catalog's name
  ])('%s -> %j', (q, expected) => {
    expect(song(q)).toEqual(expected);
  });

  test('a later hit can be the one the query names; a tag in the title does not need typing', () => {
    expect(song('좋은날')).toEqual({ key: 'song:3', label: '좋은 날' });
    expect(song('너의 의미')).toEqual({ key: 'song:2', label: '너의 의미 (Feat. 김창완)' });
  });

  test.each([
    '아이유 내가 만든 아무 말', // found results with words left unmatched
    '아이유 노래',
    '밤', // too little of any name
    '빔편지', // a typo is a look-alike, not what was typed
  ])('%s resolves to nothing', (q) => {
    expect(song(q)).toBeUndefined();
  });

  test('only the first hits are looked at', () => {
    const deep = [{ id: 9, title: '다른 노래', artist: '다른 가수' }, ...SONGS.slice(1), SONGS[0]];
    expect(song('밤편지', deep)).toBeUndefined();
  });
});

test('coverage: the share of a name (or its main part) the query matched', () => {
  expect(coverage(readQuery('밤편'), '밤편지')).toBeCloseTo(2 / 3, 5);
  expect(coverage(readQuery('너의 의미'), '너의 의미 (Feat. 김창완)')).toBe(1);
});

describe('resolveProductTerm', () => {
  const PRODUCTS = [{ id: 5, name: '라벨프리 탄산수 500ml', brand: '씨그램', category: '탄산수' }];
  test.each([
    ['탄산수', { key: 'category:탄산수', label: '탄산수' }],
    ['씨그램', { key: 'brand:씨그램', label: '씨그램' }],
    ['라벨프리 탄산수 500ml', { key: 'product:5', label: '라벨프리 탄산수 500ml' }],
  ])('%s -> %j', (q, expected) => {
    expect(resolveProductTerm(readQuery(q), PRODUCTS)).toEqual(expected);
  });
  test('extra words resolve to nothing', () => {
    expect(resolveProductTerm(readQuery('탄산수 아무거나 막 적은 말'), PRODUCTS)).toBeUndefined();
  });
});

test('resolveTerm takes the hits as the search routes answer them and ignores anything else', () => {
  expect(resolveTerm('songs', readQuery('밤편지'), [{ nonsense: true }, ...SONGS])).toEqual({
    key: 'song:1',
    label: '밤편지',
  });
  expect(resolveTerm('songs', readQuery('밤편지'), [])).toBeUndefined();
});

import { EmptyQueryError, InvalidQueryError, QueryTooLongError, parseSearchQuery } from './query';
import { MAX_QUERY_CHARS } from './normalize';
import { toJamo } from './jamo';
import { looseRomanKey } from './romanize';

describe('parseSearchQuery: Hangul', () => {
  it('reads an all-consonant query as 초성, spaces or not', () => {
    expect(parseSearchQuery('ㄴㅇㅇㅁ')).toMatchObject({ choseong: 'ㄴㅇㅇㅁ', hasHangul: true, hasLatin: false });
    expect(parseSearchQuery('ㄴㅇ ㅇㅁ').choseong).toBe('ㄴㅇㅇㅁ');
  });

  it('gives spaced and unspaced titles one compact key and one jamo', () => {
    const spaced = parseSearchQuery('너의 의미');
    const unspaced = parseSearchQuery('너의의미');
    expect(unspaced.compact).toBe('너의의미');
    expect(spaced.compact).toBe(unspaced.compact);
    expect(spaced.jamo).toBe(unspaced.jamo);
    expect(unspaced.choseong).toBeUndefined();
  });

  it('makes a half-typed query a jamo prefix of the title', () => {
    const p = parseSearchQuery('너의 의ㅁ');
    expect(p.jamo).toBe('ㄴㅓㅇㅡㅣㅇㅡㅣㅁ');
    expect(toJamo('너의의미').startsWith(p.jamo)).toBe(true);
    expect(p.choseong).toBeUndefined();
  });

  it('needs no jamo variants once spaces are gone (간 is already a prefix of 가나)', () => {
    expect(toJamo('가나').startsWith(parseSearchQuery('간').jamo)).toBe(true);
  });

  it('keeps the words of a title-and-artist query', () => {
    const p = parseSearchQuery('아이유 좋은날');
    expect(p.tokens).toEqual(['아이유', '좋은날']);
    expect(p.text).toBe('아이유 좋은날');
    expect(p.romanKey).toBeUndefined();
    expect(p.qwertyHangul).toBeUndefined();
  });

  it('drops punctuation-only words from tokens', () => {
    expect(parseSearchQuery('아이유 - 좋은날!').tokens).toEqual(['아이유', '좋은날']);
  });
});

describe('parseSearchQuery: Latin', () => {
  it.each([
    ['dkdldb', '아이유'],
    ['sjdml dmlal', '너의 의미'],
    ['TKFKDGO', '사랑해'],
    ['Tkfkdgo', '싸랑해'],
  ])('converts %s typed in English mode to %s', (q, hangul) => {
    const p = parseSearchQuery(q);
    expect(p.qwertyHangul).toBe(hangul);
    expect(p.hasHangul).toBe(false);
  });

  it('converts only the English-mode words of a mixed query', () => {
    expect(parseSearchQuery('dkdldb 좋은날').qwertyHangul).toBe('아이유 좋은날');
    expect(parseSearchQuery('love dkdldb').qwertyHangul).toBe('love 아이유');
  });

  it('gives a romanized query a roman key and no conversion', () => {
    const p = parseSearchQuery('bampyeonji');
    expect(p.romanKey).toBe(looseRomanKey('밤편지'));
    expect(p.qwertyHangul).toBeUndefined();
  });

  it('treats an English title as English', () => {
    const p = parseSearchQuery('growl');
    expect(p).toMatchObject({
      text: 'growl',
      compact: 'growl',
      hasLatin: true,
      hasHangul: false,
      romanKey: looseRomanKey('growl'),
    });
    expect(p.qwertyHangul).toBeUndefined();
    expect(p.choseong).toBeUndefined();
  });

  it('normalizes full-width input', () => {
    expect(parseSearchQuery('ＩＵ')).toMatchObject({ raw: 'ＩＵ', text: 'iu', compact: 'iu', hasLatin: true });
  });
});

describe('parseSearchQuery: song numbers', () => {
  it('reads 1-8 digits as a TJ/KY number', () => {
    expect(parseSearchQuery('12345')).toMatchObject({ number: '12345', hasHangul: false, hasLatin: false });
    expect(parseSearchQuery(' 1 ').number).toBe('1');
    expect(parseSearchQuery('12345').romanKey).toBeUndefined();
  });

  it('does not read longer or mixed input as a number', () => {
    expect(parseSearchQuery('123456789').number).toBeUndefined();
    expect(parseSearchQuery('아이유').number).toBeUndefined();
    expect(parseSearchQuery('2002년').number).toBeUndefined();
  });
});

describe('parseSearchQuery: refusals', () => {
  it('refuses a blank query with code empty_query', () => {
    expect(() => parseSearchQuery('   ')).toThrow(EmptyQueryError);
    expect(() => parseSearchQuery('')).toThrow(expect.objectContaining({ code: 'empty_query' }));
  });

  it('refuses punctuation only', () => {
    expect(() => parseSearchQuery('?!...')).toThrow(/no letters or digits/);
  });

  it(`accepts ${MAX_QUERY_CHARS} characters and refuses ${MAX_QUERY_CHARS + 1} with code query_too_long`, () => {
    expect(parseSearchQuery('가'.repeat(MAX_QUERY_CHARS)).compact).toHaveLength(MAX_QUERY_CHARS);
    expect(() => parseSearchQuery('가'.repeat(MAX_QUERY_CHARS + 1))).toThrow(QueryTooLongError);
    expect(() => parseSearchQuery('a'.repeat(MAX_QUERY_CHARS + 1))).toThrow(
      expect.objectContaining({ code: 'query_too_long' }),
    );
  });

  it('measures length after trimming', () => {
    expect(parseSearchQuery(`  ${'a'.repeat(MAX_QUERY_CHARS)}  `).raw).toHaveLength(MAX_QUERY_CHARS);
  });

  it('refuses input that normalization expands past the limit', () => {
    expect(() => parseSearchQuery('㈜'.repeat(40))).toThrow(QueryTooLongError);
  });

  it('throws errors the HTTP layer can recognise as InvalidQueryError', () => {
    expect(() => parseSearchQuery('   ')).toThrow(InvalidQueryError);
    expect(() => parseSearchQuery('가'.repeat(101))).toThrow(InvalidQueryError);
  });
});

describe('parseSearchQuery: brands, words, keyboard layouts', () => {
  it.each([
    ['TJ 12345', 'tj', '12345'],
    ['tj12345', 'tj', '12345'],
    ['태진 12345', 'tj', '12345'],
    ['KY 4567', 'ky', '4567'],
    ['금영 4567', 'ky', '4567'],
    ['금영4567', 'ky', '4567'],
    ['4567 금영', 'ky', '4567'],
  ])('reads %s as brand %s number %s', (q, brand, number) => {
    expect(parseSearchQuery(q)).toMatchObject({ brand, number, compact: number });
  });

  it('keeps a brand word without a number as text', () => {
    expect(parseSearchQuery('tj 봄날').brand).toBeUndefined();
  });

  it('marks 초성 words among letter words', () => {
    const p = parseSearchQuery('ㅇㅎ 볼빨간사춘기');
    expect(p.mixedChoseong).toBe(true);
    expect(p.words.map((w) => w.choseong)).toEqual(['ㅇㅎ', undefined]);
    expect(p.choseong).toBeUndefined();
  });

  it('folds swapped particles', () => {
    expect(parseSearchQuery('눈에 꽃').words[0].folded).toBe(parseSearchQuery('눈의 꽃').words[0].folded);
  });

  it.each([
    ['ㅠㅕㅅㅅㄷㄱ', 'butter'],
    ['ㅡㅐㅜ됴', 'money'],
    ['ㄱㄷㅇ ㅍ딮ㄷㅅ', 'red velvet'],
    ["ㅑㅅ'ㄴ ㅁㄱㅅ", 'its art'],
  ])('reads %s as English typed in Korean mode (%s)', (q, text) => {
    expect(parseSearchQuery(q).koreanModeLatin).toBe(text);
  });

  it('does not read ordinary Korean as English typed in Korean mode', () => {
    expect(parseSearchQuery('밤편지').koreanModeLatin).toBeUndefined();
    expect(parseSearchQuery('사랑해').koreanModeLatin).toBeUndefined();
    expect(parseSearchQuery('ㄴㅇㅇㅁ').koreanModeLatin).toBeUndefined();
  });

  it('converts a half-typed last word typed in English mode', () => {
    expect(parseSearchQuery('dkdldb qk').qwertyHangul).toBe('아이유 바');
  });
});

import { compactText, compactWords, joinedSuffixes, normalizeText, tidyText, wordSuffixes } from './normalize';

describe('normalizeText', () => {
  it('folds full-width Latin to half-width and lower-cases it', () => {
    expect(normalizeText('ＩＵ')).toBe('iu');
    expect(normalizeText('BLACKPINK')).toBe('blackpink');
  });

  it('collapses every kind of whitespace and trims', () => {
    expect(normalizeText('  너의\t\u3000의미 \n')).toBe('너의 의미');
    expect(normalizeText('아이유\u00a0\u00a0좋은날')).toBe('아이유 좋은날');
  });

  it('unifies quotes, dashes and tildes', () => {
    expect(normalizeText('‘사랑’ “Love”')).toBe(`'사랑' "love"`);
    expect(normalizeText('Up — Down – Left')).toBe('up - down - left');
    expect(normalizeText('사랑해〜 사랑해～')).toBe('사랑해~ 사랑해~');
  });

  it('keeps typed jamo as jamo instead of fusing them into syllables', () => {
    expect(normalizeText('ㄴㅓ')).toBe('ㄴㅓ');
    expect(normalizeText('너의 의ㅁ')).toBe('너의 의ㅁ');
  });

  it('composes decomposed (NFD) Hangul such as macOS produces', () => {
    expect(normalizeText('너의 의미'.normalize('NFD'))).toBe('너의 의미');
  });

  it('turns stray conjoining jamo into compatibility jamo', () => {
    expect(normalizeText('\u1102\u110b')).toBe('ㄴㅇ');
  });

  it('drops zero-width characters', () => {
    expect(normalizeText('블루\u200b밍')).toBe('블루밍');
  });
});

describe('compactText', () => {
  it('gives spaced and unspaced titles the same key', () => {
    expect(compactText('너의 의미')).toBe('너의의미');
    expect(compactText('너의의미')).toBe(compactText('너의 의미'));
  });

  it('removes punctuation but keeps Hangul, Latin, digits and jamo', () => {
    expect(compactText("Love wins all (Feat. 'IU')!")).toBe('lovewinsallfeatiu');
    expect(compactText('2002년, 봄~')).toBe('2002년봄');
    expect(compactText('ㄴㅇ ㅇㅁ')).toBe('ㄴㅇㅇㅁ');
    expect(compactText('ＢＴＳ － 봄날')).toBe('bts봄날');
  });

  it('is empty for punctuation-only input', () => {
    expect(compactText(' ?! ... ')).toBe('');
  });
});

describe('tidyText', () => {
  it('keeps case but folds width, spacing and invisible characters', () => {
    expect(tidyText('  ＩＵ\u200b   좋은날 ')).toBe('IU 좋은날');
  });

  it('keeps typed jamo as compatibility jamo', () => {
    expect(tidyText('ㄴㅇ  ㅇㅁ')).toBe('ㄴㅇ ㅇㅁ');
  });
});

describe('word suffixes', () => {
  it('compacts each word and drops punctuation-only words', () => {
    expect(compactWords('무라벨 - 생수 2L!')).toEqual(['무라벨', '생수', '2l']);
  });

  it('keeps at most eight words', () => {
    expect(compactWords('a b c d e f g h i j')).toHaveLength(8);
  });

  it('joins the parts from each position to the end', () => {
    expect(joinedSuffixes(['너의', '의미'])).toEqual(['너의의미', '의미']);
    expect(joinedSuffixes([])).toEqual([]);
  });

  it('gives a prefix key starting at every word, without duplicates', () => {
    expect(wordSuffixes('무라벨 생수 2L')).toEqual(['무라벨생수2l', '생수2l', '2l']);
    expect(wordSuffixes('la la')).toEqual(['lala', 'la']);
  });
});

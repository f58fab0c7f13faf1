import { compactRomanization, looseRomanKey, romanizeKorean } from './romanize';

describe('romanizeKorean', () => {
  it('uses Revised Romanization, lower-case', () => {
    expect(romanizeKorean('밤편지')).toBe('bampyeonji');
    expect(romanizeKorean('신호등')).toBe('sinhodeung');
    expect(romanizeKorean('너의 의미')).toBe('neoui uimi');
  });

  it('applies sound changes the way the word is said', () => {
    expect(romanizeKorean('신라')).toBe('silla');
    expect(romanizeKorean('좋은날')).toBe('joeunnal');
  });

  it('keeps Latin and lower-cases it, full-width included', () => {
    expect(romanizeKorean('BTS 봄날')).toBe('bts bomnal');
    expect(romanizeKorean('ＩＵ')).toBe('iu');
  });
});

describe('compactRomanization', () => {
  it('drops spaces and punctuation', () => {
    expect(compactRomanization('너의 의미')).toBe('neouiuimi');
    expect(compactRomanization('밤편지!')).toBe('bampyeonji');
  });
});

describe('looseRomanKey', () => {
  it('gives the Hangul and its romanizations by ear the same key', () => {
    const key = looseRomanKey('밤편지');
    expect(looseRomanKey('bampyeonji')).toBe(key);
    expect(looseRomanKey('bampyunji')).toBe(key);
    expect(looseRomanKey('bam pyeon ji')).toBe(key);
  });

  it.each([
    ['신호등', 'shinhodung'],
    ['블랙핑크', 'beullaekpingkeu'],
    ['블랙핑크', 'bullekpingku'],
    ['사랑해', 'salanghae'],
    ['좋은날', 'choeunnal'],
    ['김치', 'kimchi'],
  ])('%s matches %s', (hangul, typed) => {
    expect(looseRomanKey(typed)).toBe(looseRomanKey(hangul));
  });

  it('keeps different titles apart', () => {
    expect(looseRomanKey('밤편지')).not.toBe(looseRomanKey('신호등'));
    expect(looseRomanKey('사랑')).not.toBe(looseRomanKey('사람'));
  });
});

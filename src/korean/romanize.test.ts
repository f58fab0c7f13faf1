import { compactRomanization, looseRomanKey, romanKeys, romanizeKorean, spelledRomanization } from './romanize';

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

describe('spelledRomanization', () => {
  it('romanizes syllable by syllable with finals as written', () => {
    expect(spelledRomanization('좋아')).toBe('joha');
    expect(spelledRomanization('있어')).toBe('isseo');
    expect(spelledRomanization('신라')).toBe('sinra');
    expect(spelledRomanization('닭 BTS')).toBe('dalk bts');
  });
});

describe('romanization variants meet on one folding', () => {
  const meets = (hangul: string, typed: string) => romanKeys(hangul).includes(looseRomanKey(typed));

  it.each([
    ['사랑해', 'saranghae'],
    ['사랑해', 'sa rang hae'],
    ['사랑해', 'salanghae'],
    ['사랑해', 'sa-rang-hae'],
    ['사랑해', 'SARANGHE'],
    ['밤편지', 'bampyeonji'],
    ['밤편지', 'bam pyun ji'],
    ['밤편지', 'bampyonji'],
    ['정국', 'jeongguk'],
    ['정국', 'jungkook'],
    ['정국', 'jongguk'],
    ['정국', 'chungkuk'],
    ['좋아', 'joa'],
    ['좋아', 'joha'],
    ['좋아', 'choa'],
    ['있어', 'isseo'],
    ['있어', 'iseo'],
    ['있어', 'isso'],
    ['신라', 'silla'],
    ['신라', 'sinra'],
    ['신라', 'shinla'],
    ['서울', 'seoul'],
    ['서울', 'sŏul'],
    ['하늘', 'haneul'],
    ['하늘', 'hanŭl'],
    ['하늘', 'hanul'],
    ['지코', 'zico'],
    ['외로워', 'oerowo'],
    ['회사', 'hoesa'],
    ['회사', 'hwesa'],
    ['김치', 'kimchi'],
    ['김치', 'gimchi'],
    ['블랙핑크', 'beullaekpingkeu'],
    ['블랙핑크', 'bullek ping ku'],
    ['너의 의미', 'neoui uimi'],
    ['너의 의미', 'neo ui ui mi'],
  ])('%s is found by "%s"', (hangul, typed) => {
    expect(meets(hangul, typed)).toBe(true);
  });

  it('keeps different titles apart', () => {
    const keys = romanKeys('사랑');
    expect(keys).not.toContain(looseRomanKey('saram'));
    expect(romanKeys('밤편지')).not.toContain(looseRomanKey('sinhodeung'));
  });

  it('gives a few keys, without duplicates, and none for text without letters', () => {
    expect(romanKeys('사랑해').length).toBeLessThanOrEqual(3);
    expect(new Set(romanKeys('정국')).size).toBe(romanKeys('정국').length);
    expect(romanKeys('!!')).toEqual([]);
  });

  it('romanizes Hangul on the query side too, so Hangul queries have the same key', () => {
    expect(looseRomanKey('밤편지')).toBe(romanKeys('밤편지')[0]);
  });
});

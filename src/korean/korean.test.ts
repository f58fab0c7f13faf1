import {
  compactText,
  normalizeText,
  toChoseong,
  isChoseongQuery,
  toJamo,
  qwertyToHangul,
  hangulToQwerty,
  hangulTypedInEnglishMode,
  romanizeKorean,
  looseRomanKey,
  splitAlternatives,
  parseSearchQuery,
  InvalidQueryError,
} from './index';

describe('normalizeText / compactText', () => {
  test('full-width letters become half-width and lower-case', () =>
    expect(normalizeText('ＩＵ  Ｂlueming')).toBe('iu blueming'));
  test('curly quotes and dashes are unified', () => expect(normalizeText('Let’s – go')).toBe("let's - go"));
  test('spacing and punctuation do not change the compact key', () => {
    expect(compactText('너의 의미')).toBe(compactText('너의의미'));
    expect(compactText("Don't  Stop!")).toBe('dontstop');
  });
});

describe('초성', () => {
  test.each([
    ['너의 의미', 'ㄴㅇㅇㅁ'],
    ['블랙핑크', 'ㅂㄹㅍㅋ'],
    ['BTS 봄날', 'ㅂㄴ'],
    ['좋은 날ㄱ', 'ㅈㅇㄴㄱ'],
  ])('%s -> %s', (s, c) => expect(toChoseong(s)).toBe(c));
  test('recognizes all-consonant queries, with or without spaces', () => {
    expect(isChoseongQuery('ㅂㄹㅍㅋ')).toBe(true);
    expect(isChoseongQuery('ㄴㅇ ㅇㅁ')).toBe(true);
    expect(isChoseongQuery('너ㅇ')).toBe(false);
    expect(isChoseongQuery('ㅏㅣ')).toBe(false);
    expect(isChoseongQuery('  ')).toBe(false);
  });
});

describe('jamo', () => {
  const isPrefix = (typed: string, full: string) => toJamo(full).startsWith(toJamo(typed));
  test.each([
    ['너의 의ㅁ', '너의 의미'],
    ['아이ㅇ', '아이유'],
    ['블랙핑', '블랙핑크'],
    ['블랙피', '블랙핑크'],
    ['달', '닭'],
    ['으', '의'],
    ['간', '가나'],
    ['앉', '앉아'],
  ])('half-typed %s is a jamo prefix of %s', (typed, full) => expect(isPrefix(typed, full)).toBe(true));
  test('different text is not a prefix', () => expect(isPrefix('너의 이', '너의 의미')).toBe(false));
  test('compound vowels and double finals split into typed keys', () => {
    expect(toJamo('의닭')).toBe('ㅇㅡㅣㄷㅏㄹㄱ');
    expect(toJamo('ㅢㄺ')).toBe('ㅡㅣㄹㄱ');
  });
});

describe('keyboard layout', () => {
  test.each([
    ['dkdldb', '아이유'],
    ['sjdml dmlal', '너의 의미'],
    ['qmffor', '블랙'],
    ['Tkfkdgo', '싸랑해'],
  ])('%s -> %s', (q, h) => expect(qwertyToHangul(q)).toBe(h));
  test('keys es-hangul cannot assemble come out as lone jamo, not an exception', () =>
    expect(qwertyToHangul('how')).toBe('ㅙㅈ'));
  test('round-trips Hangul to keys', () => expect(hangulToQwerty('아이유')).toBe('dkdldb'));
  test.each(['dkdldb', 'sjdml dmlal', 'qkavhswl', 'dkdl'])('%s looks like Korean typed in English mode', (q) =>
    expect(hangulTypedInEnglishMode(q)).toBeDefined(),
  );
  test.each(['growl', 'blueming', 'bts', 'bampyeonji', 'sinhodeung', 'love', 'iu', 'dynamite', 'a', '아이유', '12'])(
    '%s does not',
    (q) => expect(hangulTypedInEnglishMode(q)).toBeUndefined(),
  );
});

describe('romanization', () => {
  test('Revised Romanization, lower-case', () => {
    expect(romanizeKorean('밤편지')).toBe('bampyeonji');
    expect(romanizeKorean('신호등')).toBe('sinhodeung');
  });
  test('loose keys forgive romanization by ear and spacing', () => {
    expect(looseRomanKey('밤편지')).toBe(looseRomanKey('bampyeonji'));
    expect(looseRomanKey('bampyunji')).toBe(looseRomanKey('bam pyeon ji'));
    expect(looseRomanKey('신호등')).toBe(looseRomanKey('sinhodung'));
    expect(looseRomanKey('밤편지')).not.toBe(looseRomanKey('신호등'));
  });
});

describe('splitAlternatives', () => {
  test('alternative names either way round', () => {
    expect(splitAlternatives('블루밍(Blueming)')).toEqual({ primary: '블루밍', alternatives: ['Blueming'], tags: [] });
    expect(splitAlternatives('BTS(방탄소년단)')).toEqual({ primary: 'BTS', alternatives: ['방탄소년단'], tags: [] });
    expect(splitAlternatives('아이유(IU)').alternatives).toEqual(['IU']);
  });
  test.each([
    ['Dynamite (Feat. 박재범)', 'feat'],
    ['Love (Prod. 그레이)', 'prod'],
    ['좋은 날 (MR)', 'mr'],
    ['좋은 날(Inst.)', 'inst'],
    ["사랑인가요 (드라마 '도깨비' OST)", 'ost'],
    ['봄날 (Live)', 'live'],
    ['Butter (Hotter Remix)', 'remix'],
    ['Blue (Acoustic Ver.)', 'acoustic'],
    ['Tell Me (With 원더걸스)', 'with'],
  ])('%s is a title with a %s tag, not an alternative', (s, kind) => {
    const r = splitAlternatives(s);
    expect(r.tags.map((t) => t.kind)).toEqual([kind]);
    expect(r.alternatives).toEqual([]);
  });
  test('bare Feat. at the end is a tag too', () => {
    expect(splitAlternatives('LOVE DIVE Feat.X')).toEqual({
      primary: 'LOVE DIVE',
      alternatives: [],
      tags: [{ kind: 'feat', text: 'Feat. X' }],
    });
  });
});

describe('parseSearchQuery', () => {
  test('chosung query', () =>
    expect(parseSearchQuery('ㄴㅇㅇㅁ')).toMatchObject({ choseong: 'ㄴㅇㅇㅁ', hasHangul: true }));
  test('spacing-insensitive compact form', () =>
    expect(parseSearchQuery('너의의미').compact).toBe(parseSearchQuery('너의 의미').compact));
  test('half-typed jamo', () => expect(toJamo('너의의미').startsWith(parseSearchQuery('너의 의ㅁ').jamo)).toBe(true));
  test('Korean typed in English mode is converted', () => {
    expect(parseSearchQuery('dkdldb').qwertyHangul).toBe('아이유');
    expect(parseSearchQuery('sjdml dmlal').qwertyHangul).toBe('너의 의미');
    expect(parseSearchQuery('dkdldb 좋은').qwertyHangul).toBe('아이유 좋은');
  });
  test('romanized and English queries get a roman key but no conversion', () => {
    const p = parseSearchQuery('bampyeonji');
    expect(p.qwertyHangul).toBeUndefined();
    expect(p.romanKey).toBe(looseRomanKey('밤편지'));
    expect(parseSearchQuery('growl').qwertyHangul).toBeUndefined();
  });
  test('digits are a song number', () => {
    expect(parseSearchQuery('12345').number).toBe('12345');
    expect(parseSearchQuery('아이유').number).toBeUndefined();
  });
  test('title and artist in one box keep their tokens', () =>
    expect(parseSearchQuery('아이유 좋은날').tokens).toEqual(['아이유', '좋은날']));
  test('full-width input is normalized', () => expect(parseSearchQuery('ＩＵ').text).toBe('iu'));
  test('empty and over-long queries are refused', () => {
    expect(() => parseSearchQuery('   ')).toThrow(InvalidQueryError);
    expect(() => parseSearchQuery('!!!')).toThrow(/no letters or digits/);
    expect(() => parseSearchQuery('가'.repeat(101))).toThrow(/at most 100/);
  });
});

import { foldCapsLock, hangulToQwerty, hangulTypedInEnglishMode, looksLikeQwertyHangul, qwertyToHangul } from './keyboard';

describe('qwertyToHangul', () => {
  it.each([
    ['dkdldb', '아이유'],
    ['sjdml dmlal', '너의 의미'],
    ['qmfforvldzm', '블랙핑크'],
    ['tkfkdgo', '사랑해'],
    ['gksrmf', '한글'],
  ])('%s types %s', (keys, hangul) => {
    expect(qwertyToHangul(keys)).toBe(hangul);
  });

  it('reads shift as on a keyboard: T is ㅆ, O is ㅒ', () => {
    expect(qwertyToHangul('Tkfkdgo')).toBe('싸랑해');
    expect(qwertyToHangul('wlsWk')).toBe('진짜');
    expect(qwertyToHangul('dO')).toBe('얘');
  });

  it('returns undefined instead of throwing on keys es-hangul cannot assemble', () => {
    expect(qwertyToHangul('sinhodeung')).toBeUndefined();
  });
});

describe('hangulToQwerty', () => {
  it('gives the keys that type the Hangul', () => {
    expect(hangulToQwerty('아이유')).toBe('dkdldb');
    expect(hangulToQwerty('너의 의미')).toBe('sjdml dmlal');
    expect(hangulToQwerty('진짜')).toBe('wlsWk');
  });
});

describe('foldCapsLock', () => {
  it('lower-cases an all-capitals string but keeps deliberate shift', () => {
    expect(foldCapsLock('DKDLDB')).toBe('dkdldb');
    expect(foldCapsLock('wlsWk')).toBe('wlsWk');
  });
});

describe('looksLikeQwertyHangul', () => {
  it.each(['dkdldb', 'sjdml dmlal', 'qmfforvldzm', 'qkavuswl', 'tkfkdgo', 'dlquf', 'rmeo', 'ekfqlc wlsWk', 'dkdl'])(
    '%s is Korean typed in English mode',
    (keys) => {
      expect(looksLikeQwertyHangul(keys)).toBe(true);
    },
  );

  it.each(['dkdlE', 'qmfforvld', 'sjdml dml'])('%s is a half-typed Korean query', (keys) => {
    expect(looksLikeQwertyHangul(keys)).toBe(true);
  });

  it.each(['growl', 'blueming', 'bts', 'bampyeonji', 'sinhodeung', 'love', 'iu', 'dynamite', 'twice', 'aespa'])(
    '%s is an English or romanized word',
    (word) => {
      expect(looksLikeQwertyHangul(word)).toBe(false);
    },
  );

  it.each(['rock', 'when', 'down', 'world', 'queen', 'angel', 'girl', 'shape of you', 'next level', 'love dive'])(
    '%s assembles into syllables but still reads as English',
    (word) => {
      expect(qwertyToHangul(word)).toBeDefined();
      expect(looksLikeQwertyHangul(word)).toBe(false);
    },
  );

  it('needs at least three letters, since two-key syllables (go=해, to=새) are as likely English', () => {
    expect(looksLikeQwertyHangul('go')).toBe(false);
    expect(looksLikeQwertyHangul('gk')).toBe(false);
  });

  it('refuses Hangul, digits and mixed input', () => {
    expect(looksLikeQwertyHangul('아이유')).toBe(false);
    expect(looksLikeQwertyHangul('12345')).toBe(false);
    expect(looksLikeQwertyHangul('dkdldb 좋은')).toBe(false);
  });
});

describe('hangulTypedInEnglishMode', () => {
  it('returns the intended Hangul, folding Caps Lock', () => {
    expect(hangulTypedInEnglishMode('  sjdml   dmlal ')).toBe('너의 의미');
    expect(hangulTypedInEnglishMode('TKFKDGO')).toBe('사랑해');
    expect(hangulTypedInEnglishMode('growl')).toBeUndefined();
  });
});

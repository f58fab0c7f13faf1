import { convertQwertyToHangul } from 'es-hangul';
import {
  englishTypedInKoreanMode,
  foldCapsLock,
  hangulToQwerty,
  hangulTypedInEnglishMode,
  qwertyToHangul,
} from './keyboard';

// every string of up to four keys over consonant, vowel, compound-making, shifted and space keys
const KEYS = [...'rkhofltEqmnd '];
const keyStrings = (maxLength: number) => {
  const out: string[] = [];
  let level = [''];
  for (let n = 1; n <= maxLength; n++) {
    level = level.flatMap((w) => KEYS.map((k) => w + k));
    out.push(...level);
  }
  return out;
};

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

  it('composes a half-typed last syllable or word as the screen shows it', () => {
    expect(qwertyToHangul('dkdldb qk')).toBe('아이유 바');
    expect(qwertyToHangul('dkdldb q')).toBe('아이유 ㅂ');
    expect(qwertyToHangul('qmfforvld')).toBe('블랙핑');
    expect(qwertyToHangul('rkqt')).toBe('값');
    expect(qwertyToHangul('rkqtk')).toBe('갑사');
  });

  it('never throws, and shows keys es-hangul rejects as lone jamo', () => {
    expect(qwertyToHangul('how')).toBe('ㅙㅈ');
    expect(qwertyToHangul('sinhodeung')).toBe('냐ㅜㅙㅇ뎌ㅜㅎ');
    expect(qwertyToHangul('')).toBe('');
    expect(qwertyToHangul('1a! 가')).toBe('1ㅁ! 가');
  });

  it('agrees with es-hangul on every key string it accepts', () => {
    let compared = 0;
    const differing: string[] = [];
    for (const keys of keyStrings(4)) {
      let expected: string;
      try {
        expected = convertQwertyToHangul(keys);
      } catch {
        continue;
      }
      compared++;
      if (qwertyToHangul(keys) !== expected) differing.push(keys);
    }
    expect(compared).toBeGreaterThan(30_000);
    expect(differing).toEqual([]);
  });
});

describe('hangulToQwerty', () => {
  it('gives the keys that type the Hangul', () => {
    expect(hangulToQwerty('아이유')).toBe('dkdldb');
    expect(hangulToQwerty('너의 의미')).toBe('sjdml dmlal');
    expect(hangulToQwerty('진짜')).toBe('wlsWk');
  });

  it('reads English typed in Korean mode back, syllables the IME composed included', () => {
    expect(hangulToQwerty('ㅠㅕㅅㅅㄷㄱ')).toBe('butter');
    expect(hangulToQwerty('ㅡㅐㅜ됴')).toBe('money');
    expect(hangulToQwerty('ㄱㄷㅇ ㅍ딮ㄷㅅ')).toBe('red velvet');
  });

  it('undoes qwertyToHangul on every key string', () => {
    const differing = keyStrings(4).filter((keys) => hangulToQwerty(qwertyToHangul(keys)) !== keys);
    expect(differing).toEqual([]);
  });
});

describe('englishTypedInKoreanMode', () => {
  const typedInKoreanMode = (english: string) => qwertyToHangul(english);

  it.each([
    'butter',
    'money',
    'red velvet',
    'dynamite',
    'love dive',
    'hype boy',
    'how you like that',
    'permission to dance',
    'next level',
    'attention',
    'spring day',
    'celebrity',
    'psycho',
    'feel special',
    'boy with luv',
    'super shy',
    'seven',
    'shape of you',
    'whiplash',
    'after like',
    'up',
  ])('%s typed in Korean mode is read back as English', (english) => {
    expect(englishTypedInKoreanMode(typedInKoreanMode(english))).toBe(english);
  });

  it.each(['queencard', 'zico', 'eight', 'butter mr', 'sg wannabe', 'wildflower', 'gangnam st', 'hype bo'])(
    '%s reads back though its Hangul composes into syllables (rare ones, stranded consonants) or has a short or half-typed word',
    (english) => {
      expect(englishTypedInKoreanMode(typedInKoreanMode(english))).toBe(english);
    },
  );

  it('reads short acronyms typed as bare jamo (bts = ㅠㅅㄴ, nct = ㅜㅊㅅ)', () => {
    expect(englishTypedInKoreanMode('ㅠㅅㄴ')).toBe('bts');
    expect(englishTypedInKoreanMode('ㅜㅊㅅ')).toBe('nct');
  });

  it('reads common English words even when they compose into whole syllables', () => {
    expect(englishTypedInKoreanMode(typedInKoreanMode('when'))).toBe('when');
    expect(englishTypedInKoreanMode(typedInKoreanMode('rock'))).toBe('rock');
  });

  it.each([
    '사랑해',
    '밤편지',
    '좋은 날',
    'ㄴㅇㅇㅁ',
    'ㄴㅇ ㅇㅁ',
    'ㅋㅋㅋ',
    'ㅠㅠ',
    'ㅜㅜ 슬퍼',
    '아이유 바',
    '아이ㄸ',
    '너의 ㅇ',
    '뭐냐',
    '볼빨간 ㅇㅎ',
    'ㅇㅎ 볼빨간사춘기',
    '눈의 ㄲ',
    '우ㅜ',
    '가ㅏ',
    'ㅏ',
    '어떻게',
    '좋냐',
    '샤이니',
    '놓아줘',
    '많이 사랑해',
    '밤편ㅈ',
    '밤이 깊',
    '샴푸향이',
    '끝이 없는 길',
  ])('%s is Korean (or too short to tell)', (text) => {
    expect(englishTypedInKoreanMode(text)).toBeUndefined();
  });

  it('refuses text that is not only Hangul', () => {
    expect(englishTypedInKoreanMode('butter')).toBeUndefined();
    expect(englishTypedInKoreanMode('ㅠㅕㅅㅅㄷㄱ 2')).toBeUndefined();
    expect(englishTypedInKoreanMode('   ')).toBeUndefined();
  });
});

describe('foldCapsLock', () => {
  it('lower-cases an all-capitals string but keeps deliberate shift', () => {
    expect(foldCapsLock('DKDLDB')).toBe('dkdldb');
    expect(foldCapsLock('wlsWk')).toBe('wlsWk');
  });
});

describe('hangulTypedInEnglishMode: which Latin text is Korean typed in English mode', () => {
  it.each(['dkdldb', 'sjdml dmlal', 'qmfforvldzm', 'qkavuswl', 'tkfkdgo', 'dlquf', 'rmeo', 'ekfqlc wlsWk', 'dkdl'])(
    '%s is Korean typed in English mode',
    (keys) => {
      expect(hangulTypedInEnglishMode(keys)).toBeDefined();
    },
  );

  it.each(['dkdlE', 'qmfforvld', 'sjdml dml'])('%s is a half-typed Korean query', (keys) => {
    expect(hangulTypedInEnglishMode(keys)).toBeDefined();
  });

  it.each(['growl', 'blueming', 'bts', 'bampyeonji', 'sinhodeung', 'love', 'iu', 'dynamite', 'twice', 'aespa'])(
    '%s is an English or romanized word',
    (word) => {
      expect(hangulTypedInEnglishMode(word)).toBeUndefined();
    },
  );

  it.each(['rock', 'when', 'down', 'world', 'queen', 'angel', 'girl', 'shape of you', 'next level', 'love dive'])(
    '%s assembles into syllables but still reads as English',
    (word) => {
      expect(qwertyToHangul(word)).toBeDefined();
      expect(hangulTypedInEnglishMode(word)).toBeUndefined();
    },
  );

  it('needs at least three letters, since two-key syllables (go=해, to=새) are as likely English', () => {
    expect(hangulTypedInEnglishMode('go')).toBeUndefined();
    expect(hangulTypedInEnglishMode('gk')).toBeUndefined();
  });

  it('refuses Hangul, digits and mixed input', () => {
    expect(hangulTypedInEnglishMode('아이유')).toBeUndefined();
    expect(hangulTypedInEnglishMode('12345')).toBeUndefined();
    expect(hangulTypedInEnglishMode('dkdldb 좋은')).toBeUndefined();
  });
});

describe('hangulTypedInEnglishMode', () => {
  it('returns the intended Hangul, folding Caps Lock', () => {
    expect(hangulTypedInEnglishMode('  sjdml   dmlal ')).toBe('너의 의미');
    expect(hangulTypedInEnglishMode('TKFKDGO')).toBe('사랑해');
    expect(hangulTypedInEnglishMode('growl')).toBeUndefined();
  });
});

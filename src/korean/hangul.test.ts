import { toChoseong } from './chosung';
import { composeSyllable, hasHangul, isCompatConsonant, isCompatJamo, isSyllable, syllableParts } from './hangul';
import { toJamo } from './jamo';

// An independent oracle: the Unicode syllable formula (syllable = 0xAC00 + (initial*21 + medial)*28 + final), with
// compound vowels and finals written as the two keys a 2-set keyboard types for them.
const INITIALS = [...'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'];
const MEDIALS = 'ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅗㅏ ㅗㅐ ㅗㅣ ㅛ ㅜ ㅜㅓ ㅜㅔ ㅜㅣ ㅠ ㅡ ㅡㅣ ㅣ'.split(' ');
const FINALS = [
  '',
  ...'ㄱ ㄲ ㄱㅅ ㄴ ㄴㅈ ㄴㅎ ㄷ ㄹ ㄹㄱ ㄹㅁ ㄹㅂ ㄹㅅ ㄹㅌ ㄹㅍ ㄹㅎ ㅁ ㅂ ㅂㅅ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ'.split(
    ' ',
  ),
];
const ALL_SYLLABLES = Array.from({ length: 11172 }, (_, i) => ({
  ch: String.fromCharCode(0xac00 + i),
  initial: INITIALS[Math.floor(i / 588)],
  medial: MEDIALS[Math.floor((i % 588) / 28)],
  final: FINALS[i % 28],
}));

describe('es-hangul primitives agree with the Unicode formula on all 11,172 syllables', () => {
  it('has the right number of syllables', () => {
    expect(ALL_SYLLABLES).toHaveLength(11172);
    expect(ALL_SYLLABLES[11171].ch).toBe('힣');
  });

  it('splits every syllable into the keys that type it', () => {
    const wrong = ALL_SYLLABLES.filter((s) => toJamo(s.ch) !== s.initial + s.medial + s.final);
    expect(wrong.map((s) => s.ch)).toEqual([]);
  });

  it('gives every syllable its initial consonant', () => {
    const wrong = ALL_SYLLABLES.filter((s) => toChoseong(s.ch) !== s.initial);
    expect(wrong.map((s) => s.ch)).toEqual([]);
  });

  it('parts and composes every syllable back to itself', () => {
    const wrong = ALL_SYLLABLES.filter((s) => {
      const parts = syllableParts(s.ch);
      return (
        parts.initial !== s.initial ||
        parts.medial !== s.medial ||
        parts.final !== s.final ||
        composeSyllable(parts) !== s.ch
      );
    });
    expect(wrong.map((s) => s.ch)).toEqual([]);
  });
});

describe('character classes', () => {
  it('tells syllables, consonant jamo and other jamo apart', () => {
    expect(ALL_SYLLABLES.every((s) => isSyllable(s.ch))).toBe(true);
    expect(['ㄱ', 'a', '', 'ㅏ', '\u1100'].map(isSyllable)).toEqual([false, false, false, false, false]);
    expect(['ㄱ', 'ㅎ', 'ㄳ', 'ㅏ', '가'].map(isCompatConsonant)).toEqual([true, true, true, false, false]);
    expect(['ㄱ', 'ㅏ', 'ㅣ', '가', 'a'].map(isCompatJamo)).toEqual([true, true, true, false, false]);
  });

  it('finds Hangul syllables or jamo anywhere in a string', () => {
    expect(hasHangul('BTS 봄날')).toBe(true);
    expect(hasHangul('ㅂㄴ')).toBe(true);
    expect(hasHangul('BTS 2013')).toBe(false);
  });
});

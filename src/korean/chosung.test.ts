import { isChoseongQuery, tenseVariants, toChoseong } from './chosung';

describe('toChoseong', () => {
  it('takes the initial consonant of each syllable and drops spaces', () => {
    expect(toChoseong('너의 의미')).toBe('ㄴㅇㅇㅁ');
    expect(toChoseong('블랙핑크')).toBe('ㅂㄹㅍㅋ');
    expect(toChoseong('밤편지')).toBe('ㅂㅍㅈ');
  });

  it('keeps double initials as typed with shift', () => {
    expect(toChoseong('빨간 맛')).toBe('ㅃㄱㅁ');
  });

  it('drops Latin, digits and punctuation', () => {
    expect(toChoseong('BTS 봄날')).toBe('ㅂㄴ');
    expect(toChoseong('2002년!')).toBe('ㄴ');
  });

  it('keeps consonants typed as jamo and splits ones the IME fused', () => {
    expect(toChoseong('너의 의ㅁ')).toBe('ㄴㅇㅇㅁ');
    expect(toChoseong('ㄳ')).toBe('ㄱㅅ');
  });
});

describe('isChoseongQuery', () => {
  it('accepts consonant-only queries, with or without spaces', () => {
    expect(isChoseongQuery('ㅂㄹㅍㅋ')).toBe(true);
    expect(isChoseongQuery('ㄴㅇ ㅇㅁ')).toBe(true);
    expect(isChoseongQuery('ㄲㅈ')).toBe(true);
    expect(isChoseongQuery('ㄳ')).toBe(true);
  });

  it('rejects mixed, vowel, Latin and empty queries', () => {
    expect(isChoseongQuery('너ㅇ')).toBe(false);
    expect(isChoseongQuery('ㅏㅏ')).toBe(false);
    expect(isChoseongQuery('ㄴㅇ2')).toBe(false);
    expect(isChoseongQuery('bts')).toBe(false);
    expect(isChoseongQuery('   ')).toBe(false);
  });
});

describe('tenseVariants', () => {
  it('reads plain consonants as their tense pair, fewest changes first, without the input', () => {
    expect(tenseVariants('ㅂㄱㅁ', 10)).toEqual(['ㅃㄱㅁ', 'ㅂㄲㅁ', 'ㅃㄲㅁ']);
    const all = tenseVariants('ㄷㄷㄷㄷ', 20);
    expect(all).toHaveLength(15);
    expect(all).toContain('ㄸㄷㄸㄷ');
    expect(all).not.toContain('ㄷㄷㄷㄷ');
    expect(all.slice(0, 4).every((v) => [...v].filter((c) => c === 'ㄸ').length === 1)).toBe(true);
  });

  it('stops at the cap and gives nothing when no consonant has a tense pair', () => {
    expect(tenseVariants('ㄷㄷㄷㄷㄷㄷㄷㄷ', 5)).toHaveLength(5);
    expect(tenseVariants('ㅇㅎㅁ', 5)).toEqual([]);
  });
});

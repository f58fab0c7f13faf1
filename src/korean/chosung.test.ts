import { isChoseongQuery, toChoseong, toChoseongWords } from './chosung';

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

describe('toChoseongWords', () => {
  it('keeps one chunk per word', () => {
    expect(toChoseongWords('너의 의미')).toBe('ㄴㅇ ㅇㅁ');
    expect(toChoseongWords('BTS 봄날')).toBe('ㅂㄴ');
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

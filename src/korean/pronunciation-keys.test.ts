import { pronunciationConsonantKey, pronunciationKey, pronunciationKeysOf } from './pronounce';

const found = (hangul: string, latin: string) =>
  pronunciationKeysOf(latin).some((k) => k.startsWith(pronunciationKey(hangul)));
const foundLoosely = (hangul: string, latin: string) =>
  pronunciationKeysOf(latin).some((k) => k.startsWith(pronunciationConsonantKey(hangul)));

describe('pronunciation keys', () => {
  test.each([
    ['버터', 'Butter'],
    ['다이너마이트', 'Dynamite'],
    ['하우 유 라이크 댓', 'How You Like That'],
    ['하입 보이', 'Hype Boy'],
    ['하이프 보이', 'Hype Boy'],
    ['러브샷', 'Love Shot'],
    ['드라우닝', 'Drowning'],
    ['웰컴 투 더 쇼', 'Welcome to the Show'],
    ['하우', 'How You Like That'],
  ])('%s is a prefix of the key of %s', (hangul, latin) => {
    expect(found(hangul, latin)).toBe(true);
  });

  test.each([
    ['쉐이프 오브 유', 'Shape of You'],
    ['셰이프 오브 유', 'Shape of You'],
    ['레드벨벳', 'Red Velvet'],
    ['피어리스', 'FEARLESS'],
    ['텐 미니츠', '10 Minutes'],
  ])('%s differs from %s only in vowels: the consonant key still finds it', (hangul, latin) => {
    expect(foundLoosely(hangul, latin)).toBe(true);
  });

  test('keys start at every word, and names without Latin letters get none', () => {
    expect(pronunciationKeysOf('How You Like That')).toContain(pronunciationKey('라이크 댓'));
    expect(pronunciationKeysOf('밤편지')).toEqual([]);
  });

  test('short all-capital words are also read by their letter names, tags are not part of a name', () => {
    expect(found('에이피티', 'APT.')).toBe(true);
    expect(found('이엑스아이디', 'EXID')).toBe(true);
  });

  test('words missing from the dictionary are read by letter rules', () => {
    expect(pronunciationKeysOf('Zzyzxqy').length).toBeGreaterThan(0);
  });

  test('keys are lower-case, as the index stores them', () => {
    for (const k of pronunciationKeysOf('Ring Ding Dong')) expect(k).toBe(k.toLowerCase());
  });
});

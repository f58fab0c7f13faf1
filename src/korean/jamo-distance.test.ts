import { syllableParts } from './hangul';
import { foldParticle, jamoTypoVariants } from './jamo-distance';

describe('jamoTypoVariants', () => {
  it('swaps one confusable jamo, first syllable included', () => {
    const variants = jamoTypoVariants('재미', 50);
    expect(variants).toContain('제미');
    expect(variants).toContain('채미');
    expect(variants).not.toContain('재미');
  });

  it('drops or swaps a final consonant', () => {
    const variants = jamoTypoVariants('밤편지', 100);
    expect(variants).toContain('바편지');
    expect(variants).toContain('밤편치');
  });

  it('changes one part of one syllable in every variant (a compound vowel counts as one part: 의 -> 에)', () => {
    const word = [...'너의 의미'];
    const variants = jamoTypoVariants('너의 의미', 100);
    expect(variants.length).toBeGreaterThan(5);
    for (const v of variants) {
      const chars = [...v];
      expect(chars).toHaveLength(word.length);
      const changed = chars.flatMap((ch, i) => (ch === word[i] ? [] : [i]));
      expect(changed).toHaveLength(1);
      const [before, after] = [syllableParts(word[changed[0]]), syllableParts(chars[changed[0]])];
      const partsChanged = (['initial', 'medial', 'final'] as const).filter((k) => before[k] !== after[k]);
      expect(partsChanged).toHaveLength(1);
    }
  });

  it('gives at most max variants and none for text without Hangul', () => {
    expect(jamoTypoVariants('사랑해요', 5)).toHaveLength(5);
    expect(jamoTypoVariants('love', 10)).toEqual([]);
    expect(jamoTypoVariants('', 10)).toEqual([]);
  });
});

describe('foldParticle', () => {
  it.each([
    ['눈의', '눈에'],
    ['너를', '너을'],
    ['눈애', '눈의'],
    ['사랑룰', '사랑을'],
  ])('%s and %s fold together', (a, b) => {
    expect(foldParticle(a)).toBe(foldParticle(b));
  });

  it('leaves 는/은 and 가/이 alone: too common as plain syllables', () => {
    expect(foldParticle('바다가')).toBe('바다가');
    expect(foldParticle('나는')).toBe('나는');
  });

  it('leaves one-syllable words alone (에, 의 and 이 on their own are words)', () => {
    for (const word of ['의', '이', '가']) expect(foldParticle(word)).toBe(word);
  });
});

import { CONFUSABLE_COST, foldParticles, jamoEditDistance, jamoSubstitutionCost, jamoTypoVariants } from './jamo-distance';

describe('jamoEditDistance', () => {
  it('is zero for the same text, whatever the spacing or case', () => {
    expect(jamoEditDistance('너의 의미', '너의 의미')).toBe(0);
    expect(jamoEditDistance('ＩＵ', 'iu')).toBe(0);
  });

  it.each([
    ['재미', '제미'], ['너의', '녀의'], ['좋아', '촣아'], ['바다', '파다'], ['사랑', '싸랑'], ['거울', '겨울'],
  ])('a confusable jamo costs less than any other (%s / %s)', (a, b) => {
    expect(jamoEditDistance(a, b)).toBe(CONFUSABLE_COST);
  });

  it('counts edits anywhere, the first syllable included', () => {
    expect(jamoEditDistance('사랑', '하랑')).toBe(1); // ㅅ -> ㅎ is not confusable
    expect(jamoEditDistance('밤편지', '방편지')).toBe(1); // wrong final
    expect(jamoEditDistance('좋은날', '조은날')).toBe(1); // dropped final
    expect(jamoEditDistance('벚꽃', '벚꽃엔딩')).toBe(6); // ㅇㅔㄴㄷㅣㅇ inserted
  });

  it('counts a swap of neighbouring jamo as one edit', () => {
    expect(jamoEditDistance('ㄱㅏ', 'ㅏㄱ')).toBe(1);
  });

  it('is symmetric and works on Latin and empty text', () => {
    expect(jamoEditDistance('사랑해', '사랑')).toBe(jamoEditDistance('사랑', '사랑해'));
    expect(jamoEditDistance('', '가')).toBe(2);
    expect(jamoEditDistance('love', 'lvoe')).toBe(1);
  });

  it('splits compound vowels, so 의/이 is one jamo apart', () => {
    expect(jamoEditDistance('의미', '이미')).toBe(1);
  });
});

describe('jamoSubstitutionCost', () => {
  it('is symmetric within each confusable group and 1 across', () => {
    expect(jamoSubstitutionCost('ㅈ', 'ㅊ')).toBe(CONFUSABLE_COST);
    expect(jamoSubstitutionCost('ㅊ', 'ㅈ')).toBe(CONFUSABLE_COST);
    expect(jamoSubstitutionCost('ㅐ', 'ㅔ')).toBe(CONFUSABLE_COST);
    expect(jamoSubstitutionCost('ㅓ', 'ㅕ')).toBe(CONFUSABLE_COST);
    expect(jamoSubstitutionCost('ㅈ', 'ㅁ')).toBe(1);
    expect(jamoSubstitutionCost('ㅏ', 'ㅏ')).toBe(0);
  });
});

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

  it('makes every variant one syllable part away (a compound vowel is two keys: 의 -> 에)', () => {
    const variants = jamoTypoVariants('너의 의미', 100);
    expect(variants.length).toBeGreaterThan(5);
    for (const v of variants) expect(jamoEditDistance('너의 의미', v)).toBeLessThanOrEqual(2);
  });

  it('gives at most max variants and none for text without Hangul', () => {
    expect(jamoTypoVariants('사랑해요', 5)).toHaveLength(5);
    expect(jamoTypoVariants('love', 10)).toEqual([]);
    expect(jamoTypoVariants('', 10)).toEqual([]);
  });
});

describe('foldParticles', () => {
  it.each([['눈의 꽃', '눈에 꽃'], ['너를 위해', '너을 위해'], ['눈애 꽃', '눈의 꽃'], ['사랑룰', '사랑을']])(
    '%s and %s fold together', (a, b) => {
      expect(foldParticles(a)).toBe(foldParticles(b));
    },
  );

  it('leaves 는/은 and 가/이 alone: too common as plain syllables', () => {
    expect(foldParticles('바다가')).toBe('바다가');
    expect(foldParticles('나는')).toBe('나는');
  });

  it('leaves one-syllable words alone (에, 의 and 이 on their own are words)', () => {
    expect(foldParticles('의 이 가')).toBe('의 이 가');
  });

  it('normalizes the text as well', () => {
    expect(foldParticles('  눈의   꽃 ')).toBe('눈에 꽃');
  });
});

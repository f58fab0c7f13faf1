// Typos at the jamo level: one wrong consonant or vowel anywhere in a title (ㅈ/ㅊ, ㅐ/ㅔ, ㅓ/ㅕ), and particles
// people confuse (의/에, 를/을): bounded one-edit variants, and a particle fold.
import { composeSyllable, isSyllable, syllableParts } from './hangul';
import { normalizeText } from './normalize';

// Pairs that sound alike or sit next to each other on the keyboard's shift layer; each group is mutually confusable.
const CONFUSABLE_GROUPS = [
  'ㅈㅊㅉ',
  'ㄱㅋㄲ',
  'ㄷㅌㄸ',
  'ㅂㅍㅃ',
  'ㅅㅆ',
  'ㅇㅎ',
  'ㄴㄹ',
  'ㅐㅔ',
  'ㅒㅖ',
  'ㅓㅕ',
  'ㅗㅛ',
  'ㅜㅠ',
  'ㅓㅗ',
  'ㅡㅜ',
];
// compound vowels and finals people mix up, in the split form syllableParts uses (왜/웨/외)
const CONFUSABLE_COMPOUNDS: Record<string, string[]> = {
  ㅗㅐ: ['ㅜㅔ', 'ㅗㅣ'],
  ㅜㅔ: ['ㅗㅐ', 'ㅗㅣ'],
  ㅗㅣ: ['ㅗㅐ', 'ㅜㅔ'],
  ㅡㅣ: ['ㅣ', 'ㅔ'],
};

function confusablesOf(jamo: string): string[] {
  if (CONFUSABLE_COMPOUNDS[jamo]) return CONFUSABLE_COMPOUNDS[jamo];
  return CONFUSABLE_GROUPS.filter((g) => g.includes(jamo)).flatMap((g) => [...g].filter((c) => c !== jamo));
}

const FINAL_CONSONANTS = new Set([...'ㄱㄲㄴㄷㄹㅁㅂㅅㅆㅇㅈㅊㅋㅌㅍㅎ']);

/**
 * Words one confusable jamo away from word (a syllable's initial, vowel or final swapped for a confusable one, or
 * its final dropped), first syllable first, at most max of them and never word itself: 재미 -> 제미, 채미, 자미...
 * For generating fuzzy alternatives without a full fuzzy search.
 */
export function jamoTypoVariants(word: string, max: number): string[] {
  const chars = [...normalizeText(word)];
  const out = new Set<string>();
  const add = (i: number, syllable: string) => {
    if (out.size < max) out.add([...chars.slice(0, i), syllable, ...chars.slice(i + 1)].join(''));
  };
  for (let i = 0; i < chars.length && out.size < max; i++) {
    if (!isSyllable(chars[i])) continue;
    const parts = syllableParts(chars[i]);
    for (const medial of confusablesOf(parts.medial)) add(i, composeSyllable({ ...parts, medial }));
    for (const initial of confusablesOf(parts.initial)) add(i, composeSyllable({ ...parts, initial }));
    if (parts.final) {
      add(i, composeSyllable({ ...parts, final: '' }));
      for (const final of confusablesOf(parts.final).filter((f) => FINAL_CONSONANTS.has(f)))
        add(i, composeSyllable({ ...parts, final }));
    }
  }
  out.delete(normalizeText(word));
  return [...out];
}

// Word-final particles people swap when typing fast, folded on both sides; 는/은 and 가/이 are not: too common as
// plain syllables (바다가, 사랑은 would meet words they are not).
const PARTICLE_FOLDS: Array<[RegExp, string]> = [
  [/(의|에|애)$/, '에'],
  [/(를|을|늘|룰)$/, '을'],
];

/** The word with its final particle folded: 눈의 -> 눈에, 사랑를 -> 사랑을; one-syllable words (의, 에) stay. */
export function foldParticle(word: string): string {
  if ([...word].length < 2) return word;
  for (const [re, to] of PARTICLE_FOLDS) if (re.test(word)) return word.replace(re, to);
  return word;
}

// How an artist's name sounds, so a Latin name meets its Hangul spelling in the other brand (Maroon 5 / 마룬5,
// Ed Sheeran / 에드 시런, f(x) / 에프엑스, 2NE1 / 투애니원). Built on the pronunciation keys search computes
// (src/korean/pronounce.ts): the same sound skeletons, compared with a tolerance for the vowels and endings
// loanword spellings differ in.
import { compactText, pronunciationKey, wholePronunciationKeysOf } from '../korean';

const LEADING_ARTICLE = /^the\s+/i;
const DOTTED_LETTERS = /^(?:[A-Za-z]\.){1,5}[A-Za-z]?\.?$/;
// a short word mixing letters and digits is spelled (2NE1, B1A4, SS501); longer ones are words (Kep1er, Maroon 5)
const LETTERS_AND_DIGITS = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{2,5}$/;
const SHORT_SPELLED = 4;

/** A Latin name read letter by letter (acronyms, dotted letters, letters mixed with digits: 2NE1, B.A.P, f(x)). */
export function isSpelledName(name: string): boolean {
  const compact = compactText(name);
  if (!/^[a-z0-9]+$/.test(compact)) return false;
  const bare = name.trim().replace(/[()]/g, '');
  return (
    DOTTED_LETTERS.test(bare) ||
    bare.split(/\s+/).some((w) => LETTERS_AND_DIGITS.test(w)) ||
    (compact.length <= SHORT_SPELLED && !/[aeiou]/.test(compact)) ||
    /[()]/.test(name)
  );
}

/** Letter runs upper-cased and split from digit runs, so each run is read as letters or as a number: 2NE1 -> 2 NE 1. */
const spelledForm = (name: string) => compactText(name).toUpperCase().replace(/(\d+)/g, ' $1 ').trim();

/** Sound keys of a Latin name: as words, without a leading "The", and letter by letter when it is spelled. */
export function latinNameSounds(name: string): string[] {
  const forms = [name, name.replace(LEADING_ARTICLE, '')];
  if (isSpelledName(name)) forms.push(spelledForm(name));
  return [...new Set(forms.flatMap((f) => wholePronunciationKeysOf(f)))];
}

/** The sound key of a Hangul name ('' when it has no Hangul letters). */
export const hangulNameSound = (name: string) => pronunciationKey(name);

const VOWEL = /[aeiouə]/;
// consonants loanword spellings swap: the plural s written 스 or 즈, ts/ch written ㅊ/ㅈ
const NEAR_CONSONANTS = new Set(['sj', 'js']);

function substitution(a: string, b: string): number {
  if (a === b) return 0;
  const va = VOWEL.test(a);
  if (va && VOWEL.test(b)) return 0.3;
  if (va || VOWEL.test(b)) return 1.5;
  return NEAR_CONSONANTS.has(a + b) ? 0.5 : 1;
}
// a vowel is cheap to add or drop inside a name, but a name's last sound is heard clearly (Adele 아델 / 아델라)
const indel = (ch: string, last: boolean) => (VOWEL.test(ch) && !last ? 0.5 : 1);

/** 1 for equal sound keys, falling towards 0 with a weighted edit distance (vowels cheap, consonants dear). */
export function soundSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  let prev = [0];
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1] + indel(b[j - 1], j === b.length);
  for (let i = 1; i <= a.length; i++) {
    const row = [prev[0] + indel(a[i - 1], i === a.length)];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j] + indel(a[i - 1], i === a.length),
        row[j - 1] + indel(b[j - 1], j === b.length),
        prev[j - 1] + substitution(a[i - 1], b[j - 1]),
      );
    }
    prev = row;
  }
  return Math.max(0, 1 - prev[b.length] / Math.max(a.length, b.length));
}

const BLOCK_CONSONANTS = 3;

/**
 * A coarse key two similar sound keys share: the first three consonants, s and j as one, h left out (often
 * unheard: Lee Hyori 이효리) (마룬 파이브 and Maroon 5 -> mln). Candidates are looked up by it; soundSimilarity then decides.
 */
export function soundBlockKey(sound: string): string {
  const consonants = sound
    .replace(/[aeiouəh]/g, '')
    .replace(/j/g, 's')
    .replace(/(.)\1+/g, '$1');
  return consonants.slice(0, BLOCK_CONSONANTS);
}

// Romanized Korean as a weak signal ("bampyeonji" finds 밤편지).
import { romanize } from 'es-hangul';
import { compactText, normalizeText } from './normalize';
import { hasHangul } from './hangul';

/** Revised Romanization of the Hangul in s (with sound changes: 신라 -> silla), lower-case; Latin is kept. */
export function romanizeKorean(s: string): string {
  const text = normalizeText(s);
  return hasHangul(text) ? romanize(text).toLowerCase() : text;
}

/** romanizeKorean without spaces, hyphens or punctuation: 너의 의미 -> neouiuimi. */
export function compactRomanization(s: string): string {
  return compactText(romanizeKorean(s));
}

// Spellings people mix up when they romanize by ear; folded on both the indexed and the query side.
const FOLDS: Array<[RegExp, string]> = [
  [/eo/g, 'u'], [/eu/g, 'u'], [/oo/g, 'u'], [/ae/g, 'e'], [/wo/g, 'o'], [/ui/g, 'i'],
  [/ch/g, 'j'], [/sh/g, 's'], [/k/g, 'g'], [/t/g, 'd'], [/p/g, 'b'], [/r/g, 'l'], [/f/g, 'b'],
  [/y(?=[aeiou])/g, ''], [/(.)\1+/g, '$1'],
];

/** The spelling folds alone, for text that is already romanized and compact. */
export function foldRomanKey(romanized: string): string {
  let key = romanized.replace(/[^a-z0-9]/g, '');
  for (const [from, to] of FOLDS) key = key.replace(from, to);
  return key;
}

/** A loose key for romanized text: "bampyeonji", "bampyunji" and "bam pyeon ji" give the same key. */
export function looseRomanKey(s: string): string {
  return foldRomanKey(compactRomanization(s));
}

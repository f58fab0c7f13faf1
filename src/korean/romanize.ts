// Romanized Korean as a weak signal ("bampyeonji" finds 밤편지): documents get a few romanizations of each name and
// queries one, all folded the same loose way, so "sa rang hae", "salanghae" and "saranghae" meet.
import { romanize } from 'es-hangul';
import { compactText, normalizeText } from './normalize';
import { composeSyllable, hasHangul, isSyllable, syllableParts } from './hangul';

/** Revised Romanization of the Hangul in s (with sound changes: 신라 -> silla), lower-case; Latin is kept. */
export function romanizeKorean(s: string): string {
  const text = normalizeText(s);
  return hasHangul(text) ? romanize(text).toLowerCase() : text;
}

/** romanizeKorean without spaces, hyphens or punctuation: 너의 의미 -> neouiuimi. */
export function compactRomanization(s: string): string {
  return compactText(romanizeKorean(s));
}

// Finals spelled letter by letter, as people do who romanize the written syllable rather than the sound.
const FINAL_LETTERS: Record<string, string> = {
  ㄱ: 'k',
  ㄲ: 'kk',
  ㄱㅅ: 'ks',
  ㄴ: 'n',
  ㄴㅈ: 'nj',
  ㄴㅎ: 'nh',
  ㄷ: 't',
  ㄹ: 'l',
  ㄹㄱ: 'lk',
  ㄹㅁ: 'lm',
  ㄹㅂ: 'lb',
  ㄹㅅ: 'ls',
  ㄹㅌ: 'lt',
  ㄹㅍ: 'lp',
  ㄹㅎ: 'lh',
  ㅁ: 'm',
  ㅂ: 'b',
  ㅂㅅ: 'bs',
  ㅅ: 's',
  ㅆ: 'ss',
  ㅇ: 'ng',
  ㅈ: 'j',
  ㅊ: 'ch',
  ㅋ: 'k',
  ㅌ: 't',
  ㅍ: 'p',
  ㅎ: 'h',
};

/** Syllable by syllable, finals as written and no sound changes: 좋아 -> joha, 있어 -> isseo, 신라 -> sinra. */
export function spelledRomanization(s: string): string {
  let out = '';
  for (const ch of normalizeText(s)) {
    if (!isSyllable(ch)) {
      out += ch;
      continue;
    }
    const parts = syllableParts(ch);
    out += romanize(composeSyllable({ ...parts, final: '' })) + (FINAL_LETTERS[parts.final] ?? '');
  }
  return out.toLowerCase();
}

// McCune-Reischauer and other older spellings write ㅓ/ㅡ with a breve; other accents are dropped.
const OLD_VOWELS: Array<[RegExp, string]> = [
  [/[ŏǒ]/g, 'eo'],
  [/[ŭǔ]/g, 'eu'],
];
const LATIN_WITH_ACCENT = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const stripAccents = (s: string) =>
  OLD_VOWELS.reduce((t, [from, to]) => t.replace(from, to), s).replace(LATIN_WITH_ACCENT, (ch) =>
    ch.normalize('NFD').replace(/\p{M}/gu, ''),
  );

// Spellings people mix up when they romanize by ear; folded on both the indexed and the query side, in this order.
const FOLDS: Array<[RegExp, string]> = [
  [/eo/g, 'u'],
  [/eu/g, 'u'],
  [/oo/g, 'u'],
  [/ee/g, 'i'],
  [/oe/g, 'we'],
  [/ae/g, 'e'],
  [/wo/g, 'o'],
  [/ui/g, 'i'],
  [/ch/g, 'j'],
  [/c/g, 'k'],
  [/z/g, 'j'],
  [/sh/g, 's'],
  [/k/g, 'g'],
  [/t/g, 'd'],
  [/p/g, 'b'],
  [/r/g, 'l'],
  [/f/g, 'b'],
  [/v/g, 'b'],
  [/y(?=[aeiou])/g, ''],
  [/(.)\1+/g, '$1'],
];

/** The spelling folds alone, for text that is already romanized and compact. */
export function foldRomanKey(romanized: string): string {
  let key = stripAccents(romanized.toLowerCase()).replace(/[^a-z0-9]/g, '');
  for (const [from, to] of FOLDS) key = key.replace(from, to);
  return key;
}

/** The query-side key: "bampyeonji", "bampyunji", "bam pyeon ji" and 밤편지 itself all give the same key. */
export function looseRomanKey(s: string): string {
  return foldRomanKey(compactRomanization(stripAccents(normalizeText(s))));
}

/**
 * The document-side keys of a name: its standard romanization, its letter-by-letter one, and ㅓ heard as "o"
 * (정국 -> jongguk), each folded like looseRomanKey; duplicates removed, empty for text without letters.
 */
export function romanKeys(text: string): string[] {
  const standard = compactRomanization(text);
  const variants = [standard, compactText(spelledRomanization(text)), standard.replace(/eo/g, 'o')];
  return [...new Set(variants.map(foldRomanKey).filter(Boolean))];
}

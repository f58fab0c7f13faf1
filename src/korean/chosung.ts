// 초성 (initial consonants): how Koreans abbreviate titles ("ㄴㅇㅇㅁ" for 너의 의미).
import { isCompatConsonant, isSyllable, syllableParts } from './hangul';

/** Initial consonants of the Hangul in s; bare consonants are kept, everything else (spaces, Latin) dropped. */
export function toChoseong(s: string): string {
  let out = '';
  for (const ch of s) {
    if (isSyllable(ch)) out += syllableParts(ch).initial;
    else if (isCompatConsonant(ch)) out += ch;
  }
  return out;
}

/** True when the query is made only of consonant jamo (spaces allowed): "ㅂㄹㅍㅋ", "ㄴㅇ ㅇㅁ". */
export function isChoseongQuery(s: string): boolean {
  const chars = [...s.replace(/\s+/g, '')];
  return chars.length > 0 && chars.every(isCompatConsonant);
}

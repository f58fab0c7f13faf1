// 초성 (initial consonants): how Koreans abbreviate titles ("ㄴㅇㅇㅁ" for 너의 의미).
import { normalizeText } from './normalize';
import { isCompatConsonant, isSyllable, splitCompoundJamo, syllableParts } from './hangul';

function choseongOfWord(word: string): string {
  let out = '';
  for (const ch of word) {
    if (isSyllable(ch)) out += syllableParts(ch).initial;
    // the IME fuses two consonants typed in a row (ㄱ+ㅅ -> ㄳ); split them back
    else if (isCompatConsonant(ch)) out += splitCompoundJamo(ch);
  }
  return out;
}

/** Initial consonants of the Hangul in s; bare consonants are kept, everything else (spaces, Latin, digits) dropped. */
export function toChoseong(s: string): string {
  return choseongOfWord(normalizeText(s));
}

/** toChoseong with one chunk per word: "너의 의미" -> "ㄴㅇ ㅇㅁ"; words without Hangul disappear. */
export function toChoseongWords(s: string): string {
  return normalizeText(s).split(' ').map(choseongOfWord).filter(Boolean).join(' ');
}

/** True when the query is made only of consonant jamo (spaces allowed): "ㅂㄹㅍㅋ", "ㄴㅇ ㅇㅁ"; false for "너ㅇ". */
export function isChoseongQuery(s: string): boolean {
  const chars = [...normalizeText(s).replace(/ /g, '')];
  return chars.length > 0 && chars.every(isCompatConsonant);
}

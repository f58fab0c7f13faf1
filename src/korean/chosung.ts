// 초성 (initial consonants): how Koreans abbreviate titles ("ㄴㅇㅇㅁ" for 너의 의미).
import { disassemble, getChoseong } from 'es-hangul';
import { normalizeText } from './normalize';

// es-hangul keeps typed consonants as they are; the IME fuses two typed in a row (ㄱ+ㅅ -> ㄳ), so split them back
const choseongOfWord = (word: string): string => disassemble(getChoseong(word)).replace(/[^\u3131-\u314e]/g, '');

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
  return /^[\u3131-\u314e]+$/.test(normalizeText(s).replace(/ /g, ''));
}

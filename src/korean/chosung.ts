// 초성 (initial consonants): how Koreans abbreviate titles ("ㄴㅇㅇㅁ" for 너의 의미).
import { disassemble, getChoseong } from 'es-hangul';
import { normalizeText } from './normalize';

// es-hangul keeps typed consonants as they are; the IME fuses two typed in a row (ㄱ+ㅅ -> ㄳ), so split them back
const choseongOfWord = (word: string): string => disassemble(getChoseong(word)).replace(/[^\u3131-\u314e]/g, '');

/** Initial consonants of the Hangul in s; bare consonants are kept, everything else (spaces, Latin, digits) dropped. */
export function toChoseong(s: string): string {
  return choseongOfWord(normalizeText(s));
}

/** True when the query is made only of consonant jamo (spaces allowed): "ㅂㄹㅍㅋ", "ㄴㅇ ㅇㅁ"; false for "너ㅇ". */
export function isChoseongQuery(s: string): boolean {
  return /^[\u3131-\u314e]+$/.test(normalizeText(s).replace(/ /g, ''));
}

const TENSE_OF: Readonly<Record<string, string>> = { ㄱ: 'ㄲ', ㄷ: 'ㄸ', ㅂ: 'ㅃ', ㅅ: 'ㅆ', ㅈ: 'ㅉ' };

/**
 * 초성 typed without shift: the same initials with some plain consonants read as their tense pair ("ㄷㄷㄷㄷ" may be
 * 뚜두뚜두's ㄸㄷㄸㄷ, "ㅂㄱ ㅁ" 빨간 맛's ㅃㄱㅁ), fewest changes first, at most `max`; the input itself is not included.
 */
export function tenseVariants(choseong: string, max: number): string[] {
  const chars = [...choseong];
  const slots = chars.flatMap((ch, i) => (TENSE_OF[ch] ? [i] : []));
  const out: string[] = [];
  // subsets of the slots by size: one change, then two, ...
  const pick = (from: number, left: number, chosen: number[]): void => {
    if (out.length >= max) return;
    if (left === 0) {
      const v = [...chars];
      for (const i of chosen) v[i] = TENSE_OF[v[i]];
      out.push(v.join(''));
      return;
    }
    for (let k = from; k <= slots.length - left; k++) pick(k + 1, left - 1, [...chosen, slots[k]]);
  };
  for (let size = 1; size <= slots.length && out.length < max; size++) pick(0, size, []);
  return out;
}

// Hangul character classes, and syllable parts from es-hangul with compound vowels and finals written as the keys
// a 2-set keyboard types for them (ㅢ -> ㅡㅣ, ㄺ -> ㄹㄱ).
import { combineCharacter, disassemble, disassembleCompleteCharacter } from 'es-hangul';

export interface SyllableParts {
  initial: string;
  medial: string;
  final: string;
}

const codeOf = (ch: string) => (ch.length > 0 ? ch.charCodeAt(0) : -1);
export const isSyllable = (ch: string) => {
  const c = codeOf(ch);
  return c >= 0xac00 && c <= 0xd7a3;
};
export const isCompatConsonant = (ch: string) => {
  const c = codeOf(ch);
  return c >= 0x3131 && c <= 0x314e;
};
export const isCompatJamo = (ch: string) => {
  const c = codeOf(ch);
  return c >= 0x3131 && c <= 0x3163;
};
export const hasHangul = (s: string) => /[\uac00-\ud7a3\u3131-\u3163]/.test(s);

/** The parts of one complete syllable: 닭 -> ㄷ + ㅏ + ㄹㄱ; the caller checks isSyllable first. */
export function syllableParts(ch: string): SyllableParts {
  const p = disassembleCompleteCharacter(ch)!;
  return { initial: p.choseong, medial: p.jungseong, final: p.jongseong };
}

/** Inverse of syllableParts, taking the split forms it returns (medial "ㅡㅣ", final "ㄹㄱ" or ""). */
export function composeSyllable(p: SyllableParts): string {
  return combineCharacter(p.initial, p.medial, p.final);
}

/** Every syllable and compound jamo split into its keys: 값의 ㄳ -> ㄱㅏㅂㅅㅇㅡㅣ ㄱㅅ; other characters unchanged. */
export const toKeys = (s: string): string => disassemble(s);

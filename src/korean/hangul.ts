// Hangul syllable arithmetic (Unicode: syllable = 0xAC00 + (initial*21 + medial)*28 + final).
export const SYLLABLE_FIRST = 0xac00;
export const SYLLABLE_LAST = 0xd7a3;
export const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
export const MEDIALS = ['ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅗㅏ', 'ㅗㅐ', 'ㅗㅣ', 'ㅛ', 'ㅜ', 'ㅜㅓ', 'ㅜㅔ', 'ㅜㅣ', 'ㅠ', 'ㅡ', 'ㅡㅣ', 'ㅣ'];
export const FINALS = ['', 'ㄱ', 'ㄲ', 'ㄱㅅ', 'ㄴ', 'ㄴㅈ', 'ㄴㅎ', 'ㄷ', 'ㄹ', 'ㄹㄱ', 'ㄹㅁ', 'ㄹㅂ', 'ㄹㅅ', 'ㄹㅌ', 'ㄹㅍ', 'ㄹㅎ', 'ㅁ', 'ㅂ', 'ㅂㅅ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
// compound jamo typed as one compatibility character, split the way a 2-set keyboard types them
export const COMPOUND: Record<string, string> = {
  ㄳ: 'ㄱㅅ', ㄵ: 'ㄴㅈ', ㄶ: 'ㄴㅎ', ㄺ: 'ㄹㄱ', ㄻ: 'ㄹㅁ', ㄼ: 'ㄹㅂ', ㄽ: 'ㄹㅅ', ㄾ: 'ㄹㅌ', ㄿ: 'ㄹㅍ', ㅀ: 'ㄹㅎ', ㅄ: 'ㅂㅅ',
  ㅘ: 'ㅗㅏ', ㅙ: 'ㅗㅐ', ㅚ: 'ㅗㅣ', ㅝ: 'ㅜㅓ', ㅞ: 'ㅜㅔ', ㅟ: 'ㅜㅣ', ㅢ: 'ㅡㅣ',
};

export const isSyllable = (ch: string) => { const c = ch.charCodeAt(0); return ch.length > 0 && c >= SYLLABLE_FIRST && c <= SYLLABLE_LAST; };
export const isCompatConsonant = (ch: string) => { const c = ch.charCodeAt(0); return c >= 0x3131 && c <= 0x314e; };
export const isCompatJamo = (ch: string) => { const c = ch.charCodeAt(0); return c >= 0x3131 && c <= 0x3163; };
export const hasHangul = (s: string) => /[\uac00-\ud7a3\u3131-\u3163]/.test(s);

export function syllableParts(ch: string): { initial: string; medial: string; final: string } {
  const offset = ch.charCodeAt(0) - SYLLABLE_FIRST;
  return { initial: INITIALS[Math.floor(offset / 588)], medial: MEDIALS[Math.floor((offset % 588) / 28)], final: FINALS[offset % 28] };
}

/** One character as the sequence of keys a 2-set keyboard would type for it. */
export function charToJamo(ch: string): string {
  if (isSyllable(ch)) { const p = syllableParts(ch); return p.initial + p.medial + p.final; }
  return COMPOUND[ch] ?? ch;
}

/** Inverse of syllableParts, taking the split forms it returns (medial "ㅡㅣ", final "ㄹㄱ" or ""). */
export function composeSyllable(p: { initial: string; medial: string; final: string }): string {
  return String.fromCharCode(SYLLABLE_FIRST + INITIALS.indexOf(p.initial) * 588 + MEDIALS.indexOf(p.medial) * 28 + FINALS.indexOf(p.final));
}

/** ㄳ -> ㄱㅅ, ㅢ -> ㅡㅣ; other characters unchanged. */
export function splitCompoundJamo(s: string): string {
  let out = '';
  for (const ch of s) out += COMPOUND[ch] ?? ch;
  return out;
}

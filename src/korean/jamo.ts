// Jamo keys for as-you-type search: every state a 2-set IME shows while typing a title is a prefix of the
// title's jamo, because compound vowels and finals are split into the keys that typed them (ㅢ -> ㅡㅣ, ㄺ -> ㄹㄱ).
import { normalizeText } from './normalize';
import { toKeys } from './hangul';

/** Normalized text with every syllable and compound jamo split into its keys; spaces, Latin and digits kept. */
export function toJamo(s: string): string {
  return toKeys(normalizeText(s));
}

// Jamo keys for as-you-type search: every state a 2-set IME shows while typing a title is a prefix of the
// title's jamo, because compound vowels and finals are split into the keys that typed them (ㅢ -> ㅡㅣ, ㄺ -> ㄹㄱ).
import { normalizeText } from './normalize';
import { composeSyllable, isSyllable, syllableParts, toKeys } from './hangul';

/** Normalized text with every syllable and compound jamo split into its keys; spaces, Latin and digits kept. */
export function toJamo(s: string): string {
  return toKeys(normalizeText(s));
}

/**
 * Alternatives for a query whose last syllable has a final consonant that may really be the next word's initial:
 * "간" -> ["ㄱㅏ ㄴ"] (aiming for "가 나다"), "닭" -> ["ㄷㅏㄹ ㄱ"] (the IME moves only the last key of a compound final).
 * They only differ from toJamo for keys that keep word spaces; without spaces toJamo alone is already a prefix.
 */
export function jamoPrefixVariants(q: string): string[] {
  const chars = [...normalizeText(q)];
  const last = chars.pop() ?? '';
  if (!isSyllable(last)) return [];
  const parts = syllableParts(last);
  if (!parts.final) return [];
  const kept = composeSyllable({ ...parts, final: parts.final.slice(0, -1) });
  return [`${toJamo(chars.join('') + kept)} ${parts.final.slice(-1)}`];
}

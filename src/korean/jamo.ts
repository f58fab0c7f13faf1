// Jamo decomposition: a half-typed query ("너의 의ㅁ", "아이ㅇ") is a prefix of the full text's jamo.
import { charToJamo } from './hangul';

/** Every syllable and compound jamo split into the keys typed for it; other characters kept. */
export function toJamo(s: string): string {
  let out = '';
  for (const ch of s) out += charToJamo(ch);
  return out;
}

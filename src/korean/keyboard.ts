// Korean typed on an English keyboard (2-set Dubeolsik): "dkdldb" -> 아이유.
import { convertHangulToQwerty, convertQwertyToHangul } from 'es-hangul';
import { isCompatJamo, isSyllable } from './hangul';

/** The Hangul that these keys type, or undefined when they do not assemble (es-hangul throws on some sequences). */
export function qwertyToHangul(s: string): string | undefined {
  try {
    return convertQwertyToHangul(s);
  } catch {
    return undefined;
  }
}

export function hangulToQwerty(s: string): string {
  return convertHangulToQwerty(s);
}

/**
 * Whether Latin text is probably Korean typed with the wrong input mode. Korean key sequences always turn into
 * whole syllables; English words almost never do (bare vowels/consonants are left over: "bts" -> ㅠㅅㄴ).
 * One bare jamo is allowed at the very end (a syllable being typed).
 */
export function looksLikeQwertyHangul(s: string): boolean {
  const text = s.trim();
  if (!/^[a-zA-Z ]+$/.test(text) || text.replace(/ /g, '').length < 2) return false;
  const typed = qwertyToHangul(text);
  if (!typed) return false;
  const converted = [...typed.replace(/ /g, '')];
  const syllables = converted.filter(isSyllable).length;
  const bare = converted.map((ch, i) => (isCompatJamo(ch) ? i : -1)).filter((i) => i >= 0);
  if (!syllables) return false;
  if (bare.length > 1 || (bare.length === 1 && bare[0] !== converted.length - 1)) return false;
  return true;
}

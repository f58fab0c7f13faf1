// Korean typed on an English keyboard (2-set Dubeolsik): "dkdldb" -> 아이유.
import { convertHangulToQwerty, convertQwertyToHangul } from 'es-hangul';
import { isCompatConsonant, isSyllable, syllableParts } from './hangul';

/** The Hangul that these keys type (shift matters: "T" is ㅆ), or undefined when es-hangul cannot assemble them. */
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

/** Caps Lock turns every key upper-case, which would read as shift (ㅆ, ㄲ...); an all-capitals string is folded back. */
export function foldCapsLock(keys: string): string {
  return keys === keys.toUpperCase() ? keys.toLowerCase() : keys;
}

const MIN_LETTERS = 3;
// Words that convert into whole syllables ("when" -> 조두) yet are obviously English.
const COMMON_ENGLISH = new Set(
  ('a an the and or of to in on at by for from with without up down out off over under into onto about after before ' +
    'i me my you your he she it we us our they them this that these those who what when where why how which ' +
    'is am are was were be been do does did done go goes going gone have has had get got can cant will would should ' +
    'rock pop jazz soul rap hip hop not no yes oh ah hey love world day night down town girl girls boy boys baby spark rhapsody when whom ' +
    'home wish dream dance heart shape thank sorry money honey party light night time again').split(' '),
);

const ENGLISH_VOWELS = /[aeiouy]/;
const CONSONANT_RUN = /[^aeiouy\s]+/g;
// Korean vowels typed with keys that are vowels in English (ㅑ=i, ㅐ=o, ㅕ=u, ㅛ=y); Korean text uses them sparingly.
const ENGLISH_VOWEL_KEYS = /[iouy]/gi;
const KOREAN_VOWEL_KEYS = /[hjklbnmpiouyOP]/g;
// Finals and onsets that English letter clusters produce but Korean words rarely use (솓, 뭏, 얖, 햐, 냐).
const RARE_FINALS = new Set(['ㄷ', 'ㅌ', 'ㅍ', 'ㅋ', 'ㅎ', 'ㄹㅎ', 'ㄹㅌ', 'ㄹㅍ', 'ㄹㅅ', 'ㄱㅅ', 'ㄴㅈ']);

/** English-like: each word has a vowel letter and no run of more than three consonant letters. */
function isPronounceable(letters: string): boolean {
  return letters.split(' ').every((w) => ENGLISH_VOWELS.test(w) && Math.max(...(w.match(CONSONANT_RUN) ?? ['']).map((r) => r.length)) <= 3);
}

function isRareSyllable(ch: string): boolean {
  const { initial, medial, final } = syllableParts(ch);
  return RARE_FINALS.has(final) || (medial === 'ㅑ' && initial !== 'ㅇ');
}

/** Whole syllables only, except one consonant still being typed at the very end ("아이ㄸ"). */
function isWellFormedHangul(chars: string[]): boolean {
  const body = isCompatConsonant(chars[chars.length - 1] ?? '') ? chars.slice(0, -1) : chars;
  return body.length > 0 && body.every(isSyllable);
}

function readsAsEnglish(keys: string, chars: string[]): boolean {
  const letters = keys.toLowerCase();
  if (letters.split(' ').every((w) => COMMON_ENGLISH.has(w))) return true;
  if (!isPronounceable(letters)) return false;
  const vowelKeys = (keys.match(KOREAN_VOWEL_KEYS) ?? []).length;
  const englishVowelKeys = (keys.match(ENGLISH_VOWEL_KEYS) ?? []).length;
  const endsBare = !isSyllable(chars[chars.length - 1]);
  return englishVowelKeys * 2 > vowelKeys || endsBare || chars.filter(isSyllable).some(isRareSyllable);
}

/**
 * The Hangul meant by Latin text that is probably Korean typed in English mode, else undefined: its keys assemble
 * into whole syllables (a trailing consonant may still be in progress) and it does not read as English.
 * "dkdldb" -> 아이유, "DKDLDB" (Caps Lock) -> 아이유; "growl", "rock", "when", "bts" -> undefined.
 */
export function hangulTypedInEnglishMode(s: string): string | undefined {
  const keys = foldCapsLock(s.trim().replace(/\s+/g, ' '));
  if (!/^[a-zA-Z ]+$/.test(keys) || keys.replace(/ /g, '').length < MIN_LETTERS) return undefined;
  const typed = qwertyToHangul(keys);
  if (!typed) return undefined;
  const chars = [...typed.replace(/ /g, '')];
  return isWellFormedHangul(chars) && !readsAsEnglish(keys, chars) ? typed : undefined;
}

export function looksLikeQwertyHangul(s: string): boolean {
  return hangulTypedInEnglishMode(s) !== undefined;
}

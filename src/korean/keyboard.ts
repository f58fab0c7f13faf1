// The 2-set (Dubeolsik) keyboard both ways: Korean typed in English mode ("dkdldb" -> 아이유) and English typed in
// Korean mode ("ㅠㅕㅅㅅㄷㄱ" -> butter), plus the heuristics that guess which one a person meant.
import {
  canBeJongseong,
  combineCharacter,
  combineVowels,
  convertHangulToQwerty,
  convertQwertyToAlphabet,
} from 'es-hangul';
import { isCompatConsonant, isCompatJamo, isSyllable, syllableParts } from './hangul';

interface Composing {
  initial: string;
  medial: string;
  final: string;
}
const EMPTY: Composing = { initial: '', medial: '', final: '' };
const isVowelJamo = (ch: string) => isCompatJamo(ch) && !isCompatConsonant(ch);
// ㅗ+ㅏ -> ㅘ; es-hangul returns the two unchanged when they do not combine
const combinesWith = (medial: string, vowel: string) =>
  medial.length === 1 && combineVowels(medial, vowel).length === 1;

function render(s: Composing): string {
  if (s.initial && s.medial) return combineCharacter(s.initial, s.medial, s.final);
  if (s.medial) return s.medial.length === 2 ? combineVowels(s.medial[0], s.medial[1]) : s.medial;
  return s.initial;
}

/**
 * What a 2-set IME shows for a sequence of jamo keys, the way es-hangul's assemble composes them but total: keys it
 * would reject (a compound vowel with no initial, then a consonant: "how" = ㅗㅐㅈ) come out as lone jamo.
 */
function composeKeys(jamo: string): string {
  let out = '';
  let cur: Composing = { ...EMPTY };
  const flush = (next: Composing = EMPTY) => {
    out += render(cur);
    cur = { ...next };
  };
  for (const key of jamo) {
    if (isCompatConsonant(key)) {
      if (cur.initial && cur.medial && !cur.final && canBeJongseong(key)) cur.final = key;
      else if (cur.final && canBeJongseong(cur.final + key)) cur.final += key;
      else flush({ ...EMPTY, initial: key });
    } else if (isVowelJamo(key)) {
      // a final followed by a vowel moves to the next syllable (only the last key of a compound final does)
      if (cur.final) {
        const moved = cur.final.slice(-1);
        cur.final = cur.final.slice(0, -1);
        flush({ initial: moved, medial: key, final: '' });
      } else if (!cur.medial) cur.medial = key;
      else if (combinesWith(cur.medial, key)) cur.medial += key;
      else flush({ ...EMPTY, medial: key });
    } else {
      flush();
      out += key;
    }
  }
  flush();
  return out;
}

/** The Hangul that these keys type, as the screen shows it (shift matters: "T" is ㅆ); a half-typed syllable stays. Never throws. */
export function qwertyToHangul(keys: string): string {
  return composeKeys(convertQwertyToAlphabet(keys));
}

/** The keys that type this Hangul, IME-composed syllables included ("딮" -> "elv", "진짜" -> "wlsWk"); other characters unchanged. */
export function hangulToQwerty(text: string): string {
  return convertHangulToQwerty(text);
}

/** Caps Lock turns every key upper-case, which would read as shift (ㅆ, ㄲ...); an all-capitals string is folded back. */
export function foldCapsLock(keys: string): string {
  return keys === keys.toUpperCase() ? keys.toLowerCase() : keys;
}

const MIN_LETTERS = 3;
// Words that convert into whole syllables ("when" -> 조두) yet are obviously English.
const COMMON_ENGLISH = new Set(
  (
    'a an the and or of to in on at by for from with without up down out off over under into onto about after before ' +
    'i me my you your he she it we us our they them this that these those who what when where why how which ' +
    'is am are was were be been do does did done go goes going gone have has had get got can cant will would should ' +
    'rock pop jazz soul rap hip hop not no yes oh ah hey love world day night down town girl girls boy boys baby spark rhapsody when whom ' +
    'home wish dream dance heart shape thank sorry money honey party light night time again'
  ).split(' '),
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
  return letters.split(' ').every((w) => isPronounceableWord(w));
}

function isPronounceableWord(word: string, maxRun = 3): boolean {
  return ENGLISH_VOWELS.test(word) && Math.max(...(word.match(CONSONANT_RUN) ?? ['']).map((r) => r.length)) <= maxRun;
}

// letters of a vowel-less word that still reads as English beside pronounceable words ("mr", "sg", "dj", "bts")
const MAX_ABBREVIATION_LETTERS = 4;

/**
 * Letters that read as English words: one word at least is pronounceable (a consonant run of four allowed, as in
 * "wildflower"), and every other word is pronounceable, a short abbreviation ("butter mr", "sg wannabe") or, last,
 * a word still being typed ("gangnam st").
 */
function readsAsEnglishWords(letters: string, maxRun = 4): boolean {
  const words = letters.split(' ');
  const pronounceable = (w: string) => isPronounceableWord(w, maxRun);
  return words.some(pronounceable) && words.every((w) => pronounceable(w) || w.length <= MAX_ABBREVIATION_LETTERS);
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
  if (isCommonEnglish(letters)) return true;
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
  const chars = [...typed.replace(/ /g, '')];
  return isWellFormedHangul(chars) && !readsAsEnglish(keys, chars) ? typed : undefined;
}

/**
 * The Hangul any Latin keys spell on the 2-set keyboard when they assemble into whole syllables only, whether or not
 * the text reads as English ("ql" -> 비, "sj" -> 너, "quf" -> 별, "rock" -> 개차); undefined otherwise. Search keeps
 * it as a weaker reading beside the input as typed: a short Korean title typed whole in English mode is too short
 * (or too English-looking) for hangulTypedInEnglishMode to be sure of, yet must not find nothing.
 */
export function hangulOfAnyKeys(s: string): string | undefined {
  const keys = foldCapsLock(s.trim().replace(/\s+/g, ' '));
  if (!/^[a-zA-Z ]+$/.test(keys) || keys.replace(/ /g, '').length < 2) return undefined;
  const typed = qwertyToHangul(keys);
  return [...typed.replace(/ /g, '')].every(isSyllable) ? typed : undefined;
}

// Runs of one vowel are Korean emoticons (ㅠㅠ, ㅜㅜ, ㅡㅡ), not English typed in the wrong mode.
const VOWEL_EMOTICON = /^([ㅠㅜㅡㅗ])\1*$/;
const MAX_ACRONYM_LETTERS = 5;

/** Hangul no one types on purpose: a lone vowel, or a lone jamo followed by a syllable in the same word (ㅍ딮). */
function isImplausibleKoreanWord(word: string): boolean {
  if (VOWEL_EMOTICON.test(word)) return false;
  const chars = [...word];
  return chars.some((ch, i) => isVowelJamo(ch) || (isCompatConsonant(ch) && chars.slice(i + 1).some(isSyllable)));
}

// ㅑ after these onsets is everyday Korean (뭐냐, 샤이니, 그랴, 쟈켓, 향기), unlike 캬, 댜, 뱌 that "zico", "eight" compose
const COMMON_YA = new Set(['ㅇ', 'ㄴ', 'ㅅ', 'ㄹ', 'ㅈ', 'ㅎ']);
const isStrangeSyllable = (ch: string) => {
  const { initial, medial, final } = syllableParts(ch);
  return final === 'ㅋ' || (medial === 'ㅑ' && !COMMON_YA.has(initial));
};

/**
 * Hangul a person typing Korean rarely produces, though it composes: a syllable English letters make and Korean
 * hardly uses (캬, 댜 from "zico", "eight"), two syllables with finals English clusters make (the finals alone are
 * common: 깊, 끝, 좋, 믿), or two bare consonants after a syllable in one word (볃둧ㅁㄱㅇ = "queencard"; a
 * half-typed Korean word ends in one).
 */
function isUnusualKoreanWord(word: string): boolean {
  const chars = [...word];
  const syllables = chars.filter(isSyllable);
  if (
    syllables.some(isStrangeSyllable) ||
    syllables.filter((ch) => RARE_FINALS.has(syllableParts(ch).final)).length >= 2
  )
    return true;
  const firstBare = chars.findIndex((ch) => !isSyllable(ch));
  return firstBare > 0 && chars.length - firstBare >= 2 && chars.slice(firstBare).every(isCompatConsonant);
}

const isCommonEnglish = (letters: string) => letters.split(' ').every((w) => COMMON_ENGLISH.has(w));

/**
 * The English letters meant by Hangul that is probably English typed with the keyboard in Korean mode, else
 * undefined. Either some word is Hangul no one types on purpose (lone vowels, jamo then syllable) and the letters
 * read as English words or as one short acronym typed as bare jamo, or the letters are common English words.
 * "ㅠㅕㅅㅅㄷㄱ" -> butter, "ㄱㄷㅇ ㅍ딮ㄷㅅ" -> red velvet, "조두" -> when; "사랑해", "ㄴㅇㅇㅁ", "ㅠㅠ" -> undefined.
 */
export function englishTypedInKoreanMode(text: string): string | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length || !words.every((w) => [...w].every((ch) => isSyllable(ch) || isCompatJamo(ch)))) return undefined;
  const letters = hangulToQwerty(words.join(' ')).toLowerCase();
  const letterCount = letters.replace(/ /g, '').length;
  if (letterCount < 2) return undefined;
  // whole syllables can spell English too ("when" = 조두); common words are trusted from three letters on
  if (letterCount >= MIN_LETTERS && isCommonEnglish(letters)) return letters;
  const acronym = words.length === 1 && letters.length <= MAX_ACRONYM_LETTERS && ![...words[0]].some(isSyllable);
  // (letters that are pronounceable word by word always read as English words)
  if (words.some(isImplausibleKoreanWord)) return acronym || readsAsEnglishWords(letters) ? letters : undefined;
  // Hangul that composes but is unusual needs letters that read as English on their own
  if (letterCount >= MIN_LETTERS && words.some(isUnusualKoreanWord) && readsAsEnglishWords(letters, 3)) return letters;
  return undefined;
}

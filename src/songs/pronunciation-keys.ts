// Pronunciation keys, so people find Latin titles and artists by how they say them in Hangul ("버터" -> Butter,
// "하입 보이" / "하이프 보이" -> Hype Boy). Both sides become a coarse sound skeleton: consonant classes the way Korean
// loanwords merge them (p/f/b -> b, t/d -> d, k/g -> g, r/l -> l, s/sh/th -> s), vowels in six classes, glides, ㅡ
// and silent ㅇ dropped, repeats collapsed. Latin words are read with the CMU pronouncing dictionary, or by letter
// rules when absent (ŋ is written q: keys are lower-case like the index). Two keys are kept per name: with vowels (precise) and consonants only (tolerant).
import fs from 'node:fs';
import path from 'node:path';
import { compactText, joinedSuffixes, normalizeText } from '../korean';
import { isSyllable, syllableParts } from '../korean/hangul';

let cmu: Record<string, string> | undefined;
/** The CMU dictionary, parsed once on first use (the package is an ES module holding one JSON object literal). */
function cmuDictionary(): Record<string, string> {
  if (!cmu) {
    const file = path.join(path.dirname(require.resolve('cmu-pronouncing-dictionary')), 'index.js');
    const source = fs.readFileSync(file, 'utf8');
    cmu = JSON.parse(source.slice(source.indexOf('= {') + 2)) as Record<string, string>;
  }
  return cmu;
}

const ARPABET: Record<string, string> = {
  B: 'b', CH: 'j', D: 'd', DH: 'd', F: 'b', G: 'g', HH: 'h', JH: 'j', K: 'g', L: 'l', M: 'm', N: 'n', NG: 'q', P: 'b',
  S: 's', SH: 's', T: 'd', TH: 's', V: 'b', W: '', Y: '', Z: 'j', ZH: 'j',
  AA: 'a', AE: 'e', AH: 'ə', AO: 'o', AW: 'au', AY: 'ai', EH: 'e', ER: 'ə', EY: 'ei', IH: 'i', IY: 'i', OW: 'o', OY: 'oi', UH: 'u', UW: 'u',
};
const VOWEL = /[aeiouə]/;

function fromArpabet(phones: string): string {
  const ps = phones.split(' ').map((p) => p.replace(/\d/g, ''));
  let out = '';
  ps.forEach((p, i) => {
    // Korean drops a post-vocalic r ("butter" 버터) and writes "fear" as 피어
    if (p === 'S' && (ps[i - 1] === 'T' || ps[i - 1] === 'D')) return; // "ts" is written ㅊ/ㅈ (미니츠)
    if ((p === 'T' || p === 'D') && ps[i + 1] === 'S') out += 'j';
    else if (p === 'R') out += VOWEL.test(ARPABET[ps[i + 1]] ?? '') ? 'l' : i > 0 && VOWEL.test(ARPABET[ps[i - 1]] ?? '') && ps[i - 1] !== 'ER' ? 'ə' : '';
    else out += ARPABET[p] ?? '';
  });
  return out;
}

const LETTER_RULES: Array<[RegExp, string]> = [
  [/e$/, ''], [/ph/g, 'b'], [/th/g, 's'], [/sh/g, 's'], [/ch/g, 'j'], [/ck/g, 'g'], [/ng/g, 'q'], [/c(?=[eiy])/g, 's'], [/g(?=[eiy])/g, 'j'], [/x/g, 'gs'], [/q/g, 'g'],
  [/[cgk]/g, 'g'], [/[ptfvb]/g, (m: string) => (m === 't' ? 'd' : 'b')] as unknown as [RegExp, string], [/z/g, 'j'], [/[wh](?![aeiou])/g, ''], [/r(?![aeiou])/g, ''], [/r/g, 'l'], [/y/g, 'i'], [/u/g, 'ə'],
];

/** A Latin word the dictionary lacks, read letter by letter. */
function fromLetters(word: string): string {
  let s = word.replace(/[^a-z]/g, '');
  for (const [re, to] of LETTER_RULES) s = s.replace(re, to as string);
  return s;
}

const INITIAL: Record<string, string> = { 'ㄱ': 'g', 'ㅋ': 'g', 'ㄲ': 'g', 'ㄷ': 'd', 'ㅌ': 'd', 'ㄸ': 'd', 'ㅂ': 'b', 'ㅍ': 'b', 'ㅃ': 'b', 'ㅅ': 's', 'ㅆ': 's', 'ㅈ': 'j', 'ㅊ': 'j', 'ㅉ': 'j', 'ㄴ': 'n', 'ㄹ': 'l', 'ㅁ': 'm', 'ㅎ': 'h', 'ㅇ': '' };
const MEDIAL: Record<string, string> = {
  'ㅏ': 'a', 'ㅑ': 'a', 'ㅐ': 'e', 'ㅒ': 'e', 'ㅓ': 'ə', 'ㅕ': 'ə', 'ㅔ': 'e', 'ㅖ': 'e', 'ㅗ': 'o', 'ㅛ': 'o', 'ㅜ': 'u', 'ㅠ': 'u', 'ㅡ': '', 'ㅣ': 'i',
  'ㅗㅏ': 'a', 'ㅗㅐ': 'e', 'ㅗㅣ': 'e', 'ㅜㅓ': 'ə', 'ㅜㅔ': 'e', 'ㅜㅣ': 'i', 'ㅡㅣ': 'i',
};
const FINAL: Record<string, string> = { 'ㄱ': 'g', 'ㅋ': 'g', 'ㄲ': 'g', 'ㄴ': 'n', 'ㄷ': 'd', 'ㅅ': 'd', 'ㅆ': 'd', 'ㅈ': 'd', 'ㅊ': 'd', 'ㅌ': 'd', 'ㄹ': 'l', 'ㅁ': 'm', 'ㅂ': 'b', 'ㅍ': 'b', 'ㅇ': 'q', 'ㅎ': '' };

/** The sound skeleton of Hangul as typed; bare jamo count as their consonant, other characters are dropped. */
function fromHangul(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isSyllable(ch)) {
      const p = syllableParts(ch);
      out += (INITIAL[p.initial] ?? '') + (MEDIAL[p.medial] ?? '') + (p.final ? FINAL[p.final] ?? FINAL[p.final.slice(-1)] ?? '' : '');
    } else if (INITIAL[ch] !== undefined) out += INITIAL[ch];
  }
  return out;
}

/** Repeats collapsed and "ou" read as "o" (오/오우), so spellings that differ only there share a key. */
function tidy(skeleton: string): string {
  return skeleton.replace(/ou/g, 'o').replace(/(.)\1+/g, '$1');
}

const consonantsOnly = (key: string) => key.replace(/[aeiouə]/g, '');

/** The query side: the two keys of Hangul as typed ('' when it has no Hangul letters). */
export function pronunciationKeyOf(hangul: string): string {
  return tidy(fromHangul(compactText(hangul)));
}
export function pronunciationConsonantKeyOf(hangul: string): string {
  return consonantsOnly(pronunciationKeyOf(hangul));
}

const LATIN_WORD = /[a-z]/;
const NUMBER_WORDS = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(' ');
/** Small numbers as people read them in English titles ("10 Minutes" -> 텐 미니츠). */
const readNumber = (w: string) => (/^\d+$/.test(w) && Number(w) <= 20 ? NUMBER_WORDS[Number(w)] : w);
const wordCache = new Map<string, string>();
function latinWordKey(word: string): string {
  let key = wordCache.get(word);
  if (key === undefined) {
    const phones = cmuDictionary()[word];
    key = phones ? fromArpabet(phones) : fromLetters(word);
    if (wordCache.size > 100_000) wordCache.clear();
    wordCache.set(word, key);
  }
  return key;
}

/** The index side: keys from each word on for a name with Latin words ("How You Like That" -> 하우유라이크댓's, ...). */
export function pronunciationKeysOf(name: string): string[] {
  const words = normalizeText(name).split(/[\s\-.,!?&/]+/).map((w) => w.replace(/[^a-z0-9\uac00-\ud7a3']/g, '')).filter(Boolean).slice(0, 8);
  if (!words.some((w) => LATIN_WORD.test(w))) return [];
  const read = words.map(readNumber);
  const perWord = read.map((w) => (LATIN_WORD.test(w) ? latinWordKey(w.replace(/'/g, '')) : fromHangul(w)));
  const withVowels = joinedSuffixes(perWord).map(tidy);
  return [...new Set([...withVowels, ...withVowels.map(consonantsOnly)].filter((k) => k.length >= 2))];
}

// Hangul readings of English and other Latin titles ("Butter" -> 버터, "Hype Boy" -> 하이프 보이), generated at index
// time: the CMU pronouncing dictionary gives ARPAbet, and our loanword rules (after 외래어 표기법, the national
// rules for writing foreign words) turn it into Hangul; words it lacks get their sounds from spelling rules.
import { readFileSync } from 'node:fs';
import { composeSyllable, isSyllable, syllableParts } from './hangul';
import { compactText, joinedSuffixes } from './normalize';

export type PronouncingDictionary = ReadonlyMap<string, string[]>;

let cmuDictionary: PronouncingDictionary | undefined;

/**
 * The CMU dictionary (135k words, ARPAbet), parsed on first use and kept: it is 4.7 MB, so loading it costs a second
 * or so and only indexing needs it. The package ships one ES module holding a JSON object literal.
 */
export function loadCmuDictionary(): PronouncingDictionary {
  if (cmuDictionary) return cmuDictionary;
  const source = readFileSync(require.resolve('cmu-pronouncing-dictionary/index.js'), 'utf8');
  const entries = JSON.parse(source.slice(source.indexOf('= {') + 2, source.lastIndexOf('}') + 1)) as Record<
    string,
    string
  >;
  const byWord = new Map<string, string[]>();
  for (const [key, phones] of Object.entries(entries)) {
    const word = key.replace(/\(\d+\)$/, '');
    byWord.set(word, [...(byWord.get(word) ?? []), phones]);
  }
  cmuDictionary = byWord;
  return byWord;
}

// ---- ARPAbet -> Hangul -------------------------------------------------------------------------------------------

const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);
// vowels after which a word-final voiceless stop becomes a final consonant (cat 캣, book 북, pop 팝)
const SHORT_VOWELS = new Set(['AE', 'AH', 'EH', 'IH', 'UH', 'AA', 'AO']);
// each vowel as one or more medials; diphthongs are written as two syllables (AY 아이), except OW (오)
const VOWEL_MEDIALS: Record<string, string[]> = {
  AA: ['ㅏ'],
  AE: ['ㅐ'],
  AH: ['ㅓ'],
  AO: ['ㅗ'],
  AW: ['ㅏ', 'ㅜ'],
  AY: ['ㅏ', 'ㅣ'],
  EH: ['ㅔ'],
  ER: ['ㅓ'],
  EY: ['ㅔ', 'ㅣ'],
  IH: ['ㅣ'],
  IY: ['ㅣ'],
  OW: ['ㅗ'],
  OY: ['ㅗ', 'ㅣ'],
  UH: ['ㅜ'],
  UW: ['ㅜ'],
};
// the first medial after a W or Y glide (want 원트, wag 왜그, you 유, yeah 얘)
const W_GLIDE: Record<string, string> = {
  ㅏ: 'ㅜㅓ',
  ㅐ: 'ㅗㅐ',
  ㅓ: 'ㅜㅓ',
  ㅗ: 'ㅜㅓ',
  ㅔ: 'ㅜㅔ',
  ㅣ: 'ㅜㅣ',
  ㅜ: 'ㅜ',
};
// AY and AW after W are 와 (white 와이트, twice 트와이스), unlike AA (want 원트)
const W_DIPHTHONG = new Set(['AY', 'AW']);
const Y_GLIDE: Record<string, string> = { ㅏ: 'ㅑ', ㅐ: 'ㅒ', ㅓ: 'ㅕ', ㅗ: 'ㅛ', ㅔ: 'ㅖ', ㅣ: 'ㅣ', ㅜ: 'ㅠ' };
const ONSETS: Record<string, string> = {
  B: 'ㅂ',
  CH: 'ㅊ',
  D: 'ㄷ',
  DH: 'ㄷ',
  F: 'ㅍ',
  G: 'ㄱ',
  HH: 'ㅎ',
  JH: 'ㅈ',
  K: 'ㅋ',
  L: 'ㄹ',
  M: 'ㅁ',
  N: 'ㄴ',
  NG: 'ㅇ',
  P: 'ㅍ',
  R: 'ㄹ',
  S: 'ㅅ',
  SH: 'ㅅ',
  T: 'ㅌ',
  TH: 'ㅅ',
  V: 'ㅂ',
  Z: 'ㅈ',
  ZH: 'ㅈ',
};
const STOP_FINALS: Record<string, string> = { P: 'ㅂ', T: 'ㅅ', K: 'ㄱ', B: 'ㅂ', D: 'ㅅ', G: 'ㄱ' };
const NASAL_FINALS: Record<string, string> = { M: 'ㅁ', N: 'ㄴ', NG: 'ㅇ' };
// a consonant with no vowel after it gets ㅡ, except these (SH at the end 시, CH 치, JH 지, ZH 지)
const LONE_VOWEL: Record<string, string> = { SH: 'ㅣ', CH: 'ㅣ', JH: 'ㅣ', ZH: 'ㅣ' };
// consonants that join a following W into one syllable (queen 퀸, quiz 퀴즈); others stay apart (twice 트와이스)
const JOINS_W = new Set(['K', 'G', 'HH']);

interface Syllable {
  initial: string;
  medial: string;
  final: string;
}

export interface HangulStyle {
  /** write a word-final stop after any vowel as a final consonant, as people often do (hype 하입, not 하이프) */
  finalStops?: boolean;
  /** the medial for each vowel of the word by position, overriding the sound's (schwas written as spelled: velvet 벨벳) */
  vowelOverrides?: ReadonlyArray<string | undefined>;
}

/** ARPAbet ("B AH1 T ER0") -> Hangul (버터), following the loanword rules for English. */
export function arpabetToHangul(arpabet: string, style: HangulStyle = {}): string {
  const phones = arpabet
    .trim()
    .split(/\s+/)
    .map((p) => p.replace(/\d$/, ''))
    .filter((p) => p in ONSETS || VOWELS.has(p) || p === 'W' || p === 'Y');
  const out: Syllable[] = [];
  let vowelIndex = 0;
  let onset = '';
  let glide = '';
  const last = () => out[out.length - 1];
  const open = (initial: string, medial: string) => out.push({ initial, medial, final: '' });
  const isVowelAt = (i: number) => VOWELS.has(phones[i] ?? '');
  // a vowel, possibly after a W/Y glide, comes next
  const vowelFollows = (i: number) =>
    isVowelAt(i + 1) || ((phones[i + 1] === 'W' || phones[i + 1] === 'Y') && isVowelAt(i + 2));

  for (let i = 0; i < phones.length; i++) {
    const p = phones[i];
    const prev = phones[i - 1] ?? '';
    if (VOWELS.has(p)) {
      const override = style.vowelOverrides?.[vowelIndex++];
      const medials = override ? [override] : VOWEL_MEDIALS[p];
      const wGlide = W_DIPHTHONG.has(p) ? 'ㅗㅏ' : W_GLIDE[medials[0]];
      const first = glide === 'W' ? wGlide : glide === 'Y' ? (Y_GLIDE[medials[0]] ?? medials[0]) : medials[0];
      open(onset || 'ㅇ', first);
      for (const m of medials.slice(1)) open('ㅇ', m);
      onset = '';
      glide = '';
      // ER before a vowel carries its R over: hero 히로, very 베리
      if (p === 'ER' && vowelFollows(i)) onset = 'ㄹ';
      continue;
    }
    if (p === 'W' || p === 'Y') {
      if (isVowelAt(i + 1)) {
        if (onset && !(p === 'Y' || JOINS_W.has(prev))) {
          open(onset, 'ㅡ');
          onset = '';
        }
        glide = p;
      } else open(onset || 'ㅇ', p === 'W' ? 'ㅜ' : 'ㅣ');
      continue;
    }
    if (onset) {
      open(onset, LONE_VOWEL[prev] ?? 'ㅡ');
      onset = '';
    }
    const before = last();
    const afterVowel = VOWELS.has(prev) && before !== undefined && !before.final;
    if (vowelFollows(i)) {
      // L between vowels or after a consonant doubles (hello 헬로, blue 블루); NG moves to the syllable before (singer 싱어)
      if (p === 'L' && before && !before.final && i > 0) before.final = 'ㄹ';
      if (p === 'NG' && before && !before.final) {
        before.final = 'ㅇ';
        continue;
      }
      if (p === 'SH' && !isVowelAt(i + 1)) {
        onset = 'ㅅ';
        continue;
      }
      onset = ONSETS[p];
      if (p === 'SH' && isVowelAt(i + 1)) glide = 'Y';
      continue;
    }
    // no vowel follows: a final consonant or a syllable of its own
    const next = phones[i + 1];
    if (NASAL_FINALS[p] && afterVowel) {
      before.final = NASAL_FINALS[p];
      continue;
    }
    if (p === 'L' && afterVowel) {
      before.final = 'ㄹ';
      continue;
    }
    if (p === 'R') continue;
    // T and D before S, Z at the end read as one sound: Keats 키츠, kids 키즈
    if ((p === 'T' || p === 'D') && (next === 'S' || next === 'Z') && !vowelFollows(i + 1)) {
      open(p === 'T' ? 'ㅊ' : 'ㅈ', 'ㅡ');
      i++;
      continue;
    }
    const stopFinal = STOP_FINALS[p];
    const voiceless = p === 'P' || p === 'T' || p === 'K';
    const beforeObstruent = next !== undefined && !['L', 'R', 'M', 'N', 'W', 'Y'].includes(next);
    if (
      stopFinal &&
      afterVowel &&
      ((voiceless && SHORT_VOWELS.has(prev) && (next === undefined || beforeObstruent)) ||
        (style.finalStops && next === undefined))
    ) {
      before.final = stopFinal;
      continue;
    }
    if (p === 'SH' && next !== undefined) {
      open('ㅅ', 'ㅠ');
      continue;
    }
    open(ONSETS[p] ?? 'ㅇ', LONE_VOWEL[p] ?? 'ㅡ');
  }
  if (onset) open(onset, 'ㅡ');
  return out.map((s) => composeSyllable(s)).join('');
}

// ---- spelling -> ARPAbet, for words the dictionary lacks --------------------------------------------------------

// Longest spellings first; a rough English reading, enough for names and coinages (aespa, lalisa, antifragile).
const SPELLING_SOUNDS: Array<[string, string]> = [
  ['tion', 'SH AH N'],
  ['sion', 'ZH AH N'],
  ['igh', 'AY'],
  ['tch', 'CH'],
  ['dge', 'JH'],
  ['sch', 'S K'],
  ['ch', 'CH'],
  ['sh', 'SH'],
  ['th', 'TH'],
  ['ph', 'F'],
  ['ck', 'K'],
  ['ng', 'NG'],
  ['qu', 'K W'],
  ['wh', 'W'],
  ['gh', 'G'],
  ['ae', 'EH'],
  ['ee', 'IY'],
  ['ea', 'IY'],
  ['oo', 'UW'],
  ['ou', 'AW'],
  ['ow', 'OW'],
  ['oa', 'OW'],
  ['ai', 'EY'],
  ['ay', 'EY'],
  ['ey', 'EY'],
  ['oi', 'OY'],
  ['oy', 'OY'],
  ['au', 'AO'],
  ['aw', 'AO'],
  ['ie', 'IY'],
  ['ue', 'UW'],
  ['ui', 'UW'],
  ['a', 'AA'],
  ['e', 'EH'],
  ['i', 'IH'],
  ['o', 'OW'],
  ['u', 'UH'],
  ['y', 'IY'],
  ['b', 'B'],
  ['c', 'K'],
  ['d', 'D'],
  ['f', 'F'],
  ['g', 'G'],
  ['h', 'HH'],
  ['j', 'JH'],
  ['k', 'K'],
  ['l', 'L'],
  ['m', 'M'],
  ['n', 'N'],
  ['p', 'P'],
  ['q', 'K'],
  ['r', 'R'],
  ['s', 'S'],
  ['t', 'T'],
  ['v', 'V'],
  ['w', 'W'],
  ['x', 'K S'],
  ['z', 'Z'],
];

/** A rough ARPAbet reading of a word from its spelling: "lalisa" -> L AA L IH S AA; a silent final e is dropped. */
export function spellingToArpabet(word: string): string {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length > 3 && /[^aeiou]e$/.test(w) && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
  const phones: string[] = [];
  for (let i = 0; i < w.length;) {
    const [spelling, sounds] = SPELLING_SOUNDS.find(([s]) => w.startsWith(s, i))!;
    // doubled consonants are one sound (ditto), y starting a word is a glide (yes)
    if (!(i > 0 && w[i - 1] === w[i] && !/[aeiou]/.test(w[i]))) phones.push(i === 0 && spelling === 'y' ? 'Y' : sounds);
    i += spelling.length;
  }
  return phones.join(' ');
}

// ---- readings of whole titles -----------------------------------------------------------------------------------

const MAX_READINGS = 3;
const MAX_WORDS = 12;
const MAX_ACRONYM_LETTERS = 4;
const LETTER_NAMES: Record<string, string> = {
  a: '에이',
  b: '비',
  c: '씨',
  d: '디',
  e: '이',
  f: '에프',
  g: '지',
  h: '에이치',
  i: '아이',
  j: '제이',
  k: '케이',
  l: '엘',
  m: '엠',
  n: '엔',
  o: '오',
  p: '피',
  q: '큐',
  r: '알',
  s: '에스',
  t: '티',
  u: '유',
  v: '브이',
  w: '더블유',
  x: '엑스',
  y: '와이',
  z: '지',
};
// how an unstressed schwa is written when spelled with this one letter (dynamite 다이나마이트, idol 아이돌, drama 드라마)
const SCHWA_BY_LETTER: Record<string, string> = { a: 'ㅏ', e: 'ㅔ', i: 'ㅣ', o: 'ㅗ', u: 'ㅓ', y: 'ㅣ' };
const MIN_ALIGNED_LETTERS = 4;
const MIN_COMPOUND_PART = 4;

/** The word's vowel letter groups, a silent final e dropped and y before a vowel read as a consonant: seven -> e, e. */
function vowelLetterGroups(word: string): string[] {
  const w = /[^aeiou]e$/.test(word) && /[aeiouy]/.test(word.slice(0, -2)) ? word.slice(0, -1) : word;
  return w.match(/[aeiou]+|y(?![aeiou])/g) ?? [];
}

/**
 * Medials for the vowels Koreans write as spelled rather than as said, when the word has as many vowel letter groups
 * as vowel sounds: unstressed schwas (velvet 벨벳, "-en" at the end 븐: seven 세븐) and an "o" said as AA (sorry
 * 소리, drop 드롭). Short words (the, a, of) keep the sound's vowel.
 */
function spelledVowels(word: string, arpabet: string): Array<string | undefined> | undefined {
  const vowels = arpabet.split(' ').filter((p) => VOWELS.has(p.replace(/\d$/, '')));
  const groups = vowelLetterGroups(word);
  // a consonant + "le" at the end is a vowel sound of its own, written 을 (little 리틀, whistle 휘슬, table 테이블)
  const syllabicLe =
    /[^aeiouy]le$/.test(word) && groups.length === vowels.length - 1 && vowels[vowels.length - 1] === 'AH0';
  if (syllabicLe) groups.push('le');
  if (word.length < MIN_ALIGNED_LETTERS || groups.length !== vowels.length) return undefined;
  const overrides = vowels.map((v, i) => {
    if (groups[i] === 'le') return 'ㅡ';
    if (groups[i].length !== 1) return undefined;
    if (v.startsWith('AA') && groups[i] === 'o') return 'ㅗ';
    if (v !== 'AH0') return undefined;
    if (i === groups.length - 1 && groups[i] === 'e' && /en$/.test(word)) return 'ㅡ';
    return SCHWA_BY_LETTER[groups[i]];
  });
  return overrides.some(Boolean) ? overrides : undefined;
}

/** A dictionary pronunciation, or one for a compound of two dictionary words (lovesick = love + sick), or the spelling's. */
function arpabetOf(word: string, dictionary: PronouncingDictionary): string {
  const known = dictionary.get(word) ?? dictionary.get(word.replace(/'/g, ''));
  if (known) return known[0];
  for (let cut = MIN_COMPOUND_PART; cut <= word.length - MIN_COMPOUND_PART; cut++) {
    const head = dictionary.get(word.slice(0, cut));
    const tail = dictionary.get(word.slice(cut));
    if (head && tail && cut >= MIN_COMPOUND_PART && word.length - cut >= MIN_COMPOUND_PART)
      return `${head[0]} ${tail[0]}`;
  }
  return spellingToArpabet(word);
}

// short title words Koreans write by their spelling, not by how they are said (Shape of You 셰이프 오브 유, Black & White
// 블랙 앤 화이트): their usual spelling is read first, the sound's after it
const USUAL_SPELLINGS: Readonly<Record<string, string>> = { of: '오브', and: '앤드' };

/** A word's Hangul readings, most usual first: schwas as spelled, then with final stops (하입), then by sound alone. */
function wordReadings(original: string, dictionary: PronouncingDictionary, capitalsMeanLetters: boolean): string[] {
  const usual = USUAL_SPELLINGS[original.toLowerCase()];
  const said = saidReadings(original, dictionary, capitalsMeanLetters);
  return usual ? [...new Set([usual, ...said])] : said;
}

function saidReadings(original: string, dictionary: PronouncingDictionary, capitalsMeanLetters: boolean): string[] {
  const word = original.toLowerCase();
  if (/^\d+$/.test(word)) return [word];
  const spelledOut = [...word].map((ch) => LETTER_NAMES[ch] ?? '').join('');
  // without a vowel letter a word is read letter by letter (BTS, NCT), and so are short unknown words (OMG, EXID)
  if (!/[aeiouy]/.test(word)) return [spelledOut];
  const unknown = !dictionary.has(word);
  const acronym =
    unknown &&
    (word.length <= 3 ||
      (capitalsMeanLetters && original.length <= MAX_ACRONYM_LETTERS && original === original.toUpperCase()));
  const arpabet = arpabetOf(word, dictionary);
  const vowelOverrides = spelledVowels(word, arpabet);
  const readings = [
    arpabetToHangul(arpabet, { vowelOverrides }),
    arpabetToHangul(arpabet, { vowelOverrides, finalStops: true }),
    arpabetToHangul(arpabet),
  ];
  return [...new Set(acronym ? [spelledOut, ...readings] : readings)].filter(Boolean);
}

/**
 * Hangul readings of the Latin words in text, best first, words separated by spaces: "How You Like That" ->
 * ["하우 유 라이크 댓", ...]. Up to three variants (final stops written as finals: 하입; schwas by sound: 다이너마이트);
 * Hangul and other scripts are dropped; empty when there is no Latin word.
 */
export function pronounceLatin(text: string, dictionary: PronouncingDictionary = loadCmuDictionary()): string[] {
  const words = text
    .normalize('NFKC')
    .replace(/&/g, ' and ')
    .split(/[^A-Za-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => /[A-Za-z]/.test(w) || /^\d+$/.test(w))
    .slice(0, MAX_WORDS);
  if (!words.some((w) => /[A-Za-z]/.test(w))) return [];
  // in an all-capitals title capitals say nothing about acronyms
  const capitalsMeanLetters = /[a-z]/.test(words.join(''));
  const perWord = words.map((w) => wordReadings(w, dictionary, capitalsMeanLetters));
  const variants = Array.from({ length: MAX_READINGS }, (_, v) =>
    perWord.map((r) => r[Math.min(v, r.length - 1)]).join(' '),
  );
  return [...new Set(variants)];
}

// ---- sound keys: Latin names and their Hangul spellings meet -----------------------------------------------------
// Both sides become a coarse sound skeleton: consonant classes the way Korean loanwords merge them (p/f/b -> b,
// t/d -> d, k/g -> g, r/l -> l, s/sh/th -> s), vowels in six classes, glides, ㅡ and silent ㅇ dropped, repeats
// collapsed (ŋ is written q: keys are lower-case like the index). Latin words are read with the CMU dictionary, or
// by letter rules when absent; short all-capital words also by their letter names (APT -> 에이피티).

const ARPABET_SOUNDS: Record<string, string> = {
  B: 'b',
  CH: 'j',
  D: 'd',
  DH: 'd',
  F: 'b',
  G: 'g',
  HH: 'h',
  JH: 'j',
  K: 'g',
  L: 'l',
  M: 'm',
  N: 'n',
  NG: 'q',
  P: 'b',
  S: 's',
  SH: 's',
  T: 'd',
  TH: 's',
  V: 'b',
  W: '',
  Y: '',
  Z: 'j',
  ZH: 'j',
  AA: 'a',
  AE: 'e',
  AH: 'ə',
  AO: 'o',
  AW: 'au',
  AY: 'ai',
  EH: 'e',
  ER: 'ə',
  EY: 'ei',
  IH: 'i',
  IY: 'i',
  OW: 'o',
  OY: 'oi',
  UH: 'u',
  UW: 'u',
};
const SOUND_VOWEL = /[aeiouə]/;

function soundsOfArpabet(arpabet: string): string {
  const ps = arpabet.split(' ').map((p) => p.replace(/\d/g, ''));
  let out = '';
  ps.forEach((p, i) => {
    if (p === 'S' && (ps[i - 1] === 'T' || ps[i - 1] === 'D')) return; // "ts" is written ㅊ/ㅈ (미니츠)
    if ((p === 'T' || p === 'D') && ps[i + 1] === 'S') out += 'j';
    // Korean drops a post-vocalic r ("butter" 버터) and writes "fear" as 피어
    else if (p === 'R')
      out += SOUND_VOWEL.test(ARPABET_SOUNDS[ps[i + 1]] ?? '')
        ? 'l'
        : i > 0 && SOUND_VOWEL.test(ARPABET_SOUNDS[ps[i - 1]] ?? '') && ps[i - 1] !== 'ER'
          ? 'ə'
          : '';
    else out += ARPABET_SOUNDS[p] ?? '';
  });
  return out;
}

const LETTER_SOUNDS: Array<[RegExp, string | ((m: string) => string)]> = [
  [/e$/, ''],
  [/ph/g, 'b'],
  [/th/g, 's'],
  [/sh/g, 's'],
  [/ch/g, 'j'],
  [/ck/g, 'g'],
  [/ng/g, 'q'],
  [/c(?=[eiy])/g, 's'],
  [/g(?=[eiy])/g, 'j'],
  [/x/g, 'gs'],
  [/q/g, 'g'],
  [/[cgk]/g, 'g'],
  [/[ptfvb]/g, (m) => (m === 't' ? 'd' : 'b')],
  [/z/g, 'j'],
  [/[wh](?![aeiou])/g, ''],
  [/r(?![aeiou])/g, ''],
  [/r/g, 'l'],
  [/y/g, 'i'],
  [/u/g, 'ə'],
];

/** A Latin word the dictionary lacks, read letter by letter. */
function soundsOfSpelling(word: string): string {
  let s = word.replace(/[^a-z]/g, '');
  for (const [re, to] of LETTER_SOUNDS) s = s.replace(re, to as string);
  return s;
}

const INITIAL_SOUND: Record<string, string> = {
  ㄱ: 'g',
  ㅋ: 'g',
  ㄲ: 'g',
  ㄷ: 'd',
  ㅌ: 'd',
  ㄸ: 'd',
  ㅂ: 'b',
  ㅍ: 'b',
  ㅃ: 'b',
  ㅅ: 's',
  ㅆ: 's',
  ㅈ: 'j',
  ㅊ: 'j',
  ㅉ: 'j',
  ㄴ: 'n',
  ㄹ: 'l',
  ㅁ: 'm',
  ㅎ: 'h',
  ㅇ: '',
};
const MEDIAL_SOUND: Record<string, string> = {
  ㅏ: 'a',
  ㅑ: 'a',
  ㅐ: 'e',
  ㅒ: 'e',
  ㅓ: 'ə',
  ㅕ: 'ə',
  ㅔ: 'e',
  ㅖ: 'e',
  ㅗ: 'o',
  ㅛ: 'o',
  ㅜ: 'u',
  ㅠ: 'u',
  ㅡ: '',
  ㅣ: 'i',
  ㅗㅏ: 'a',
  ㅗㅐ: 'e',
  ㅗㅣ: 'e',
  ㅜㅓ: 'ə',
  ㅜㅔ: 'e',
  ㅜㅣ: 'i',
  ㅡㅣ: 'i',
};
const FINAL_SOUND: Record<string, string> = {
  ㄱ: 'g',
  ㅋ: 'g',
  ㄲ: 'g',
  ㄴ: 'n',
  ㄷ: 'd',
  ㅅ: 'd',
  ㅆ: 'd',
  ㅈ: 'd',
  ㅊ: 'd',
  ㅌ: 'd',
  ㄹ: 'l',
  ㅁ: 'm',
  ㅂ: 'b',
  ㅍ: 'b',
  ㅇ: 'q',
  ㅎ: '',
};

// English "wh" is written ㅎ + a w-vowel (whistle 휘슬, white 화이트, wheel 휠) though the dictionary says plain W,
// which the keys drop like every glide: an ㅎ before a w-vowel is left out too, so 휘슬 and 위슬 share WHISTLE's key
const W_VOWELS = new Set(['ㅗㅏ', 'ㅗㅐ', 'ㅗㅣ', 'ㅜㅓ', 'ㅜㅔ', 'ㅜㅣ']);

/** The sound skeleton of Hangul as typed; bare jamo count as their consonant, other characters are dropped. */
function soundsOfHangul(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isSyllable(ch)) {
      const p = syllableParts(ch);
      out +=
        (p.initial === 'ㅎ' && W_VOWELS.has(p.medial) ? '' : (INITIAL_SOUND[p.initial] ?? '')) +
        (MEDIAL_SOUND[p.medial] ?? '') +
        (p.final ? (FINAL_SOUND[p.final] ?? FINAL_SOUND[p.final.slice(-1)] ?? '') : '');
    } else if (INITIAL_SOUND[ch] !== undefined) out += INITIAL_SOUND[ch];
  }
  return out;
}

/** Repeats collapsed and "ou" read as "o" (오/오우), so spellings that differ only there share a key. */
const tidySounds = (skeleton: string) => skeleton.replace(/ou/g, 'o').replace(/(.)\1+/g, '$1');
/** A sound key without its vowels (the weaker, vowel-blind key). */
export const consonantsOnly = (key: string) => key.replace(/[aeiouə]/g, '').replace(/(.)\1+/g, '$1');

/** The query side: the sound key of Hangul as typed ('' when it has no Hangul letters): 하입 보이 and 하이프 보이 -> haiboi. */
export function pronunciationKey(hangul: string): string {
  return tidySounds(soundsOfHangul(compactText(hangul)));
}

/** The sound key without vowels, for spellings that differ in a vowel or two (셰이프/쉐이프, 피어리스/FEARLESS). */
export function pronunciationConsonantKey(hangul: string): string {
  return consonantsOnly(pronunciationKey(hangul));
}

const NUMBER_WORDS =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(
    ' ',
  );
/** Small numbers as people read them in English titles ("10 Minutes" -> 텐 미니츠). */
const readNumber = (w: string) => (/^\d+$/.test(w) && Number(w) <= 20 ? NUMBER_WORDS[Number(w)] : w);
const wordSoundCache = new Map<string, string>();
function latinWordSounds(word: string): string {
  let sounds = wordSoundCache.get(word);
  if (sounds === undefined) {
    const phones = loadCmuDictionary().get(word);
    sounds = phones ? soundsOfArpabet(phones[0]) : soundsOfSpelling(word);
    if (wordSoundCache.size > 100_000) wordSoundCache.clear();
    wordSoundCache.set(word, sounds);
  }
  return sounds;
}
const MAX_KEY_WORDS = 8;
const NAME_WORD_BREAK = /[\s\-.,!?&/]+/;

/** Whether a name has Latin letters as NFKC reads it (full-width and other compatibility forms too): names
 * without them get no pronunciation keys. */
export const hasLatinLetters = (name: string) => /[A-Za-z]/.test(name.normalize('NFKC'));

/** A name's readings, each as the sounds of its words, or [] when the name has no Latin word; `whole` is false when
 * the name has more words than are read. */
function readingsOf(name: string): { readings: string[][]; whole: boolean } {
  const all = name
    .normalize('NFKC')
    .replace(/&/g, ' and ')
    .split(NAME_WORD_BREAK)
    .map((w) => w.replace(/[^A-Za-z0-9\uac00-\ud7a3']/g, ''))
    .filter(Boolean);
  const originals = all.slice(0, MAX_KEY_WORDS);
  if (!originals.some((w) => /[A-Za-z]/.test(w))) return { readings: [], whole: true };
  const words = originals.map((w) => readNumber(w.toLowerCase()));
  const perWord = words.map((w) => (/[a-z]/.test(w) ? latinWordSounds(w.replace(/'/g, '')) : soundsOfHangul(w)));
  const spelled = originals.map((w, i) =>
    /^[A-Z]{2,4}$/.test(w) ? soundsOfHangul([...w.toLowerCase()].map((ch) => LETTER_NAMES[ch]).join('')) : perWord[i],
  );
  // the loanword-rule readings too: they write vowels the way people spell them (sorry 소리, level 레벨, velvet 벨벳)
  const readings = pronounceLatin(originals.join(' ')).map((r) => r.split(' ').map(soundsOfHangul));
  return { readings: [perWord, spelled, ...readings], whole: all.length === originals.length };
}

/**
 * The index side: sound keys of a name with Latin words, from each word on ("How You Like That" -> the keys of
 * 하우유라이크댓, 유라이크댓, ...), with and without vowels, read from the dictionary's sounds and from the Hangul
 * readings of pronounceLatin; an all-capital word of 2-4 letters (APT, EXID) also by its letter names. Names without
 * Latin letters get none.
 */
export function pronunciationKeysOf(name: string): string[] {
  return pronunciationKeySets(name).keys;
}

/** The sound keys of the whole name only (with vowels), so a query said like the whole title ("아이 엠" -> I AM)
 * ranks it over titles that merely start that way (I Am The Best); none for a name longer than the words read. */
export function wholePronunciationKeysOf(name: string): string[] {
  return pronunciationKeySets(name).whole;
}

/** Both key sets of a name from one reading of it (the index reads each title once). */
export function pronunciationKeySets(name: string): { keys: string[]; whole: string[] } {
  const { readings, whole } = readingsOf(name);
  const withVowels = readings.flatMap((parts) => joinedSuffixes(parts)).map(tidySounds);
  return {
    keys: [...new Set([...withVowels, ...withVowels.map(consonantsOnly)].filter((k) => k.length >= 2))],
    whole: whole ? [...new Set(readings.map((parts) => tidySounds(parts.join(''))).filter((k) => k.length >= 2))] : [],
  };
}

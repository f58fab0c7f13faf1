// Text normalization shared by indexing and querying, so both sides compare the same forms.

/** The longest search input anyone accepts (search, autocomplete, trending, search logs), in characters. */
export const MAX_QUERY_CHARS = 100;

/** The longest jamo string any search fuzzes (about 15 syllables): fuzzing a longer term costs Elasticsearch seconds. */
export const MAX_FUZZY_JAMO = 40;

const COMPAT_JAMO_RUN = /[\u3131-\u318e]+/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63]/g;
const TILDES = /[\u301c\u223c\u02dc\uff5e]/g;
const INVISIBLES = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const WHITESPACE_RUN = /\s+/g;
const NOT_WORD_CHAR = /[^\p{L}\p{N}\p{M}]/gu;

// Conjoining jamo (from NFD text, e.g. macOS) that did not compose into a syllable -> compatibility jamo.
const CHOSEONG_TO_COMPAT = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNGSEONG_TO_COMPAT = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONGSEONG_TO_COMPAT = 'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';

function conjoiningToCompatJamo(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code >= 0x1100 && code <= 0x1112) return CHOSEONG_TO_COMPAT[code - 0x1100];
  if (code >= 0x1161 && code <= 0x1175) return JUNGSEONG_TO_COMPAT[code - 0x1161];
  if (code >= 0x11a8 && code <= 0x11c2) return JONGSEONG_TO_COMPAT[code - 0x11a8];
  return ch;
}

/** NFKC everywhere except compatibility jamo, which NFKC would turn into conjoining jamo and fuse ("ㄴㅓ" -> "너"). */
function nfkcKeepingJamo(s: string): string {
  const jamoRuns = s.match(COMPAT_JAMO_RUN) ?? [];
  const otherRuns = s
    .split(COMPAT_JAMO_RUN)
    .map((run) => run.normalize('NFKC').replace(/[\u1100-\u11ff]/g, conjoiningToCompatJamo));
  return otherRuns.reduce((out, run, i) => out + run + (jamoRuns[i] ?? ''), '');
}

/** What a person typed, tidied for display: NFKC (jamo kept), invisible characters removed, single spaces, trimmed; case kept. */
export function tidyText(s: string): string {
  return nfkcKeepingJamo(s).replace(INVISIBLES, '').replace(WHITESPACE_RUN, ' ').trim();
}

/** The canonical display-insensitive form: NFKC, lower-case, one kind of quote/dash/tilde, single spaces, trimmed. */
export function normalizeText(s: string): string {
  return nfkcKeepingJamo(s)
    .replace(INVISIBLES, '')
    .toLowerCase()
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(TILDES, '~')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** normalizeText without any spaces or punctuation: "너의 의미" and "너의의미!" share one key. */
export function compactText(s: string): string {
  return normalizeText(s).replace(NOT_WORD_CHAR, '');
}

const MAX_SUFFIX_WORDS = 8;

/** The compact words of a name (normalized, punctuation removed), at most 8 of them: "무라벨 생수 2L" -> 무라벨, 생수, 2l. */
export function compactWords(text: string): string[] {
  return normalizeText(text).split(' ').map(compactText).filter(Boolean).slice(0, MAX_SUFFIX_WORDS);
}

/** Keys starting at each part, joined: [너의, 의미] -> 너의의미, 의미 (so a prefix lookup matches from any word). */
export function joinedSuffixes(parts: string[]): string[] {
  return parts.map((_, i) => parts.slice(i).join('')).filter(Boolean);
}

/** Compact forms starting at each word: "무라벨 생수 2L" -> 무라벨생수2l, 생수2l, 2l (duplicates removed). */
export function wordSuffixes(text: string): string[] {
  return [...new Set(joinedSuffixes(compactWords(text)))];
}

// The one query parser: decides what a search box input is and returns every key a query builder needs
// (songs and products use the same keys). Pure and total: any string either parses or throws InvalidQueryError.
import { compactText, normalizeText, MAX_QUERY_CHARS } from './normalize';
import { isChoseongQuery, toChoseong } from './chosung';
import { toJamo } from './jamo';
import { englishTypedInKoreanMode, hangulOfAnyKeys, hangulTypedInEnglishMode } from './keyboard';
import { looseRomanKey } from './romanize';
import { hasHangul as containsHangul, isCompatConsonant } from './hangul';
import { parseBrandNumber } from './song-number';
import { foldParticle } from './jamo-distance';

const SONG_NUMBER = /^\d{1,8}$/;

export type SongBrand = 'tj' | 'ky';

/** One word of the query with the key it should be looked up by. */
export interface QueryWord {
  /** compact form of the word */
  compact: string;
  /** jamo of the word: a half-typed word is a jamo prefix of the full one */
  jamo: string;
  /** set when the word is only consonants: it is 초성 of one or more title/artist words ("ㄴㅇㄲ", "ㄲ") */
  choseong?: string;
  /** particle-folded form, so 눈의/눈에 and 사랑을/사랑를 share a key */
  folded: string;
}

export interface ParsedQuery {
  /** the input, trimmed */
  raw: string;
  /** normalized text (NFKC, lower-case, single spaces); without a brand word when one was given */
  text: string;
  /** text without spaces or punctuation */
  compact: string;
  /** the 초성 when the query is all consonants, spaces removed: "ㄴㅇ ㅇㅁ" -> "ㄴㅇㅇㅁ" */
  choseong?: string;
  /** jamo of the compact text: a half-typed query's jamo is a prefix of the full title's */
  jamo: string;
  /** what Latin letters spell on a 2-set Korean keyboard, when that looks intended */
  qwertyHangul?: string;
  /** what the Latin letters spell on a Korean keyboard when that does not look intended but composes whole syllables
   * ("ql" -> 비, "quf" -> 별): a weaker reading, so a short Korean title typed in English mode still finds it */
  qwertyHangulUnlikely?: string;
  /** English typed with the keyboard in Korean mode, back as the Latin keys ("ㅠㅕㅅㅅㄷㄱ" -> "butter") */
  koreanModeLatin?: string;
  /** loose romanization key, for Latin-only queries */
  romanKey?: string;
  /** 1-8 digits: a TJ/KY song number (with a brand word: that brand's number) */
  number?: string;
  /** a brand named in the text ("TJ 12345", "금영4567") */
  brand?: SongBrand;
  hasHangul: boolean;
  hasLatin: boolean;
  /** the words of the query, each compacted; punctuation-only words dropped */
  tokens: string[];
  /** the words with their lookup keys, for per-word matching in any order */
  words: QueryWord[];
  /** some words are 초성 and others letters ("ㅇㅎ 볼빨간사춘기", "눈의 ㄲ") */
  mixedChoseong: boolean;
}

export type InvalidQueryCode = 'empty_query' | 'query_too_long';

/** Thrown for input that cannot be searched; the HTTP layer turns it into a 400 with `code`. */
export class InvalidQueryError extends Error {
  constructor(
    public readonly code: InvalidQueryCode,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

export class EmptyQueryError extends InvalidQueryError {
  constructor(message = 'the query has no letters or digits') {
    super('empty_query', message);
  }
}

export class QueryTooLongError extends InvalidQueryError {
  constructor() {
    super('query_too_long', `the query must be at most ${MAX_QUERY_CHARS} characters`);
  }
}

const charCount = (s: string) => [...s].length;

/** Korean typed in English mode, word by word, so "dkdldb 좋은" becomes "아이유 좋은"; undefined when no word converts. */
function convertEnglishModeWords(trimmed: string): string | undefined {
  const words = trimmed.normalize('NFKC').split(/\s+/);
  const whole = hangulTypedInEnglishMode(words.join(' '));
  if (whole) return whole;
  const converted = words.map((w) => hangulTypedInEnglishMode(w) ?? w);
  return converted.some((w, i) => w !== words[i]) ? converted.join(' ') : undefined;
}

/** English typed while the keyboard was in Korean mode, as the Latin keys ("ㅠㅕㅅㅅㄷㄱ" -> "butter"); punctuation ignored. */
function koreanModeEnglish(text: string): string | undefined {
  const letters = text
    .replace(/[^\u3131-\u3163\uac00-\ud7a3 ]/g, '')
    .replace(/ +/g, ' ')
    .trim();
  return letters ? englishTypedInKoreanMode(letters) : undefined;
}

function queryWord(word: string): QueryWord {
  const w: QueryWord = { compact: word, jamo: toJamo(word), folded: foldParticle(word) };
  if ([...word].every(isCompatConsonant)) w.choseong = toChoseong(word);
  return w;
}

/** Parses a search box input; throws EmptyQueryError or QueryTooLongError (both InvalidQueryError). */
export function parseSearchQuery(input: string): ParsedQuery {
  const raw = input.trim();
  if (charCount(raw) > MAX_QUERY_CHARS) throw new QueryTooLongError();
  let text = normalizeText(raw);
  // NFKC can expand one character into many (㈜ -> (주)), so the normalized form is bounded too
  if (charCount(text) > MAX_QUERY_CHARS) throw new QueryTooLongError();
  // "TJ 12345", "금영4567", "12345번": the number alone is what is searched, the brand restricts it
  const brandNumber = parseBrandNumber(text);
  if (brandNumber) text = brandNumber.number;
  const compact = compactText(text);
  if (!compact) throw new EmptyQueryError(raw ? undefined : 'the query is empty');
  const jamo = toJamo(compact);
  const hasHangul = containsHangul(compact);
  const hasLatin = /[a-z]/.test(compact);
  const tokens = text.split(' ').map(compactText).filter(Boolean);
  const words = tokens.map(queryWord);
  const parsed: ParsedQuery = {
    raw,
    text,
    compact,
    jamo,
    hasHangul,
    hasLatin,
    tokens,
    words,
    mixedChoseong: words.some((w) => w.choseong) && words.some((w) => !w.choseong),
  };
  if (brandNumber?.brand) parsed.brand = brandNumber.brand;
  if (isChoseongQuery(text)) parsed.choseong = toChoseong(compact);
  if (SONG_NUMBER.test(compact)) parsed.number = compact;
  if (hasLatin && !hasHangul) parsed.romanKey = looseRomanKey(compact);
  const qwertyHangul = hasLatin ? convertEnglishModeWords(raw) : undefined;
  if (qwertyHangul) parsed.qwertyHangul = qwertyHangul;
  else if (hasLatin && !hasHangul) {
    const unlikely = hangulOfAnyKeys(raw.normalize('NFKC'));
    if (unlikely) parsed.qwertyHangulUnlikely = unlikely;
  }
  const latin = hasHangul ? koreanModeEnglish(text) : undefined;
  if (latin) parsed.koreanModeLatin = latin;
  return parsed;
}

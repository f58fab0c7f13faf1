// The one query parser: decides what a search box input is and returns every key a query builder needs.
import { compactText, normalizeText, MAX_QUERY_CHARS } from './normalize';
import { isChoseongQuery, toChoseong } from './chosung';
import { jamoPrefixVariants, toJamo } from './jamo';
import { hangulTypedInEnglishMode } from './keyboard';
import { looseRomanKey } from './romanize';
import { hasHangul as containsHangul } from './hangul';

const SONG_NUMBER = /^\d{1,8}$/;

export interface ParsedQuery {
  /** the input, trimmed */
  raw: string;
  /** normalized text (NFKC, lower-case, single spaces) */
  text: string;
  /** text without spaces or punctuation */
  compact: string;
  /** the 초성 when the query is all consonants, spaces removed: "ㄴㅇ ㅇㅁ" -> "ㄴㅇㅇㅁ" */
  choseong?: string;
  /** jamo of the compact text: a half-typed query's jamo is a prefix of the full title's */
  jamo: string;
  /** further jamo forms that differ from jamo once spaces are removed; empty for every case known today */
  jamoVariants: string[];
  /** what Latin letters spell on a 2-set Korean keyboard, when that looks intended */
  qwertyHangul?: string;
  /** loose romanization key, for Latin-only queries */
  romanKey?: string;
  /** 1-8 digits only: a TJ/KY song number */
  number?: string;
  hasHangul: boolean;
  hasLatin: boolean;
  /** the words of the query, each compacted; punctuation-only words dropped */
  tokens: string[];
}

export type InvalidQueryCode = 'empty_query' | 'query_too_long';

/** Thrown for input that cannot be searched; the HTTP layer turns it into a 400 with `code`. */
export class InvalidQueryError extends Error {
  constructor(public readonly code: InvalidQueryCode, message: string) {
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
const spaceFree = (s: string) => s.replace(/ /g, '');

/** Korean typed in English mode, word by word, so "dkdldb 좋은" becomes "아이유 좋은"; undefined when no word converts. */
function convertEnglishModeWords(trimmed: string): string | undefined {
  const words = trimmed.normalize('NFKC').split(/\s+/);
  const whole = hangulTypedInEnglishMode(words.join(' '));
  if (whole) return whole;
  const converted = words.map((w) => hangulTypedInEnglishMode(w) ?? w);
  return converted.some((w, i) => w !== words[i]) ? converted.join(' ') : undefined;
}

/** Parses a search box input; throws EmptyQueryError or QueryTooLongError (both InvalidQueryError). */
export function parseSearchQuery(input: string): ParsedQuery {
  const raw = input.trim();
  if (charCount(raw) > MAX_QUERY_CHARS) throw new QueryTooLongError();
  const text = normalizeText(raw);
  // NFKC can expand one character into many (㈜ -> (주)), so the normalized form is bounded too
  if (charCount(text) > MAX_QUERY_CHARS) throw new QueryTooLongError();
  const compact = compactText(text);
  if (!compact) throw new EmptyQueryError(raw ? undefined : 'the query is empty');
  const jamo = toJamo(compact);
  const hasHangul = containsHangul(compact);
  const hasLatin = /[a-z]/.test(compact);
  const parsed: ParsedQuery = {
    raw,
    text,
    compact,
    jamo,
    jamoVariants: jamoPrefixVariants(text).filter((v) => spaceFree(v) !== jamo),
    hasHangul,
    hasLatin,
    tokens: text.split(' ').map(compactText).filter(Boolean),
  };
  if (isChoseongQuery(text)) parsed.choseong = toChoseong(compact);
  if (SONG_NUMBER.test(compact)) parsed.number = compact;
  if (hasLatin && !hasHangul) parsed.romanKey = looseRomanKey(compact);
  const qwertyHangul = hasLatin ? convertEnglishModeWords(raw) : undefined;
  if (qwertyHangul) parsed.qwertyHangul = qwertyHangul;
  return parsed;
}

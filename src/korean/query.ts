// The one query parser: decides what a search box input is and returns every key a query builder needs.
import { compactText, normalizeText } from './normalize';
import { isChoseongQuery, toChoseong } from './chosung';
import { toJamo } from './jamo';
import { looksLikeQwertyHangul, qwertyToHangul } from './keyboard';
import { looseRomanKey } from './romanize';
import { hasHangul as containsHangul } from './hangul';

export const MAX_QUERY_CHARS = 100;

export interface ParsedQuery {
  raw: string;
  /** normalized text (NFKC, lower-case, single spaces) */
  text: string;
  /** text without spaces or punctuation */
  compact: string;
  /** the query itself when it is all 초성, spaces removed */
  choseong?: string;
  /** jamo of the compact text: a half-typed syllable is a prefix of the full one's */
  jamo: string;
  /** further jamo forms worth trying (reserved for keyboard quirks; usually empty) */
  jamoVariants: string[];
  /** what Latin letters spell on a 2-set Korean keyboard, when that looks intended */
  qwertyHangul?: string;
  /** loose romanization key, for Latin queries */
  romanKey?: string;
  /** digits only: a TJ/KY song number */
  number?: string;
  hasHangul: boolean;
  hasLatin: boolean;
  tokens: string[];
}

export class InvalidQueryError extends Error {}

export function parseSearchQuery(raw: string): ParsedQuery {
  const text = normalizeText(raw);
  if ([...text].length > MAX_QUERY_CHARS) throw new InvalidQueryError(`the query must be at most ${MAX_QUERY_CHARS} characters`);
  const compact = compactText(text);
  if (!compact) throw new InvalidQueryError('the query has no letters or digits');
  const hasHangul = containsHangul(compact);
  const hasLatin = /[a-z]/.test(compact);
  const parsed: ParsedQuery = {
    raw,
    text,
    compact,
    jamo: toJamo(compact),
    jamoVariants: [],
    hasHangul,
    hasLatin,
    tokens: text.split(' ').filter(Boolean),
  };
  if (isChoseongQuery(text)) parsed.choseong = toChoseong(compact);
  if (/^\d{1,8}$/.test(compact)) parsed.number = compact;
  if (hasLatin && !hasHangul) {
    parsed.romanKey = looseRomanKey(compact);
    if (looksLikeQwertyHangul(raw.trim())) parsed.qwertyHangul = qwertyToHangul(raw.trim())?.replace(/\s+/g, ' ');
  } else if (hasLatin && hasHangul) {
    // mixed input such as "dkdldb 좋은": convert only the words that look like wrong-mode Korean
    const words = raw.trim().split(/\s+/);
    const converted = words.map((w) => (looksLikeQwertyHangul(w) ? qwertyToHangul(w) ?? w : w));
    if (converted.some((w, i) => w !== words[i])) parsed.qwertyHangul = converted.join(' ');
  }
  return parsed;
}

// Pure Hangul helpers: normalization, 초성, jamo, keyboard layout, romanization, the query parser.
export { normalizeText, compactText } from './normalize';
export { toChoseong, isChoseongQuery } from './chosung';
export { toJamo } from './jamo';
export { qwertyToHangul, hangulToQwerty, looksLikeQwertyHangul } from './keyboard';
export { romanizeKorean, compactRomanization, looseRomanKey } from './romanize';
export { splitAlternatives, classifyTag, type SplitName, type Tag, type TagKind } from './titles';
export { parseSearchQuery, InvalidQueryError, MAX_QUERY_CHARS, type ParsedQuery } from './query';
export { hasHangul } from './hangul';

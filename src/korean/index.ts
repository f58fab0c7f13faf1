// Pure Hangul helpers: normalization, 초성, jamo, keyboard layout, romanization, title parts, the query parser.
export { normalizeText, compactText, tidyText, compactWords, joinedSuffixes, wordSuffixes, MAX_QUERY_CHARS } from './normalize';
export { toChoseong, toChoseongWords, isChoseongQuery } from './chosung';
export { toJamo, jamoPrefixVariants } from './jamo';
export {
  qwertyToHangul, hangulToQwerty, looksLikeQwertyHangul, hangulTypedInEnglishMode, foldCapsLock,
  englishTypedInKoreanMode, looksLikeEnglishTypedInKoreanMode,
} from './keyboard';
export { romanizeKorean, compactRomanization, spelledRomanization, looseRomanKey, foldRomanKey, romanKeys } from './romanize';
export { parseBrandNumber, type BrandNumber } from './song-number';
export { splitAlternatives, classifyTag, type SplitName, type Tag, type TagKind } from './titles';
export {
  parseSearchQuery, InvalidQueryError, EmptyQueryError, QueryTooLongError,
  type ParsedQuery, type InvalidQueryCode,
} from './query';
export { hasHangul } from './hangul';

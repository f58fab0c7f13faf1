// Pure Hangul helpers: normalization, 초성, jamo, keyboard layout, romanization, loanword pronunciation, song numbers,
// jamo typos, title parts, the query parser.
export {
  normalizeText,
  compactText,
  tidyText,
  compactWords,
  joinedSuffixes,
  wordSuffixes,
  MAX_QUERY_CHARS,
  MAX_FUZZY_JAMO,
} from './normalize';
export { toChoseong, isChoseongQuery, tenseVariants } from './chosung';
export { toJamo } from './jamo';
export {
  qwertyToHangul,
  hangulToQwerty,
  hangulOfAnyKeys,
  hangulTypedInEnglishMode,
  foldCapsLock,
  englishTypedInKoreanMode,
} from './keyboard';
export {
  romanizeKorean,
  compactRomanization,
  spelledRomanization,
  looseRomanKey,
  foldRomanKey,
  romanKeys,
} from './romanize';
export { parseBrandNumber, type BrandNumber } from './song-number';
export {
  pronounceLatin,
  pronunciationKey,
  pronunciationConsonantKey,
  consonantsOnly,
  pronunciationKeysOf,
  wholePronunciationKeysOf,
  pronunciationKeySets,
  hasLatinLetters,
  arpabetToHangul,
  spellingToArpabet,
  loadCmuDictionary,
  type PronouncingDictionary,
  type HangulStyle,
} from './pronounce';
export { jamoTypoVariants, foldParticle } from './jamo-distance';
export { splitAlternatives, classifyTag, type SplitName, type Tag, type TagKind } from './titles';
export {
  parseSearchQuery,
  InvalidQueryError,
  EmptyQueryError,
  QueryTooLongError,
  type ParsedQuery,
  type QueryWord,
  type SongBrand,
  type InvalidQueryCode,
} from './query';
export { hasHangul } from './hangul';
export { withProductUnits } from './units';

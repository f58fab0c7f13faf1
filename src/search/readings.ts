// Stage 1, parse: the search box text, read once into every reading the later stages use, each with every lookup
// key the query builders need. A reading is the input as one kind of typing produced it: as typed, as the other
// keyboard layout spells it (dkdldb -> 아이유), or English typed with the keyboard in Korean mode, back as its Latin
// keys (ㅠㅕㅅㅅㄷㄱ -> butter). Each is a ParsedQuery (src/korean/query.ts: compact text, 초성, jamo, words, number
// with brand) plus its keys (pronunciation, tense 초성, confusable spellings, romanization), computed here and never
// again: plan, the query builders and the match offsets only read them. Refusals (empty, too long) are 400s naming q.
import { badRequest } from '../platform/errors';
import {
  consonantsOnly,
  InvalidQueryError,
  jamoTypoVariants,
  looseRomanKey,
  parseSearchQuery,
  pronunciationKey,
  tenseVariants,
  toChoseong,
  toJamo,
  withProductUnits,
  type ParsedQuery,
  type QueryWord,
} from '../korean';
import { songRelevance } from './relevance';

/** 'units': quantities as product names write them (2리터 -> 2l), read only for product searches */
export type ReadingName = 'typed' | 'otherLayout' | 'otherLayoutUnlikely' | 'koreanModeLatin' | 'units';

/** The lookup keys of one query word. */
export interface WordKeys {
  word: QueryWord;
  /** Hangul or jamo in the word: it has jamo, pronunciation and typo keys */
  hangul: boolean;
  /** a lone consonant, vowel or Latin letter ("아이유 ㅂ"): the start of the next word */
  oneLetter: boolean;
  /** how the word sounds, for Latin titles said in Hangul (empty when not Hangul) */
  sound: string;
  soundConsonants: string;
  /** a Latin word's loose romanization key */
  roman?: string;
  /** a short Hangul word's confusable spellings one jamo away, as jamo (쳣 -> 첫): only the typo-matching plans
   * look them up, so they are spelled out on first use, not for every keystroke */
  confusables(): string[];
  /** tense readings of a 초성 word (ㄷ -> ㄸ) */
  tense: string[];
}

/** The lookup keys of a whole reading. */
export interface ReadingKeys {
  /** jamo of the compact text, no spaces */
  jamo: string;
  /** words with particles folded (눈에 -> 눈의), joined, and its jamo */
  folded: string;
  foldedJamo: string;
  sound: string;
  soundConsonants: string;
  /** tense readings of a 초성 query: for the full query, and fewer for keystroke whole-name lookups */
  tense: string[];
  tenseWhole: string[];
  /** the whole query as 초성 when 초성 and letters are mixed ("ㅈㅇ 날" -> ㅈㅇㄴ) */
  initials?: string;
  words: WordKeys[];
}

export interface Reading {
  name: ReadingName;
  query: ParsedQuery;
  /** how much this reading's matches count (relevance profile: readings) */
  weight: number;
  keys: ReadingKeys;
}

const HANGUL_OR_JAMO = /[\u3131-\u318e\uac00-\ud7a3]/;
const charCount = (s: string) => [...s].length;

/** A value computed on first call and kept. */
function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

function wordKeysOf(w: QueryWord): WordKeys {
  const hangul = !w.choseong && HANGUL_OR_JAMO.test(w.compact);
  const W = songRelevance.words;
  const sound = hangul ? pronunciationKey(w.compact) : '';
  return {
    word: w,
    hangul,
    oneLetter: charCount(w.compact) === 1 && !/[\uac00-\ud7a3\d]/.test(w.compact),
    sound,
    soundConsonants: consonantsOnly(sound),
    ...(!w.choseong && !hangul && /[a-z]/.test(w.compact) ? { roman: looseRomanKey(w.compact) } : {}),
    confusables: once(() =>
      hangul && charCount(w.compact) <= W.maxVariantSyllables
        ? jamoTypoVariants(w.compact, W.maxWordVariants).map(toJamo)
        : [],
    ),
    tense: w.choseong ? tenseVariants(w.choseong, songRelevance.choseong.maxTenseVariants) : [],
  };
}

/** Every key the builders look up for one reading. */
export function keysOf(p: ParsedQuery): ReadingKeys {
  const folded = p.words.map((w) => w.folded).join('');
  const sound = p.hasHangul ? pronunciationKey(p.compact) : '';
  return {
    jamo: p.jamo.replace(/\s+/g, ''),
    folded,
    foldedJamo: toJamo(folded).replace(/\s+/g, ''),
    sound,
    soundConsonants: consonantsOnly(sound),
    tense: p.choseong ? tenseVariants(p.choseong, songRelevance.choseong.maxTenseVariants) : [],
    tenseWhole: p.choseong ? tenseVariants(p.choseong, songRelevance.keystroke.maxTenseWhole) : [],
    ...(p.mixedChoseong ? { initials: p.words.map((w) => w.choseong ?? toChoseong(w.compact)).join('') } : {}),
    words: p.words.map(wordKeysOf),
  };
}

export interface SearchInput {
  /** the input as typed: its number and brand, its 초성, its words */
  typed: ParsedQuery;
  /** every reading, the typed one first */
  readings: Reading[];
}

/** Every reading of the input; throws InvalidQueryError for input that cannot be searched. */
export function readQuery(text: string, opts: { units?: boolean } = {}): SearchInput {
  const typed = parseSearchQuery(text);
  const weights = songRelevance.readings;
  const readings: Reading[] = [{ name: 'typed', query: typed, weight: weights.typed, keys: keysOf(typed) }];
  const add = (name: ReadingName, text: string | undefined) => {
    const query = text ? parseQuiet(text) : undefined;
    if (query)
      readings.push({ name, query, weight: name === 'units' ? weights.typed : weights[name], keys: keysOf(query) });
  };
  add('otherLayout', typed.qwertyHangul);
  add('otherLayoutUnlikely', typed.qwertyHangulUnlikely);
  add('koreanModeLatin', typed.koreanModeLatin);
  if (opts.units) {
    const units = withProductUnits(typed.text);
    if (units !== typed.text) add('units', units);
  }
  return { typed, readings };
}

/** A converted reading that has nothing searchable left is no reading at all. */
function parseQuiet(text: string): ParsedQuery | undefined {
  try {
    return parseSearchQuery(text);
  } catch (err) {
    if (err instanceof InvalidQueryError) return undefined;
    throw err;
  }
}

/** readQuery for the q parameter of a route: the parser's refusals become 400s naming q. */
export function readQueryParam(q: string, opts: { units?: boolean } = {}): SearchInput {
  try {
    return readQuery(q, opts);
  } catch (err) {
    if (err instanceof InvalidQueryError) throw badRequest(err.code, err.message, { parameter: 'q' });
    throw err;
  }
}

/** The other readings (not as typed). */
export const otherReadings = (input: SearchInput): Reading[] => input.readings.slice(1);

/** A reading by name, if the input has it. */
export const readingOf = (input: SearchInput, name: ReadingName): Reading | undefined =>
  input.readings.find((r) => r.name === name);

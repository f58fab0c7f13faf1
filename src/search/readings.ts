// Stage 1, parse: the search box text, read once into every reading the later stages use. A reading is the input
// as one kind of typing produced it: as typed, as the other keyboard layout spells it (dkdldb -> 아이유), or English
// typed with the keyboard in Korean mode, back as its Latin keys (ㅠㅕㅅㅅㄷㄱ -> butter). Each reading is a
// ParsedQuery (src/korean/query.ts: compact text, 초성, jamo, words, number with brand), parsed here and never again:
// plan, the query builders and the match offsets all read these. Refusals (empty, too long) are 400s naming q.
import { badRequest } from '../platform/errors';
import { InvalidQueryError, parseSearchQuery, withProductUnits, type ParsedQuery } from '../korean';
import { songRelevance } from './relevance';

/** 'units': quantities as product names write them (2리터 -> 2l), read only for product searches */
export type ReadingName = 'typed' | 'otherLayout' | 'otherLayoutUnlikely' | 'koreanModeLatin' | 'units';

export interface Reading {
  name: ReadingName;
  query: ParsedQuery;
  /** how much this reading's matches count (relevance profile: readings) */
  weight: number;
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
  const readings: Reading[] = [{ name: 'typed', query: typed, weight: weights.typed }];
  const add = (name: ReadingName, text: string | undefined) => {
    const query = text ? parseQuiet(text) : undefined;
    if (query) readings.push({ name, query, weight: name === 'units' ? weights.typed : weights[name] });
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
export const readingOf = (input: SearchInput, name: ReadingName): Reading | undefined => input.readings.find((r) => r.name === name);

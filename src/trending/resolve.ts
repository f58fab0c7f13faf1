// What a search counts as for trending: the catalog name it clearly found (a song's title, an artist, a product, a
// brand or a category), never the text that was typed. A query "clearly" finds a name when every word of it is in that
// name as typed (no typo matching: findsEveryWord) and it covers at least half of the name, among the first hits.
// Text that found results only because the search let a word go unmatched ("아이유 <anything>") resolves to nothing.
import { compactText, splitAlternatives } from '../korean';
import { findsEveryWord, matchRanges } from '../search/matches';
import type { SearchInput } from '../search/readings';
import type { TrendingScope } from './segments';

/** A trending entry: what counts are grouped by (song:<id>, artist:<name>, ...) and the catalog name shown. */
export interface TrendingTerm {
  key: string;
  label: string;
}

export interface SongHitNames {
  id: number;
  title: string;
  artist: string;
  tj_no?: string | null;
  ky_no?: string | null;
}
export interface ProductHitNames {
  id: number;
  name: string;
  brand?: string | null;
  category?: string | null;
}

/** how many of the first hits a query may resolve to */
export const RESOLVE_DEPTH = 3;
/** the least share of a name's letters the query must match */
export const MIN_COVERAGE = 0.5;

const letters = (s: string) => s.replace(/[\s\p{P}\p{S}]/gu, '').length;

/** The share of the letters of `name` (or of its main part or an alternative name, whichever is best) the query matched. */
export function coverage(parsed: SearchInput, name: string): number {
  const split = splitAlternatives(name);
  let best = 0;
  for (const text of new Set([name, split.primary, ...split.alternatives].filter(Boolean))) {
    const total = letters(text);
    if (!total) continue;
    const matched = matchRanges(parsed, text).reduce((n, [start, end]) => n + letters(text.slice(start, end)), 0);
    best = Math.max(best, matched / total);
  }
  return best;
}

/** Every word of the query is in `texts` and the query covers enough of `name` (one of them). */
const clearlyNames = (parsed: SearchInput, texts: string[], name: string) =>
  findsEveryWord(parsed, texts) && coverage(parsed, name) >= MIN_COVERAGE;

/**
 * The song or artist a songs query resolved to among its first hits: its number (TJ/KY), else an artist whose name
 * (or one of `aliasesOf` it) holds every word, else a song whose title (with its artist) holds every word.
 */
export function resolveSongTerm(
  parsed: SearchInput,
  hits: SongHitNames[],
  aliasesOf: (artist: string) => string[] = () => [],
): TrendingTerm | undefined {
  for (const hit of hits.slice(0, RESOLVE_DEPTH)) {
    const song = { key: `song:${hit.id}`, label: hit.title };
    const number = parsed.typed.number;
    if (number && (hit.tj_no === number || hit.ky_no === number)) return song;
    const artistNames = [hit.artist, ...aliasesOf(hit.artist)];
    if (artistNames.some((name) => clearlyNames(parsed, [name], name)))
      return { key: `artist:${compactText(hit.artist)}`, label: hit.artist };
    if (clearlyNames(parsed, [hit.title, ...artistNames], hit.title)) return song;
  }
  return undefined;
}

/** The category, brand or product a products query resolved to among its first hits. */
export function resolveProductTerm(parsed: SearchInput, hits: ProductHitNames[]): TrendingTerm | undefined {
  for (const hit of hits.slice(0, RESOLVE_DEPTH)) {
    if (hit.category && clearlyNames(parsed, [hit.category], hit.category))
      return { key: `category:${compactText(hit.category)}`, label: hit.category };
    if (hit.brand && clearlyNames(parsed, [hit.brand], hit.brand))
      return { key: `brand:${compactText(hit.brand)}`, label: hit.brand };
    if (clearlyNames(parsed, [hit.name, ...(hit.brand ? [hit.brand] : [])], hit.name))
      return { key: `product:${hit.id}`, label: hit.name };
  }
  return undefined;
}

/** The term a search of `scope` resolved to, from the first hits of its answer (shaped like the search routes' items). */
export function resolveTerm(
  scope: TrendingScope,
  parsed: SearchInput,
  hits: unknown[],
  aliasesOf?: (artist: string) => string[],
): TrendingTerm | undefined {
  if (scope === 'songs') return resolveSongTerm(parsed, hits.filter(isSongHit), aliasesOf);
  return resolveProductTerm(parsed, hits.filter(isProductHit));
}

const isObject = (h: unknown): h is Record<string, unknown> => typeof h === 'object' && h !== null;
const isSongHit = (h: unknown): h is SongHitNames =>
  isObject(h) && typeof h.id === 'number' && typeof h.title === 'string' && typeof h.artist === 'string';
const isProductHit = (h: unknown): h is ProductHitNames =>
  isObject(h) && typeof h.id === 'number' && typeof h.name === 'string';

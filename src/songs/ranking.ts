// How a song's standing (popularity, original vs a version) shapes its score, apart from how well its text matches.
// The text clauses decide relevance; these functions multiply it by a bounded factor, so they reorder equally good
// matches but never lift a much weaker match over a much better one.
import type { estypes } from '@elastic/elasticsearch';
import { splitAlternatives } from '../korean';

type Q = estypes.QueryDslQueryContainer;

/** popularity (0..1) adds up to this share to the text score: a chart #1 beats an obscure song of equal match */
export const POPULARITY_WEIGHT = 0.5;
/** an original gets this share more than a Live / Remix / MR / Inst / Acoustic version: enough to outweigh the
 * length norms of "(Live)" and of the alternative titles originals tend to carry (measured: up to ~9%) */
export const ORIGINAL_BONUS = 0.15;

/** Version kinds a title's tags name ("사랑 (Live)" -> ["live"]); an original names none. */
const VERSION_KIND_OF: Readonly<Record<string, string>> = { live: 'live', remix: 'remix', mr: 'mr', inst: 'inst', acoustic: 'acoustic', version: 'version' };

export function versionKindsOf(title: string): string[] {
  const kinds = splitAlternatives(title).tags.map((t) => VERSION_KIND_OF[t.kind]).filter((k): k is string => Boolean(k));
  return [...new Set(kinds)];
}

/** The function_score functions, summed with a base of 1: factor = 1 + W * popularity + bonus (when original). */
export function rankingFunctions(): estypes.QueryDslFunctionScoreContainer[] {
  return [
    { weight: 1 },
    { field_value_factor: { field: 'popularity', factor: POPULARITY_WEIGHT, missing: 0 } },
    { filter: { bool: { must_not: { exists: { field: 'version' } } } }, weight: ORIGINAL_BONUS },
  ];
}

/** Wraps a text query so its score is multiplied by the song's standing. */
export function rankedQuery(textQuery: Q): Q {
  return { function_score: { query: textQuery, functions: rankingFunctions(), score_mode: 'sum', boost_mode: 'multiply' } };
}

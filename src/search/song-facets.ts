// Genre and nation as facets of song search: the filters narrow the hits (post_filter), and each facet counts the
// current query's songs under every filter but its own, so the chips show the alternatives to what is picked
// (발라드 picked: the genre chips still count 댄스, OST ...; the nation chips count 발라드 songs by nation). Pure;
// the fields and sizes are the relevance profile's.
import type { estypes } from '@elastic/elasticsearch';
import { songRelevance } from './relevance';

type Q = estypes.QueryDslQueryContainer;

export interface SongFilters {
  genre?: string;
  nation?: string;
}
export interface FacetValue {
  value: string;
  count: number;
}
export interface SongFacets {
  genre: FacetValue[];
  nation: FacetValue[];
}

type FacetName = keyof SongFacets;
const FACET_NAMES: FacetName[] = ['genre', 'nation'];
const facet = (name: FacetName) => songRelevance.facets[name];

/** The term filters of the chosen facet values, leaving out `except`'s own. */
export function facetFilterClauses(filters: SongFilters, except?: FacetName): Q[] {
  return FACET_NAMES.filter((name) => name !== except && filters[name] !== undefined).map((name) => ({
    term: { [facet(name).field]: filters[name]! },
  }));
}

/** The parts a search request gains: the filters on the hits only, and one terms aggregation per facet. */
export function facetRequest(filters: SongFilters): Pick<estypes.SearchRequest, 'post_filter' | 'aggs'> {
  const chosen = facetFilterClauses(filters);
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  for (const name of FACET_NAMES) {
    aggs[name] = {
      filter: { bool: { filter: facetFilterClauses(filters, name) } },
      aggs: { values: { terms: { field: facet(name).field, size: facet(name).size } } },
    };
  }
  return { ...(chosen.length ? { post_filter: { bool: { filter: chosen } } } : {}), aggs };
}

type FacetAggregate = { values?: { buckets?: Array<{ key: string | number; doc_count: number }> } };

/** One facet's counts from its aggregation (a filter around a `values` terms aggregation; songs and products build
 * theirs so); empty when the answer carried none. */
export function facetValuesOf(aggregation: unknown): FacetValue[] {
  const buckets = (aggregation as FacetAggregate | undefined)?.values?.buckets ?? [];
  return buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
}

/** The facet counts of a search answer (empty lists when it carried no aggregations). */
export function readFacets(aggregations: Record<string, unknown> | undefined): SongFacets {
  return { genre: facetValuesOf(aggregations?.genre), nation: facetValuesOf(aggregations?.nation) };
}

// Product search (with facets and highlights) and autocomplete against the products alias.
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { notFound } from '../platform/errors';
import { PRODUCTS_FAMILY } from './document';
import type { ParsedQuery } from '../korean';
import { matchRanges, type Range } from '../korean/match-offsets';
import { buildProductAutocomplete, buildProductSearch, PRODUCT_SOURCE_FIELDS, type ProductFilters } from './search-query';

interface ProductSource { id: number; name: string; brand: string; category: string; no_label: string; barcode?: string | null; image_url?: string | null; description?: string | null }

export interface ProductHit extends ProductSource {
  highlight?: { name?: string; description?: string };
  /** [start, end) string offsets of name characters the query matched (초성, jamo, keyboard layout, typo) */
  matches: { name: Range[] };
}
export interface FacetValue { value: string; count: number }
export interface ProductSearchResult {
  total: number; page: number; size: number; items: ProductHit[];
  facets: { category: FacetValue[]; brand: FacetValue[]; no_label: FacetValue[] };
  took_ms: number;
}

type FacetAgg = { values: { buckets: Array<{ key: string; doc_count: number }> } };
const facetValues = (agg: unknown): FacetValue[] => ((agg as FacetAgg | undefined)?.values.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));

export async function searchProducts(
  deps: Pick<Deps, 'es' | 'config'>, q: ParsedQuery, filters: ProductFilters, page: { page: number; size: number },
): Promise<ProductSearchResult> {
  const started = performance.now();
  const res = await deps.es.search<ProductSource>({
    index: indexName(deps.config, PRODUCTS_FAMILY),
    ...buildProductSearch(q, filters, { from: (page.page - 1) * page.size, size: page.size }),
  });
  const total = typeof res.hits.total === 'number' ? res.hits.total : res.hits.total?.value ?? 0;
  const items = res.hits.hits.map((h: estypes.SearchHit<ProductSource>): ProductHit => {
    const hl = h.highlight ?? {};
    return { ...h._source!, highlight: { name: hl.name?.[0] ?? hl['name.prefix']?.[0], description: hl.description?.[0] }, matches: { name: matchRanges(q, h._source!.name) } };
  });
  const aggs = res.aggregations ?? {};
  return {
    total, page: page.page, size: page.size, items,
    facets: { category: facetValues(aggs.category), brand: facetValues(aggs.brand), no_label: facetValues(aggs.no_label) },
    took_ms: Math.round(performance.now() - started),
  };
}

export async function autocompleteProducts(deps: Pick<Deps, 'es' | 'config'>, q: ParsedQuery, size = 10): Promise<{ items: Array<ProductSource & { matches: { name: Range[] } }>; took_ms: number }> {
  const started = performance.now();
  const res = await deps.es.search<ProductSource>({ index: indexName(deps.config, PRODUCTS_FAMILY), request_cache: true, ...buildProductAutocomplete(q, size) });
  return { items: res.hits.hits.map((h) => ({ ...h._source!, matches: { name: matchRanges(q, h._source!.name) } })), took_ms: Math.round(performance.now() - started) };
}

export async function getProduct(deps: Pick<Deps, 'es' | 'config'>, id: number): Promise<ProductSource> {
  const res = await deps.es.search<ProductSource>({ index: indexName(deps.config, PRODUCTS_FAMILY), size: 1, query: { term: { id } }, _source: PRODUCT_SOURCE_FIELDS });
  const hit = res.hits.hits[0];
  if (!hit?._source) throw notFound(`product ${id}`);
  return hit._source;
}

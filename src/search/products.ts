// Product search, stage by stage like songs.ts: parse (readings.ts, with units) -> one plan each ('full' for a page
// with facets, 'prefix' for autocomplete) -> execute (product-query.ts's request, sent here) -> present (hits with
// the match offsets of matches.ts).
import type { Client, estypes } from '@elastic/elasticsearch';
import { matchRanges, type Range } from './matches';
import { readQueryParam, type SearchInput } from './readings';
import { facetValuesOf, type FacetValue } from './song-facets';
import { buildProductAutocomplete, buildProductSearch, type ProductFilters } from './product-query';

export interface ProductSource {
  id: number;
  name: string;
  brand: string;
  category: string;
  no_label: string;
  barcode?: string | null;
  image_url?: string | null;
  description?: string | null;
}

export interface ProductHit extends ProductSource {
  highlight?: { name?: string; description?: string };
  /** [start, end) string offsets of name characters the query matched (초성, jamo, keyboard layout, typo) */
  matches: { name: Range[] };
}
export interface ProductSearchResult {
  total: number;
  page: number;
  size: number;
  items: ProductHit[];
  facets: { category: FacetValue[]; brand: FacetValue[]; no_label: FacetValue[] };
  took_ms: number;
}

/** Where products are read from: the client and the products alias. */
export interface ProductIndex {
  es: Client;
  index: string;
}

export async function searchProducts(
  target: ProductIndex,
  input: SearchInput,
  filters: ProductFilters,
  page: { page: number; size: number },
): Promise<ProductSearchResult> {
  const started = performance.now();
  const res = await target.es.search<ProductSource>({
    index: target.index,
    ...buildProductSearch(input, filters, { from: (page.page - 1) * page.size, size: page.size }),
  });
  const total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
  const items = res.hits.hits.map((h: estypes.SearchHit<ProductSource>): ProductHit => {
    const hl = h.highlight ?? {};
    return {
      ...h._source!,
      highlight: { name: hl.name?.[0] ?? hl['name.prefix']?.[0], description: hl.description?.[0] },
      matches: { name: matchRanges(input, h._source!.name) },
    };
  });
  const aggs = res.aggregations ?? {};
  return {
    total,
    page: page.page,
    size: page.size,
    items,
    facets: {
      category: facetValuesOf(aggs.category),
      brand: facetValuesOf(aggs.brand),
      no_label: facetValuesOf(aggs.no_label),
    },
    took_ms: Math.round(performance.now() - started),
  };
}

/** What the products search route calls: q parsed (with the units reading), searched, both handed back. */
export async function searchProductsFor(
  target: ProductIndex,
  q: string,
  filters: ProductFilters,
  page: { page: number; size: number },
): Promise<{ input: SearchInput; answer: ProductSearchResult }> {
  const input = readQueryParam(q, { units: true });
  return { input, answer: await searchProducts(target, input, filters, page) };
}

export async function autocompleteProducts(
  target: ProductIndex,
  q: string,
  size: number,
): Promise<{ items: Array<ProductSource & { matches: { name: Range[] } }>; took_ms: number }> {
  const started = performance.now();
  const input = readQueryParam(q, { units: true });
  const res = await target.es.search<ProductSource>({
    index: target.index,
    request_cache: true,
    ...buildProductAutocomplete(input, size),
  });
  return {
    items: res.hits.hits.map((h) => ({ ...h._source!, matches: { name: matchRanges(input, h._source!.name) } })),
    took_ms: Math.round(performance.now() - started),
  };
}

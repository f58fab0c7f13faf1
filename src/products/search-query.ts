// Elasticsearch request bodies for product search and autocomplete, as pure functions of the parsed input.
import type { estypes } from '@elastic/elasticsearch';
import { compactText } from '../korean';

export interface ProductFilters { category?: string; brand?: string; noLabel?: string }

const CHOSUNG_ONLY = /^[\u3131-\u314e]+$/;
const DIGITS = /^\d{8,14}$/;

function textClauses(q: string, prefixBoost: number): estypes.QueryDslQueryContainer[] {
  const compact = compactText(q);
  const clauses: estypes.QueryDslQueryContainer[] = [
    // every word somewhere in name, brand, category or description ("무라벨 생수": 무라벨 in the name, 생수 the category)
    { multi_match: { query: q, type: 'cross_fields', operator: 'and', fields: ['name^3', 'brand.text^2', 'category.text', 'description^0.5'] } },
    { match: { name: { query: q, operator: 'and', boost: 3 } } },
    { match: { 'name.words': { query: q, operator: 'and', boost: 2 } } },
    { match: { 'brand.text': { query: q, boost: 1.5 } } },
    { match: { 'name.prefix': { query: q, operator: 'and', boost: prefixBoost } } },
    { match: { 'brand.prefix': { query: q, operator: 'and', boost: prefixBoost * 0.5 } } },
    { match: { description: { query: q, operator: 'and', boost: 0.5 } } },
  ];
  if (compact) {
    clauses.push({ match: { name_compact: { query: compact, boost: prefixBoost * 1.5 } } });
    clauses.push({ match: { brand_compact: { query: compact, boost: prefixBoost } } });
    if (compact.length >= 2) clauses.push({ match: { name_infix: { query: compact, operator: 'and', boost: 0.3 } } });
  }
  if (CHOSUNG_ONLY.test(compact)) {
    clauses.push({ match: { name_chosung: { query: compact, boost: prefixBoost } } });
    clauses.push({ match: { brand_chosung: { query: compact, boost: prefixBoost * 0.5 } } });
  }
  if (DIGITS.test(q.trim())) clauses.push({ term: { barcode: { value: q.trim(), boost: 10 } } });
  return clauses;
}

function filterClauses(f: ProductFilters, skip?: keyof ProductFilters): estypes.QueryDslQueryContainer[] {
  const out: estypes.QueryDslQueryContainer[] = [];
  if (f.category && skip !== 'category') out.push({ term: { category: f.category } });
  if (f.brand && skip !== 'brand') out.push({ term: { brand: f.brand } });
  if (f.noLabel && skip !== 'noLabel') out.push({ term: { no_label: f.noLabel } });
  return out;
}

/** A facet counts what the other selected filters allow, so the user still sees the alternatives to their own pick. */
function facet(field: string, filters: ProductFilters, skip: keyof ProductFilters, size: number): estypes.AggregationsAggregationContainer {
  return {
    filter: { bool: { filter: filterClauses(filters, skip) } },
    aggs: { values: { terms: { field, size } } },
  };
}

export function buildProductSearch(q: string, filters: ProductFilters, page: { from: number; size: number }): estypes.SearchRequest {
  return {
    from: page.from,
    size: page.size,
    track_total_hits: true,
    query: { bool: { should: textClauses(q, 1), minimum_should_match: 1 } },
    post_filter: { bool: { filter: filterClauses(filters) } },
    aggs: {
      category: facet('category', filters, 'category', 20),
      brand: facet('brand', filters, 'brand', 30),
      no_label: facet('no_label', filters, 'noLabel', 5),
    },
    highlight: {
      pre_tags: ['<em>'], post_tags: ['</em>'],
      fields: { name: { number_of_fragments: 0 }, 'name.prefix': { number_of_fragments: 0 }, description: { fragment_size: 80, number_of_fragments: 1 } },
    },
    _source: ['id', 'name', 'brand', 'category', 'no_label', 'barcode', 'image_url', 'description'],
  };
}

export function buildProductAutocomplete(q: string, size: number): estypes.SearchRequest {
  return {
    size,
    query: { bool: { should: textClauses(q, 3), minimum_should_match: 1 } },
    _source: ['id', 'name', 'brand', 'category', 'no_label'],
  };
}

// Elasticsearch request bodies for product search and autocomplete, as pure functions of the parsed input.
import type { estypes } from '@elastic/elasticsearch';
import { MAX_FUZZY_JAMO, parseSearchQuery, toJamo, type ParsedQuery, type QueryWord } from '../korean';
import { withProductUnits } from './units';

type Q = estypes.QueryDslQueryContainer;
export interface ProductFilters { category?: string; brand?: string; noLabel?: string }

const DIGITS = /^\d{8,14}$/;

/** One-or-two-edit jamo typo lookup on whole name words and suffixes (no prefix kept: the first syllable may be wrong). */
function typoClause(jamo: string, maxEdits: number, boost: number): Q[] {
  const n = [...jamo].length;
  if (n < 5 || n > MAX_FUZZY_JAMO) return [];
  const fuzziness = Math.min(n < 10 ? 1 : 2, maxEdits);
  return [{ fuzzy: { name_typo: { value: jamo, fuzziness, prefix_length: 0, max_expansions: 30, boost } } }];
}

/**
 * Each word by its own key (초성, letters, or a word one jamo off: "씨그램 래몬"), in any order. With 초성 among the
 * words one may be missing; otherwise every word must be found, so a typo in one word does not widen the results.
 */
function wordsClause(words: QueryWord[], boost: number, fuzzy: 'full' | 'light' | 'none'): Q[] {
  if (words.length < 2) return [];
  const word = (w: QueryWord): Q => {
    if (w.choseong) return { dis_max: { queries: [{ term: { name_chosung: w.choseong } }, { term: { brand_chosung: w.choseong } }] } };
    const queries: Q[] = [{ term: { name_compact: w.compact } }, { term: { brand_compact: w.compact } }, { term: { name_jamo: w.jamo } }];
    if (fuzzy !== 'none') queries.push(...typoClause(w.jamo, 1, 0.8));
    return { dis_max: { queries } };
  };
  const capped = words.slice(0, 8);
  const required = words.some((w) => w.choseong) ? capped.length - 1 : capped.length;
  return [{ bool: { should: capped.map(word), minimum_should_match: required, boost } }];
}

function textClauses(p: ParsedQuery, prefixBoost: number, fuzzy: 'full' | 'light' | 'none'): Q[] {
  const q = p.text;
  const clauses: Q[] = [
    // every word somewhere in name, brand, category or description ("무라벨 생수": 무라벨 in the name, 생수 the category)
    { multi_match: { query: q, type: 'cross_fields', operator: 'and', fields: ['name^3', 'brand.text^2', 'category.text', 'description^0.5'] } },
    { match: { name: { query: q, operator: 'and', boost: 3 } } },
    { match: { 'name.words': { query: q, operator: 'and', boost: 2 } } },
    { match: { 'brand.text': { query: q, boost: 1.5 } } },
    { match: { 'name.prefix': { query: q, operator: 'and', boost: prefixBoost } } },
    { match: { 'brand.prefix': { query: q, operator: 'and', boost: prefixBoost * 0.5 } } },
    { match: { description: { query: q, operator: 'and', boost: 0.5 } } },
    { term: { name_compact: { value: p.compact, boost: prefixBoost * 1.5 } } },
    { term: { brand_compact: { value: p.compact, boost: prefixBoost } } },
  ];
  if (p.compact.length >= 2) clauses.push({ match: { name_infix: { query: p.compact, operator: 'and', boost: 0.3 } } });
  if (p.choseong) {
    clauses.push({ term: { name_chosung: { value: p.choseong, boost: prefixBoost } } });
    clauses.push({ term: { brand_chosung: { value: p.choseong, boost: prefixBoost * 0.5 } } });
  }
  if (p.hasHangul && !p.choseong) {
    // half-typed last syllable ("무라벨 생ㅅ"), and jamo typos
    const jamo = toJamo(p.compact);
    clauses.push({ term: { name_jamo: { value: jamo, boost: prefixBoost } } });
    if (fuzzy !== 'none') clauses.push(...typoClause(jamo, fuzzy === 'full' ? 2 : 1, 0.8));
  }
  // Latin letters for a Hangul name ("pepsi" for 펩시), by the same loose romanization key as songs
  if (p.romanKey && p.romanKey.length >= 3) clauses.push({ term: { name_roman: { value: p.romanKey, boost: prefixBoost * 0.8 } } });
  clauses.push(...wordsClause(p.words, prefixBoost, fuzzy));
  if (DIGITS.test(q.trim())) clauses.push({ term: { barcode: { value: q.trim(), boost: 10 } } });
  return clauses;
}

/** The typed text plus its keyboard-layout readings (Korean typed in English mode and the reverse), prefix lookups only. */
function allClauses(p: ParsedQuery, prefixBoost: number, fuzzy: 'full' | 'light'): Q[] {
  const clauses = textClauses(p, prefixBoost, fuzzy);
  for (const other of [p.qwertyHangul, p.koreanModeLatin]) if (other) clauses.push(...textClauses(parseSearchQuery(other), prefixBoost * 0.9, 'none'));
  // "2리터", "500미리" as the names write them (2L, 500ml)
  const units = withProductUnits(p.text);
  if (units !== p.text) clauses.push(...textClauses(parseSearchQuery(units), prefixBoost, 'none'));
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

/** What a product answer shows (the Product contract in routes.ts); the search keys stay in the index. */
export const PRODUCT_SOURCE_FIELDS = ['id', 'name', 'brand', 'category', 'no_label', 'barcode', 'image_url', 'description'];

export function buildProductSearch(p: ParsedQuery, filters: ProductFilters, page: { from: number; size: number }): estypes.SearchRequest {
  return {
    from: page.from,
    size: page.size,
    track_total_hits: true,
    query: { bool: { should: allClauses(p, 1, 'full'), minimum_should_match: 1 } },
    post_filter: { bool: { filter: filterClauses(filters) } },
    aggs: {
      category: facet('category', filters, 'category', 20),
      brand: facet('brand', filters, 'brand', 30),
      no_label: facet('no_label', filters, 'noLabel', 5),
    },
    highlight: {
      // names and descriptions are escaped for HTML around the <em> tags (API clients insert highlights as is)
      encoder: 'html', pre_tags: ['<em>'], post_tags: ['</em>'],
      fields: { name: { number_of_fragments: 0 }, 'name.prefix': { number_of_fragments: 0 }, description: { fragment_size: 80, number_of_fragments: 1 } },
    },
    _source: PRODUCT_SOURCE_FIELDS,
  };
}

export function buildProductAutocomplete(p: ParsedQuery, size: number): estypes.SearchRequest {
  return {
    size,
    query: { bool: { should: allClauses(p, 3, 'light'), minimum_should_match: 1 } },
    _source: ['id', 'name', 'brand', 'category', 'no_label'],
  };
}

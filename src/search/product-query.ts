// Stage 3's requests for products: search (facets, highlights) and autocomplete, from the input's readings
// (readings.ts, with the 'units' reading: 2리터 -> 2l) and the products profile (product-relevance.ts). Pure.
import type { estypes } from '@elastic/elasticsearch';
import type { ParsedQuery, QueryWord } from '../korean';
import { fuzzinessFor } from './relevance';
import { productRelevance as R } from './product-relevance';
import type { SearchInput } from './readings';

type Q = estypes.QueryDslQueryContainer;
export interface ProductFilters {
  category?: string;
  brand?: string;
  noLabel?: string;
}
type Depth = 'search' | 'autocomplete';
type Fuzzy = 'full' | 'light' | 'none';

const DIGITS = /^\d{8,14}$/;

/** One-or-two-edit jamo typo lookup on whole name words and suffixes (no prefix kept: the first syllable may be wrong). */
function typoClause(jamo: string, maxEdits: number, boost: number): Q[] {
  const fuzziness = Math.min(fuzzinessFor(jamo), maxEdits);
  if (!fuzziness) return [];
  return [
    { fuzzy: { name_typo: { value: jamo, fuzziness, prefix_length: 0, max_expansions: R.typo.maxExpansions, boost } } },
  ];
}

/**
 * Each word by its own key (초성, letters, or a word one jamo off: "씨그램 래몬"), in any order. With 초성 among the
 * words one may be missing; otherwise every word must be found, so a typo in one word does not widen the results.
 */
function wordsClause(words: QueryWord[], boost: number, fuzzy: Fuzzy): Q[] {
  if (words.length < 2) return [];
  const word = (w: QueryWord): Q => {
    if (w.choseong)
      return {
        dis_max: { queries: [{ term: { name_chosung: w.choseong } }, { term: { brand_chosung: w.choseong } }] },
      };
    const queries: Q[] = [
      { term: { name_compact: w.compact } },
      { term: { brand_compact: w.compact } },
      { term: { name_jamo: w.jamo } },
    ];
    if (fuzzy !== 'none') queries.push(...typoClause(w.jamo, R.typo.wordEdits, R.typo.boost));
    return { dis_max: { queries } };
  };
  const capped = words.slice(0, R.words.maxWords);
  const required = words.some((w) => w.choseong) ? capped.length - 1 : capped.length;
  return [{ bool: { should: capped.map(word), minimum_should_match: required, boost } }];
}

function textClauses(p: ParsedQuery, prefixBoost: number, fuzzy: Fuzzy, typoEdits: number): Q[] {
  const F = R.fields;
  const q = p.text;
  const clauses: Q[] = [
    // every word somewhere in name, brand, category or description ("무라벨 생수": 무라벨 in the name, 생수 the category)
    {
      multi_match: {
        query: q,
        type: 'cross_fields',
        operator: 'and',
        fields: [
          `name^${F.crossFieldsName}`,
          `brand.text^${F.crossFieldsBrand}`,
          'category.text',
          `description^${F.crossFieldsDescription}`,
        ],
      },
    },
    { match: { name: { query: q, operator: 'and', boost: F.name } } },
    { match: { 'name.words': { query: q, operator: 'and', boost: F.nameWords } } },
    { match: { 'brand.text': { query: q, boost: F.brandText } } },
    { match: { 'name.prefix': { query: q, operator: 'and', boost: prefixBoost } } },
    { match: { 'brand.prefix': { query: q, operator: 'and', boost: prefixBoost * F.brandPrefixShare } } },
    { match: { description: { query: q, operator: 'and', boost: F.description } } },
    { term: { name_compact: { value: p.compact, boost: prefixBoost * F.nameCompactShare } } },
    { term: { brand_compact: { value: p.compact, boost: prefixBoost } } },
  ];
  if (p.compact.length >= F.infixMinChars)
    clauses.push({ match: { name_infix: { query: p.compact, operator: 'and', boost: F.infix } } });
  if (p.choseong) {
    clauses.push({ term: { name_chosung: { value: p.choseong, boost: prefixBoost } } });
    clauses.push({ term: { brand_chosung: { value: p.choseong, boost: prefixBoost * F.brandChosungShare } } });
  }
  if (p.hasHangul && !p.choseong) {
    // half-typed last syllable ("무라벨 생ㅅ"), and jamo typos (the compact text's jamo: it has no spaces)
    const jamo = p.jamo;
    clauses.push({ term: { name_jamo: { value: jamo, boost: prefixBoost } } });
    if (fuzzy !== 'none') clauses.push(...typoClause(jamo, typoEdits, R.typo.boost));
  }
  // Latin letters for a Hangul name ("pepsi" for 펩시), by the same loose romanization key as songs
  if (p.romanKey && p.romanKey.length >= F.romanMinChars)
    clauses.push({ term: { name_roman: { value: p.romanKey, boost: prefixBoost * F.romanShare } } });
  clauses.push(...wordsClause(p.words, prefixBoost, fuzzy));
  if (DIGITS.test(q.trim())) clauses.push({ term: { barcode: { value: q.trim(), boost: F.barcode } } });
  return clauses;
}

/** The typed text plus its other readings (keyboard layouts, units), prefix lookups only. */
function allClauses(input: SearchInput, depth: Depth): Q[] {
  const prefixBoost = R.prefixBoost[depth];
  const typoEdits = R.typoEdits[depth];
  const [typed, ...others] = input.readings;
  const clauses = textClauses(typed.query, prefixBoost, depth === 'search' ? 'full' : 'light', typoEdits);
  for (const reading of others) {
    const share =
      reading.name === 'units'
        ? R.readings.units
        : reading.name === 'otherLayoutUnlikely'
          ? R.readings.otherUnlikely
          : R.readings.other;
    clauses.push(...textClauses(reading.query, prefixBoost * share, 'none', typoEdits));
  }
  return clauses;
}

function filterClauses(f: ProductFilters, skip?: keyof ProductFilters): Q[] {
  const out: Q[] = [];
  if (f.category && skip !== 'category') out.push({ term: { category: f.category } });
  if (f.brand && skip !== 'brand') out.push({ term: { brand: f.brand } });
  if (f.noLabel && skip !== 'noLabel') out.push({ term: { no_label: f.noLabel } });
  return out;
}

/** A facet counts what the other selected filters allow, so the user still sees the alternatives to their own pick. */
function facet(
  field: string,
  filters: ProductFilters,
  skip: keyof ProductFilters,
  size: number,
): estypes.AggregationsAggregationContainer {
  return { filter: { bool: { filter: filterClauses(filters, skip) } }, aggs: { values: { terms: { field, size } } } };
}

/** What a product answer shows (the Product contract in src/products/routes.ts); the search keys stay in the index. */
export const PRODUCT_SOURCE_FIELDS = [
  'id',
  'name',
  'brand',
  'category',
  'no_label',
  'barcode',
  'image_url',
  'description',
];

export function buildProductSearch(
  input: SearchInput,
  filters: ProductFilters,
  page: { from: number; size: number },
): estypes.SearchRequest {
  return {
    from: page.from,
    size: page.size,
    track_total_hits: true,
    query: { bool: { should: allClauses(input, 'search'), minimum_should_match: 1 } },
    post_filter: { bool: { filter: filterClauses(filters) } },
    aggs: {
      category: facet('category', filters, 'category', R.facets.category),
      brand: facet('brand', filters, 'brand', R.facets.brand),
      no_label: facet('no_label', filters, 'noLabel', R.facets.no_label),
    },
    highlight: {
      // names and descriptions are escaped for HTML around the <em> tags (API clients insert highlights as is)
      encoder: 'html',
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
      fields: {
        name: { number_of_fragments: 0 },
        'name.prefix': { number_of_fragments: 0 },
        description: { fragment_size: 80, number_of_fragments: 1 },
      },
    },
    _source: PRODUCT_SOURCE_FIELDS,
  };
}

export function buildProductAutocomplete(input: SearchInput, size: number): estypes.SearchRequest {
  return {
    size,
    query: { bool: { should: allClauses(input, 'autocomplete'), minimum_should_match: 1 } },
    _source: ['id', 'name', 'brand', 'category', 'no_label'],
  };
}

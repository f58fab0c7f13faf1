// Builds the one Elasticsearch request for a parsed song query. Pure: unit tests read what it builds.
import type { estypes } from '@elastic/elasticsearch';
import { parseSearchQuery, type ParsedQuery } from '../korean';
import type { Brand } from './constants';
import { rankedQuery } from './ranking';

type Q = estypes.QueryDslQueryContainer;

/** 'autocomplete' runs at keystroke rates: prefix lookups only; 'search' adds word matching and typo tolerance. */
export type SongQueryMode = 'search' | 'autocomplete';
export interface SongSearchOptions { brand?: Brand; from: number; size: number; mode: SongQueryMode }

const jamoKey = (jamo: string) => jamo.replace(/\s+/g, '');
// fuzzing a long term costs Elasticsearch seconds (and past ~250 chars it refuses): typo tolerance is for short input
export const MAX_FUZZY_CHARS = 30;
const fuzzable = (s: string) => { const n = [...s].length; return n >= 3 && n <= MAX_FUZZY_CHARS; };

/** Clauses that match Hangul/Latin text as typed: exact, as-you-type prefixes, half-typed jamo, words, typos. */
function textClauses(p: ParsedQuery, weight: number, mode: SongQueryMode): Q[] {
  const clauses: Q[] = [
    { term: { title_exact: { value: p.compact, boost: 12 * weight } } },
    // a whole artist name or nickname ("소시", "방탄") outweighs titles that merely start with it ("소시지")
    // constant: an artist with hundreds of songs must not lose the rarity (idf) contest to one look-alike title
    { constant_score: { filter: { term: { artist_exact: p.compact } }, boost: 40 * weight } },
    { match: { title_compact: { query: p.compact, boost: 6 * weight } } },
    { match: { artist_compact: { query: p.compact, boost: 4 * weight } } },
    { match: { combo_compact: { query: p.compact, boost: 5 * weight } } },
    { multi_match: { query: p.text, type: 'cross_fields', fields: ['title.prefix^2', 'artist.prefix'], operator: 'and', boost: 1.5 * weight } },
  ];
  if (mode === 'search') {
    clauses.push({ multi_match: { query: p.text, type: 'cross_fields', fields: ['title^2', 'artist', 'alt_titles^2', 'artist_aliases'], operator: 'and', boost: 3 * weight } });
  }
  if (p.hasHangul) {
    for (const [i, jamo] of [p.jamo, ...p.jamoVariants].entries()) {
      const boost = (i === 0 ? 2 : 1.5) * weight;
      clauses.push({ match: { title_jamo: { query: jamoKey(jamo), boost } } }, { match: { artist_jamo: { query: jamoKey(jamo), boost: boost * 0.7 } } });
    }
  }
  if (mode === 'search' && fuzzable(p.compact)) {
    // typo tolerance: one edit on the spacing-free prefix, and on whole words
    clauses.push(
      { match: { title_compact: { query: p.compact, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, boost: 1.2 * weight } } },
      { match: { artist_compact: { query: p.compact, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, boost: 0.8 * weight } } },
      { multi_match: { query: p.text, fields: ['title.words^2', 'artist.words', 'alt_titles.words', 'artist_aliases.words'], fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, operator: 'and', boost: 0.8 * weight } },
    );
  }
  return clauses;
}

function romanClauses(romanKey: string, mode: SongQueryMode): Q[] {
  const clauses: Q[] = [
    { match: { title_roman: { query: romanKey, boost: 1.5 } } },
    { match: { artist_roman: { query: romanKey, boost: 1 } } },
  ];
  if (mode === 'search' && fuzzable(romanKey)) clauses.push({ match: { 'title_roman.fuzzy': { query: romanKey, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, boost: 0.6 } } });
  return clauses;
}

export function songQueryClauses(p: ParsedQuery, mode: SongQueryMode): Q[] {
  const should: Q[] = [];
  if (p.number) should.push({ term: { tj_no: { value: p.number, boost: 30 } } }, { term: { ky_no: { value: p.number, boost: 30 } } });
  if (p.choseong) {
    should.push({ match: { title_chosung: { query: p.choseong, boost: 6 } } }, { match: { artist_chosung: { query: p.choseong, boost: 4 } } });
  } else {
    should.push(...textClauses(p, 1, mode));
  }
  if (p.qwertyHangul) {
    const converted = parseSearchQuery(p.qwertyHangul);
    should.push(...textClauses(converted, 0.9, mode));
  }
  if (p.romanKey && !p.hasHangul) should.push(...romanClauses(p.romanKey, mode));
  return should;
}

export function brandFilter(brand?: Brand): Q[] {
  return brand ? [{ term: { brands: brand } }] : [];
}

export function buildSongSearch(p: ParsedQuery, opts: SongSearchOptions): estypes.SearchRequest {
  const request: estypes.SearchRequest = {
    from: opts.from,
    size: opts.size,
    track_total_hits: opts.mode === 'search',
    _source: ['id', 'title', 'artist', 'alt_titles', 'artist_aliases', 'tj_no', 'ky_no'],
    query: rankedQuery({ bool: { should: songQueryClauses(p, opts.mode), minimum_should_match: 1, filter: brandFilter(opts.brand) } }),
    sort: ['_score', { id: 'asc' }],
  };
  if (opts.mode === 'search') {
    request.highlight = {
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
      require_field_match: false,
      fields: { title: { number_of_fragments: 0 }, 'title.prefix': { number_of_fragments: 0 }, artist: { number_of_fragments: 0 }, 'artist.prefix': { number_of_fragments: 0 } },
    };
  }
  return request;
}

// The HTTP side of search input shared by every search route (songs, products): the q and paging parameters, the
// parsed query with the parser's refusals as 400s naming q, and the schema of match offsets in responses.
import { badRequest } from './errors';
import { queryInt, requiredText, z } from './api';
import { MAX_QUERY_CHARS, parseSearchQuery, InvalidQueryError, type ParsedQuery } from '../korean';

/** The search text (q) of every search and autocomplete route. */
export const searchText = requiredText(MAX_QUERY_CHARS);

/** Paging of full searches: 1-based page (at most 100), 1-50 hits a page (20 by default). */
export const pageParams = { page: queryInt(1, 1, 100), size: queryInt(20, 1, 50) };

/** The query's meaning (chosung, keyboard slips, brand numbers); its own errors are 400s naming q. */
export function parseQueryParam(q: string): ParsedQuery {
  try {
    return parseSearchQuery(q);
  } catch (err) {
    if (err instanceof InvalidQueryError) throw badRequest(err.code, err.message, { parameter: 'q' });
    throw err;
  }
}

/** [start, end) offsets (JavaScript string indices) of the characters a query matched, for highlighting. */
export const MatchRanges = z.array(z.tuple([z.number().int(), z.number().int()]))
  .openapi({ description: '[start, end) string offsets of matched characters: 초성, half-typed jamo, keyboard layout, pronunciation and typo hits included' });

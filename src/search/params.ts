// The HTTP contract of search input and output shared by every search route (songs, products): the q and paging
// parameters, and the schema of match offsets in responses. The q text becomes readings in readings.ts.
import { queryInt, requiredText, z } from '../platform/api';
import { MAX_QUERY_CHARS } from '../korean';

/** The search text (q) of every search and autocomplete route. */
export const searchText = requiredText(MAX_QUERY_CHARS);

/** Paging of full searches: 1-based page (at most 100), 1-50 hits a page (20 by default). */
export const pageParams = { page: queryInt(1, 1, 100), size: queryInt(20, 1, 50) };

/** [start, end) offsets (JavaScript string indices) of the characters a query matched, for highlighting. */
export const MatchRanges = z.array(z.tuple([z.number().int(), z.number().int()])).openapi({
  description:
    '[start, end) string offsets of matched characters: 초성, half-typed jamo, keyboard layout, pronunciation and typo hits included',
});

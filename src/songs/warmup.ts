// The songs index's warm-up profile (platform/index-warmup.ts): recent real song searches from Postgres's search_log
// (or data/songs/warmup-queries.json when there are none), each turned into every request body the live path sends
// for it by the same builders: its keystroke prefixes as autocomplete (completion suggesters, prefix query, typo
// retry) and the whole query as a full search.
import type { estypes } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import { readJson } from '../platform/index-admin';
import { sampleDistinct, type WarmupProfile } from '../platform/index-warmup';
import { readQuery } from '../search/readings';
import { songRelevance } from '../search/relevance';
import { buildKeystrokeRequest } from '../search/song-keystroke';
import { buildSongQuery } from '../search/song-query';

const KEYSTROKE_MAX_CHARS = songRelevance.keystroke.maxChars;

/** distinct queries replayed per round */
export const WARMUP_QUERIES = 150;
// the sizes routes.ts asks for: autocomplete's 10 suggestions, a search's default page of 20
const AUTOCOMPLETE_SIZE = songRelevance.autocomplete.size;
const SEARCH_PAGE_SIZE = 20;

/** The most searched song queries of the last day, most frequent first (autocomplete keystrokes are not logged). */
export async function recentSongQueries(pg: Pool, limit = WARMUP_QUERIES): Promise<string[]> {
  const { rows } = await pg.query<{ query: string }>(
    `SELECT query FROM search_log
      WHERE scope = 'songs' AND searched_at > now() - interval '1 day'
      GROUP BY query ORDER BY count(*) DESC, max(searched_at) DESC LIMIT $1`,
    [limit * 2],
  );
  return sampleDistinct(
    rows.map((r) => r.query),
    limit,
  );
}

/** The fixed mix replayed when the log has no searches of the last day (a fresh deployment, the benchmark). */
export function fallbackSongQueries(): string[] {
  return readJson<{ queries: string[] }>('data/songs/warmup-queries.json').queries;
}

/** What the autocomplete route receives while the query is typed: its first 1..KEYSTROKE_MAX_CHARS characters, then all of it. */
export function typedPrefixes(query: string): string[] {
  const chars = [...query.trim()];
  const prefixes = chars.slice(0, KEYSTROKE_MAX_CHARS).map((_, i) =>
    chars
      .slice(0, i + 1)
      .join('')
      .trim(),
  );
  return sampleDistinct([...prefixes, chars.join('')], KEYSTROKE_MAX_CHARS + 1);
}

/**
 * Every request body the live path may send for these queries (search.ts: keystroke request, full prefix query, typo
 * retry for each autocomplete input; the first page of a full search), each distinct body once.
 */
export function songWarmupRequests(queries: string[], opts: { keystroke: boolean }): estypes.SearchRequest[] {
  const bodies = new Map<string, estypes.SearchRequest>();
  const add = (body: estypes.SearchRequest | null) => {
    if (body) bodies.set(JSON.stringify(body), body);
  };
  const parse = (q: string) => {
    try {
      return readQuery(q);
    } catch {
      return undefined;
    }
  };
  for (const query of queries) {
    for (const input of typedPrefixes(query)) {
      const parsed = parse(input);
      if (!parsed) continue;
      if (opts.keystroke) add(buildKeystrokeRequest(parsed, { size: AUTOCOMPLETE_SIZE })?.request ?? null);
      add(buildSongQuery(parsed, 'prefix', { from: 0, size: AUTOCOMPLETE_SIZE }));
      add(buildSongQuery(parsed, 'typo', { from: 0, size: AUTOCOMPLETE_SIZE }));
    }
    const parsed = parse(query);
    if (parsed) add(buildSongQuery(parsed, 'full', { from: 0, size: SEARCH_PAGE_SIZE, filters: {} }));
  }
  return [...bodies.values()];
}

export const songsWarmup: WarmupProfile = {
  async requests(ctx) {
    const logged = await recentSongQueries(ctx.pg);
    const queries = logged.length ? logged : sampleDistinct(fallbackSongQueries(), WARMUP_QUERIES);
    return songWarmupRequests(queries, {
      keystroke: (ctx.config as { autocompleteKeystroke?: boolean }).autocompleteKeystroke !== false,
    });
  },
};

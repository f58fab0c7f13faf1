// "A search happened": the one call the songs and products search routes make after answering (first page only;
// autocomplete keystrokes are not searches), through answerSearch. It counts the query for trending (Redis), appends
// it to the search logs (Postgres + Elasticsearch, batched) and, for songs, to the behaviour events. It never throws:
// recording a search must not fail the search.
import type { Request } from 'express';
import type { Deps } from '../platform/deps';
import { parseQueryParam } from '../platform/search-params';
import type { ParsedQuery } from '../korean';
import { callerOf, type Caller } from '../users/caller';
import { normalizeQuery } from '../trending/normalize';
import type { TrendingScope } from '../trending/segments';
import { countSearch, type CountOutcome } from '../trending/store';
import { ipSubject } from '../abuse/ip';

export interface SearchHappened {
  scope: TrendingScope;
  query: string;
  resultCount: number;
  tookMs: number;
}

/** Who searched, as far as recording needs: a Caller (users/caller.ts) or a part of one. */
export type Searcher = Partial<Caller>;

export async function recordSearch(deps: Deps, caller: Searcher, search: SearchHappened, now: Date = new Date()): Promise<{ trending: CountOutcome | 'failed' }> {
  const { gender, ageBand, sessionId, ip } = caller;
  const userId = caller.userId === undefined ? undefined : String(caller.userId);
  const normalized = normalizeQuery(search.query);
  deps.writers.searchLogs.add({
    at: now, scope: search.scope, query: search.query.slice(0, 200), normalizedQuery: normalized?.key ?? '',
    userId, gender, ageBand, resultCount: search.resultCount, tookMs: search.tookMs,
  });
  // the events table holds song behaviour (it trains recommendations); product searches live in search_log
  if (search.scope === 'songs') deps.writers.events.add({ kind: 'search', userId: caller.userId, sessionId, query: search.query, at: now });
  // a query that found nothing is not something others are looking for
  if (search.resultCount <= 0) return { trending: 'ignored' };
  // once per user, else per address (IPv6 by /64): a client-chosen X-Session-Id must not buy extra counts
  const actor = userId ? `u:${userId}` : ip ? `ip:${ipSubject(ip)}` : undefined;
  try {
    return { trending: await countSearch(deps.redis, deps.config, { scope: search.scope, query: search.query, gender, ageBand, actor }, now) };
  } catch (err) {
    deps.logger.warn('trending count failed', { err });
    return { trending: 'failed' };
  }
}

/**
 * What every search route does between validation and its answer: parse q, run the search, and for the first page
 * (paging is not a new query) record the search without making the answer wait for it.
 */
export async function answerSearch<R extends { total: number; took_ms: number }>(
  deps: Deps, req: Request, scope: TrendingScope, query: { q: string; page: number }, search: (parsed: ParsedQuery) => Promise<R>,
): Promise<R> {
  const parsed = parseQueryParam(query.q);
  const result = await search(parsed);
  if (query.page === 1) deps.writers.track(recordSearch(deps, callerOf(req), { scope, query: parsed.raw, resultCount: result.total, tookMs: result.took_ms }));
  return result;
}

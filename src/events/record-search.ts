// "A search happened": the step the songs and products search routes take after answering (first page only;
// autocomplete keystrokes are not searches), through recordAnswer. It counts the catalog name the query resolved to
// for trending (Redis; text that resolved to nothing is not counted), appends it to the search logs (Postgres +
// Elasticsearch, batched) and, for songs, to the behaviour events. It never throws: recording must not fail the search.
import type { Request } from 'express';
import type { Deps } from '../platform/deps';
import { readQuery, type SearchInput } from '../search/readings';
import { callerOf, type Caller } from '../core/caller';
import { normalizeQuery } from '../trending/normalize';
import type { TrendingScope } from '../trending/segments';
import { countSearch, type CountOutcome } from '../trending/store';
import { RESOLVE_DEPTH, resolveTerm, type TrendingTerm } from '../trending/resolve';
import { actorOf, countingAddressOf } from './sessions';

export interface SearchHappened {
  scope: TrendingScope;
  query: string;
  resultCount: number;
  tookMs: number;
  /** the first hits of the answer, best first (the search routes' items): trending counts the name the query found among them */
  hits?: unknown[];
  /** the query's readings as the search parsed them (absent: read again from `query`) */
  input?: SearchInput;
  /** other names of an artist (songs: the artist alias book), so "아이유" and "IU" count as one */
  aliasesOf?: (artist: string) => string[];
}

/** Who searched, as far as recording needs: a Caller (users/caller.ts) or a part of one. */
export type Searcher = Partial<Caller>;

export async function recordSearch(
  deps: Deps,
  caller: Searcher,
  search: SearchHappened,
  now: Date = new Date(),
): Promise<{ trending: CountOutcome | 'failed' }> {
  const { gender, ageBand, sessionId, ip } = caller;
  const userId = caller.userId === undefined ? undefined : String(caller.userId);
  const normalized = normalizeQuery(search.query);
  deps.writers.searchLogs.add({
    at: now,
    scope: search.scope,
    query: search.query.slice(0, 200),
    normalizedQuery: normalized?.key ?? '',
    userId,
    gender,
    ageBand,
    resultCount: search.resultCount,
    tookMs: search.tookMs,
  });
  // the events table holds song behaviour (it trains recommendations); product searches live in search_log
  if (search.scope === 'songs') {
    const who = await actorOf(deps, caller);
    deps.writers.events.add({
      kind: 'search',
      userId: caller.userId,
      sessionId,
      query: search.query,
      at: now,
      actor: who.actor,
      ipSubject: who.ipSubject,
    });
  }
  // a query that found nothing is not something others are looking for
  if (search.resultCount <= 0) return { trending: 'ignored' };
  const term = trendingTermOf(search);
  if (!term) return { trending: 'ignored' };
  // once per user, else per address (IPv6 by /48): a client-chosen X-Session-Id must not buy extra counts
  const actor = userId ? `u:${userId}` : ip ? `ip:${countingAddressOf(ip)}` : undefined;
  try {
    return {
      trending: await countSearch(
        deps.redis,
        deps.config,
        { scope: search.scope, query: term.label, key: term.key, gender, ageBand, actor, userId: caller.userId },
        now,
      ),
    };
  } catch (err) {
    deps.logger.warn('trending count failed', { err });
    return { trending: 'failed' };
  }
}

/**
 * The route's step after a search answered: for the first page (paging is not a new query) record the search
 * without making the answer wait for it.
 */
export function recordAnswer(
  deps: Deps,
  req: Request,
  scope: TrendingScope,
  input: SearchInput,
  page: number,
  answer: { total: number; took_ms: number; items?: unknown[] },
  aliasesOf?: (artist: string) => string[],
): void {
  if (page !== 1) return;
  const hits = Array.isArray(answer.items) ? answer.items.slice(0, RESOLVE_DEPTH) : [];
  deps.writers.track(
    recordSearch(deps, callerOf(req), {
      scope,
      query: input.typed.raw,
      resultCount: answer.total,
      tookMs: answer.took_ms,
      hits,
      input,
      aliasesOf,
    }),
  );
}

/** The catalog name a search resolved to (trending/resolve.ts), or undefined: then it is not counted for trending. */
function trendingTermOf(search: SearchHappened): TrendingTerm | undefined {
  let input = search.input;
  if (!input) {
    try {
      input = readQuery(search.query);
    } catch {
      return undefined;
    }
  }
  const aliasesOf = (artist: string) => {
    try {
      return search.aliasesOf?.(artist) ?? [];
    } catch {
      return [];
    }
  };
  return resolveTerm(search.scope, input, search.hits ?? [], aliasesOf);
}

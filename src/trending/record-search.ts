// The one call a search route makes after answering: counts the query for trending (Redis) and appends it to the
// search logs (Postgres + Elasticsearch, batched). It never throws: logging a search must not fail the search.
import type { Request } from 'express';
import type { Deps } from '../platform/deps';
import { callerOf } from '../abuse/caller';
import { sessionIdOf } from '../events/store';
import { normalizeQuery } from './normalize';
import { ageBandOf, genderOf, type TrendingScope } from './segments';
import { countSearch, type CountOutcome } from './store';

export interface SearchEvent {
  scope: TrendingScope;
  query: string;
  userId?: string | number;
  /** 'female' | 'male' (or 'f' / 'm') */
  gender?: string;
  /** '20s', an age, or Kakao's '20~29' */
  ageBand?: string | number;
  /** for anonymous callers: repeats from one session (else IP) count once per window */
  sessionId?: string;
  ip?: string;
  resultCount: number;
  tookMs: number;
}

/** The caller-derived part of a SearchEvent: spread it in, `{ ...searchEventFrom(req), scope, query, resultCount, tookMs }`. */
export function searchEventFrom(req: Request): Pick<SearchEvent, 'userId' | 'gender' | 'ageBand' | 'ip' | 'sessionId'> {
  const c = callerOf(req);
  return { userId: c.userId, gender: c.gender, ageBand: c.ageRange, ip: c.ip, sessionId: sessionIdOf(req) };
}

export async function recordSearch(deps: Deps, event: SearchEvent, now: Date = new Date()): Promise<{ trending: CountOutcome | 'failed' }> {
  const gender = genderOf(event.gender);
  const ageBand = ageBandOf(event.ageBand);
  const userId = event.userId === undefined || event.userId === null ? undefined : String(event.userId);
  const normalized = normalizeQuery(event.query);
  deps.writers.searchLogs.add({
    at: now, scope: event.scope, query: event.query.slice(0, 200), normalizedQuery: normalized?.key ?? '',
    userId, gender, ageBand, resultCount: event.resultCount, tookMs: event.tookMs,
  });
  // a query that found nothing is not something others are looking for
  if (event.resultCount <= 0) return { trending: 'ignored' };
  const actor = userId ? `u:${userId}` : event.sessionId ? `s:${event.sessionId}` : event.ip ? `ip:${event.ip}` : undefined;
  try {
    return { trending: await countSearch(deps.redis, deps.config, { scope: event.scope, query: event.query, gender, ageBand, actor }, now) };
  } catch (err) {
    deps.logger.warn('trending count failed', { error: (err as Error).message });
    return { trending: 'failed' };
  }
}

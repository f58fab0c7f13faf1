// Trending counters in Redis: one sorted set per (scope, demographic bucket, minute), summed with decay
// weights at read time (ZUNIONSTORE WEIGHTS). Keys expire on their own once no window can need them. What is counted is
// a catalog name a search resolved to (resolve.ts), and a term is shown only once TRENDING_MIN_USERS different
// signed-in users searched it in the window: one sorted set per (scope, bucket, term) of user ids by minute.
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import type { Config } from '../platform/config';
import { normalizeQuery } from './normalize';
import { isOffensive } from './offensive';
import { compareWindows, minuteOf, windowWeights, type Movement, type RankedEntry } from './scoring';
import { segmentOf, segmentsFor, type TrendingScope } from './segments';
import type { Demographic } from '../core/demographics';

type TrendingConfig = Pick<Config, 'trending'>;

const bucketKey = (scope: string, segment: string, minute: number) => `trend:${scope}:${segment}:${minute}`;
const formKey = (scope: string, key: string) => `trend:${scope}:form:${key}`;
const seenKey = (scope: string, actor: string, key: string) => `trend:${scope}:seen:${actor}:${key}`;
const usersKey = (scope: string, segment: string, key: string) => `trend:${scope}:users:${segment}:${key}`;

// KEYS: n bucket keys, n signed-in-users keys (same buckets), the surface-form key, then (when deduplicating) the seen key.
// ARGV: n, minute, windowMinutes, dedup(1|0), seenTtl, bucketTtl, key, surface, user id ('' when not signed in)
const COUNT_SEARCH = `
local n = tonumber(ARGV[1])
local minute = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
if ARGV[4] == '1' then
  local last = redis.call('GET', KEYS[2 * n + 2])
  if last and minute - tonumber(last) < window and minute >= tonumber(last) then return 0 end
  redis.call('SET', KEYS[2 * n + 2], minute, 'EX', ARGV[5])
end
for i = 1, n do
  redis.call('ZINCRBY', KEYS[i], 1, ARGV[7])
  redis.call('EXPIRE', KEYS[i], ARGV[6])
  if ARGV[9] ~= '' then
    redis.call('ZADD', KEYS[n + i], 'GT', minute, ARGV[9])
    redis.call('ZREMRANGEBYSCORE', KEYS[n + i], '-inf', minute - 2 * window)
    redis.call('EXPIRE', KEYS[n + i], ARGV[6])
  end
end
redis.call('ZINCRBY', KEYS[2 * n + 1], 1, ARGV[8])
redis.call('EXPIRE', KEYS[2 * n + 1], ARGV[6])
return 1`;

/** Seconds a minute bucket lives: the current window plus the previous one (for up/down/new), plus slack. */
export const bucketTtlSeconds = (windowMinutes: number) => (2 * windowMinutes + 2) * 60;

export interface TrendingSearch extends Demographic {
  scope: TrendingScope;
  /** the catalog name shown for the term (resolve.ts) */
  query: string;
  /** what counts are grouped by (song:<id>, artist:<name>, ...); the normalized name when absent */
  key?: string;
  /** who searched (user id, else address); repeats by one actor count once per window */
  actor?: string;
  /** the signed-in user who searched: only distinct users make a term shown (TRENDING_MIN_USERS) */
  userId?: number;
}

export type CountOutcome = 'counted' | 'duplicate' | 'ignored';

export async function countSearch(
  redis: Redis,
  config: TrendingConfig,
  search: TrendingSearch,
  now: Date = new Date(),
): Promise<CountOutcome> {
  const q = normalizeQuery(search.query);
  if (!q || isOffensive(q.surface) || isOffensive(q.key)) return 'ignored';
  const key = search.key ?? q.key;
  const { windowMinutes } = config.trending;
  const minute = minuteOf(now);
  const segments = segmentsFor(search);
  const keys = [
    ...segments.map((s) => bucketKey(search.scope, s, minute)),
    ...segments.map((s) => usersKey(search.scope, s, key)),
    formKey(search.scope, key),
  ];
  if (search.actor) keys.push(seenKey(search.scope, search.actor, key));
  const counted = await redis.eval(
    COUNT_SEARCH,
    keys.length,
    ...keys,
    segments.length,
    minute,
    windowMinutes,
    search.actor ? 1 : 0,
    windowMinutes * 60 + 60,
    bucketTtlSeconds(windowMinutes),
    key,
    q.surface,
    search.userId ?? '',
  );
  return counted === 1 ? 'counted' : 'duplicate';
}

export interface TrendingItem {
  rank: number;
  query: string;
  key: string;
  score: number;
  movement: Movement;
  previous_rank: number | null;
}
export interface TrendingList {
  scope: TrendingScope;
  segment: string;
  window_minutes: number;
  half_life_minutes: number;
  as_of: string;
  items: TrendingItem[];
}

function pairs(flat: string[]): RankedEntry[] {
  const out: RankedEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ key: flat[i], score: Number(flat[i + 1]) });
  return out;
}

const CANDIDATES = 100; // read more than shown so filtered entries (offensive, too few users) leave no gap
const PREVIOUS_DEPTH = 100;

type ReadOptions = Demographic & { scope: TrendingScope; limit?: number };

// Concurrent reads of the same list share one computation (per process); finished lists are shared across
// processes through Redis for config.trending.cacheSeconds.
const inFlight = new Map<string, Promise<TrendingList>>();

/** The trending list for a scope and demographic: cached for a few seconds, computed by computeTrending. */
export async function readTrending(
  redis: Redis,
  config: TrendingConfig,
  opts: ReadOptions,
  now: Date = new Date(),
): Promise<TrendingList> {
  const ttl = config.trending.cacheSeconds;
  if (ttl <= 0) return computeTrending(redis, config, opts, now);
  const key = `trend:cache:${opts.scope}:${segmentOf(opts)}:${opts.limit ?? 10}:${minuteOf(now)}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = (async () => {
    const cached = await redis.get(key);
    if (cached) return JSON.parse(cached) as TrendingList;
    const list = await computeTrending(redis, config, opts, now);
    await redis.set(key, JSON.stringify(list), 'EX', ttl);
    return list;
  })();
  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/** Sums the window's minute buckets with decay weights (and the previous window's, for movement), uncached. */
export async function computeTrending(
  redis: Redis,
  config: TrendingConfig,
  opts: ReadOptions,
  now: Date = new Date(),
): Promise<TrendingList> {
  const { windowMinutes, halfLifeMinutes, minUsers } = config.trending;
  const limit = opts.limit ?? 10;
  const segment = segmentOf(opts);
  const nowMinute = minuteOf(now);
  const tmp = `trend:tmp:${crypto.randomUUID()}`;
  const union = (endMinute: number, dest: string) => {
    const w = windowWeights(endMinute, windowMinutes, halfLifeMinutes);
    return [
      'zunionstore',
      dest,
      w.length,
      ...w.map((x) => bucketKey(opts.scope, segment, x.minute)),
      'WEIGHTS',
      ...w.map((x) => x.weight),
    ] as const;
  };
  const res = await redis
    .multi()
    .call(...union(nowMinute, `${tmp}:cur`))
    .zrevrange(`${tmp}:cur`, 0, CANDIDATES - 1, 'WITHSCORES')
    .call(...union(nowMinute - windowMinutes, `${tmp}:prev`))
    .zrevrange(`${tmp}:prev`, 0, PREVIOUS_DEPTH - 1, 'WITHSCORES')
    .del(`${tmp}:cur`, `${tmp}:prev`)
    .exec();
  if (!res) throw new Error('trending read transaction was aborted');
  for (const [err] of res) if (err) throw err;
  // a term needs minUsers different signed-in users whose last counted search is inside the window (from `since` on)
  const shownSince = async (list: RankedEntry[], since: number) => {
    const candidates = list.filter((e) => !isOffensive(e.key));
    if (!candidates.length) return candidates;
    const users = await redis
      .pipeline(candidates.map((e) => ['zcount', usersKey(opts.scope, segment, e.key), since, '+inf']))
      .exec();
    return candidates.filter((_e, i) => Number(users?.[i]?.[1] ?? 0) >= minUsers);
  };
  const current = (await shownSince(pairs(res[1][1] as string[]), nowMinute - windowMinutes + 1)).slice(0, limit);
  const previous = await shownSince(pairs(res[3][1] as string[]), nowMinute - 2 * windowMinutes + 1);
  const ranked = compareWindows(current, previous);
  const forms = ranked.length
    ? await redis.pipeline(ranked.map((e) => ['zrevrange', formKey(opts.scope, e.key), 0, 0])).exec()
    : [];
  const items = ranked.map((e, i): TrendingItem => {
    const surface = (forms?.[i]?.[1] as string[] | undefined)?.[0];
    return {
      rank: e.rank,
      query: surface && !isOffensive(surface) ? surface : e.key,
      key: e.key,
      score: Math.round(e.score * 1000) / 1000,
      movement: e.movement,
      previous_rank: e.previousRank,
    };
  });
  return {
    scope: opts.scope,
    segment,
    window_minutes: windowMinutes,
    half_life_minutes: halfLifeMinutes,
    as_of: now.toISOString(),
    items,
  };
}

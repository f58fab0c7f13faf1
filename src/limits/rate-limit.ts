// Rate-limit middleware for search, writes, sign-in starts and readiness: per IP always, and per user when signed in,
// checked in Redis on every request (routes hit at keystroke rates use batched-limit.ts, which shares the counters).
// Over the limit is a 429 with Retry-After and the standard error body. If Redis is down we let requests through.
import type { Request, RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError } from '../platform/errors';
import { callerOf } from '../core/caller';
import { ipSubjects, isWideIpSubject } from '../core/ip-subject';
import { allows, retryAfterSeconds, windowPosition, type WindowCounts } from './sliding-window';

export type LimitedAction =
  'search' | 'autocomplete' | 'write' | 'recommend' | 'auth_start' | 'readiness' | 'signup' | 'account_mail';

// KEYS: (previous, current) per subject. ARGV: weight of previous, ttl, then one limit per subject.
// Checks every subject first and counts the request for all of them only when all allow it.
const CHECK_AND_COUNT = `
local weight = tonumber(ARGV[1])
local counts = {}
local ok = 1
for i = 1, #KEYS, 2 do
  local limit = tonumber(ARGV[2 + (i + 1) / 2])
  local prev = tonumber(redis.call('GET', KEYS[i]) or '0')
  local curr = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  if prev * weight + curr + 1 > limit then ok = 0 end
  table.insert(counts, prev)
  table.insert(counts, curr)
end
if ok == 1 then
  for i = 1, #KEYS, 2 do
    counts[i + 1] = redis.call('INCR', KEYS[i + 1])
    redis.call('EXPIRE', KEYS[i + 1], ARGV[2])
  end
end
table.insert(counts, 1, ok)
return counts`;

/** The Redis counter of one subject's requests in one fixed window. */
export const windowKey = (action: LimitedAction, subject: string, index: number) => `rl:${action}:${subject}:${index}`;

/** Who a request counts against: its address (IPv6 per /64, and per /48 under a wider limit) always, and its user when signed in. */
export function subjectsOf(req: Request): string[] {
  const caller = callerOf(req);
  const subjects = ipSubjects(caller.ip).map((s) => `ip:${s}`);
  if (caller.userId) subjects.push(`u:${caller.userId}`);
  return subjects;
}

/** One subject's limit: an IPv6 /48 holds a whole site's /64s, so it gets RATE_LIMIT_IPV6_48_FACTOR times the limit. */
export function subjectLimit(config: Deps['config'], subject: string, limit: number): number {
  return isWideIpSubject(subject) ? limit * config.rateLimits.ipv6WideFactor : limit;
}

/**
 * The decision from each subject's counts and limit (`pending` is 1 when the request is not in the counts yet): the
 * limit and what is left are the tightest subject's, Retry-After the longest wait of a subject that refuses.
 */
export function decisionOf(
  counts: WindowCounts[],
  limits: number[],
  elapsed: number,
  windowSeconds: number,
  allowed: boolean,
  pending: 0 | 1,
): LimitDecision {
  let tightest = 0;
  let remaining = Infinity;
  counts.forEach((c, i) => {
    const left = limits[i] - (c.previous * (1 - elapsed) + c.current + (allowed ? pending : 0));
    if (left < remaining) {
      remaining = left;
      tightest = i;
    }
  });
  const refusing = counts.map((c, i) => ({ c, limit: limits[i] })).filter(({ c, limit }) => !allows(c, elapsed, limit));
  const retryAfter = allowed
    ? 0
    : Math.max(...refusing.map(({ c, limit }) => retryAfterSeconds(c, elapsed, limit, windowSeconds)));
  const limit = allowed || !refusing.length ? limits[tightest] : refusing[0].limit;
  return { allowed, limit, remaining: Math.max(0, Math.floor(remaining)), retryAfter };
}

export function limitFor(config: Deps['config'], action: LimitedAction): number {
  const r = config.rateLimits;
  const perMinute = {
    search: r.searchPerMinute,
    autocomplete: r.autocompletePerMinute,
    write: r.writePerMinute,
    recommend: r.recommendPerMinute,
    auth_start: r.authStartPerMinute,
    readiness: r.readinessPerMinute,
    signup: r.signupPerMinute,
    account_mail: r.accountMailPerMinute,
  }[action];
  const { windowSeconds } = r;
  return Math.max(1, Math.round((perMinute * windowSeconds) / 60));
}

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfter: number;
}

export async function checkRateLimit(
  deps: Pick<Deps, 'redis' | 'config'>,
  action: LimitedAction,
  subjects: string[],
  nowMs: number = Date.now(),
): Promise<LimitDecision> {
  const { windowSeconds } = deps.config.rateLimits;
  const limit = limitFor(deps.config, action);
  const limits = subjects.map((s) => subjectLimit(deps.config, s, limit));
  const { index, elapsed } = windowPosition(nowMs, windowSeconds);
  const keys = subjects.flatMap((s) => [windowKey(action, s, index - 1), windowKey(action, s, index)]);
  const raw = (await deps.redis.eval(
    CHECK_AND_COUNT,
    keys.length,
    ...keys,
    1 - elapsed,
    windowSeconds * 2,
    ...limits,
  )) as number[];
  const allowed = raw[0] === 1;
  const counts: WindowCounts[] = [];
  for (let i = 1; i < raw.length; i += 2) counts.push({ previous: Number(raw[i]), current: Number(raw[i + 1]) });
  // an admitted request is already in the counts Redis returned
  return decisionOf(counts, limits, elapsed, windowSeconds, allowed, 0);
}

export function tooManyRequests(action: LimitedAction, d: LimitDecision, windowSeconds: number): AppError {
  return new AppError(
    429,
    'rate_limited',
    `too many ${action} requests, retry in ${d.retryAfter} s`,
    { action, limit: d.limit, window_seconds: windowSeconds, retry_after_seconds: d.retryAfter },
    { 'Retry-After': String(d.retryAfter) },
  );
}

/** Middleware: `router.get('/api/songs/search', rateLimit(deps, 'search'), handler)`. */
export function rateLimit(
  deps: Pick<Deps, 'redis' | 'config' | 'logger'>,
  action: LimitedAction,
  clock: () => number = Date.now,
): RequestHandler {
  return async (req, res, next) => {
    const subjects = subjectsOf(req);
    let decision: LimitDecision;
    try {
      decision = await checkRateLimit(deps, action, subjects, clock());
    } catch (err) {
      deps.logger.warn('rate limit check failed, letting the request through', {
        action,
        error: (err as Error).message,
      });
      return next();
    }
    res.setHeader('RateLimit-Limit', String(decision.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) return next(tooManyRequests(action, decision, deps.config.rateLimits.windowSeconds));
    next();
  };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The write limit applied once, app-wide, to every mutating request (sign-up, lists, events, proofs, ...). */
export function limitWrites(deps: Pick<Deps, 'redis' | 'config' | 'logger'>): RequestHandler {
  const limit = rateLimit(deps, 'write');
  return (req, res, next) => (WRITE_METHODS.has(req.method) ? limit(req, res, next) : next());
}

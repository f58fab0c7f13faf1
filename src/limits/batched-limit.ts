// Rate limits for routes hit at keystroke rates (autocomplete, similar songs, recommendations) without a Redis round
// trip per request. A process judges each request on the sliding-window counts it last read from Redis plus what it
// admitted since, and adds its admissions to Redis in one batched call: when it first sees a subject, when a subject
// nears its limit, and at least every SYNC_MS while requests come. Within one process the count is exact; across
// processes a subject can get ahead by what the others admitted since their last sync. The keys and the window are
// rate-limit.ts's, so both kinds of limit count in the same buckets. Redis down: each process goes on judging by its
// own counts, which wait for the next sync that works. Memory is bounded: at most maxSubjects tallies (the least
// recently seen one goes first, its unsent admissions still reach Redis), and subjects idle for two windows are swept.
import type { RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import {
  decisionOf,
  limitFor,
  subjectLimit,
  subjectsOf,
  tooManyRequests,
  windowKey,
  type LimitDecision,
  type LimitedAction,
} from './rate-limit';
import { allows, slidingCount, windowPosition, type WindowCounts } from './sliding-window';

const SYNC_MS = 250;
// from this share of the limit on, every admission asks for a sync, so processes see each other before the limit
const NEAR_LIMIT = 0.8;
const MAX_SUBJECTS_PER_SYNC = 500;
/** tallies one limiter keeps at most (a stream of rotating addresses must not grow memory without end) */
export const MAX_TALLIES = 100_000;

/** What a process knows of one subject: the counts Redis last returned (window `index`) and admissions not yet added. */
export interface SubjectTally {
  shared?: { index: number; counts: WindowCounts };
  pending: Map<number, number>;
}

/** The subject's counts in window `index`: the shared ones moved on to that window, plus this process's own admissions. */
export function tallyAt(t: SubjectTally, index: number): WindowCounts {
  let previous = 0;
  let current = 0;
  if (t.shared?.index === index) ({ previous, current } = t.shared.counts);
  else if (t.shared?.index === index - 1) previous = t.shared.counts.current;
  return { previous: previous + (t.pending.get(index - 1) ?? 0), current: current + (t.pending.get(index) ?? 0) };
}

/** Whether one more request fits for every subject (one limit for all, or one per tally), as checkRateLimit decides it from Redis's counts. */
export function judge(
  tallies: SubjectTally[],
  nowMs: number,
  windowSeconds: number,
  limit: number | number[],
): LimitDecision {
  const { index, elapsed } = windowPosition(nowMs, windowSeconds);
  const counts = tallies.map((t) => tallyAt(t, index));
  const limits = tallies.map((_t, i) => (Array.isArray(limit) ? limit[i] : limit));
  const allowed = counts.every((c, i) => allows(c, elapsed, limits[i]));
  return decisionOf(counts, limits, elapsed, windowSeconds, allowed, 1);
}

// KEYS: the window counters to add to (ARGV[1] of them), then (previous, current) per subject to read back.
// ARGV: how many counters to add to, their ttl, then one amount per counter.
const ADD_AND_READ = `
local n = tonumber(ARGV[1])
for i = 1, n do
  redis.call('INCRBY', KEYS[i], ARGV[i + 2])
  redis.call('EXPIRE', KEYS[i], ARGV[2])
end
local counts = {}
for i = n + 1, #KEYS do
  table.insert(counts, tonumber(redis.call('GET', KEYS[i]) or '0'))
end
return counts`;

export interface BatchedLimit extends RequestHandler {
  /** Adds every pending admission to Redis and reads every subject's shared counts back, now (tests, shutdown). */
  sync(): Promise<void>;
  /** How many subjects this process keeps a tally for (at most maxSubjects). */
  tracked(): number;
}

type Tally = SubjectTally & { seen: number; sending?: Map<number, number> };

/** Middleware like rateLimit(), deciding in-process. Routes take the process's one limiter per action from
 * sharedRateLimit(); a new one here is a new tally (a fresh process, in tests). */
export function batchedRateLimit(
  deps: Pick<Deps, 'redis' | 'config' | 'logger'>,
  action: LimitedAction,
  clock: () => number = Date.now,
  opts: { maxSubjects?: number } = {},
): BatchedLimit {
  const { windowSeconds } = deps.config.rateLimits;
  const limit = limitFor(deps.config, action);
  const maxSubjects = Math.max(4, opts.maxSubjects ?? MAX_TALLIES); // room for one request's subjects at least
  // in least-recently-seen order: a subject is moved to the end whenever it is asked about
  const tallies = new Map<string, Tally>();
  // subjects asked about since their last sync: their admissions to add, their counts to read back
  const dirty = new Set<string>();
  // admissions of evicted subjects that Redis has not got yet ("subject window" -> count), added by the next sync
  const unsent = new Map<string, { subject: string; window: number; n: number }>();
  const refused = new Map<string, { until: number; decision: LimitDecision }>();
  let syncing: Promise<void> | null = null;
  let lastSync = -Infinity;
  let lastForget = -Infinity;
  let quietUntil = -Infinity; // after a failed sync (Redis down), the next one waits SYNC_MS
  let wanted = false;

  const keepUnsent = (subject: string, window: number, n: number) => {
    if (n <= 0) return;
    const key = `${subject} ${window}`;
    const known = unsent.get(key);
    if (known) known.n += n;
    else if (unsent.size < maxSubjects) unsent.set(key, { subject, window, n });
  };

  const evict = (subject: string, t: Tally) => {
    tallies.delete(subject);
    dirty.delete(subject);
    // what an in-flight sync is adding right now is not unsent
    for (const [w, n] of t.pending) keepUnsent(subject, w, n - (t.sending?.get(w) ?? 0));
  };

  const tallyOf = (subject: string, now: number) => {
    let t = tallies.get(subject);
    if (t) tallies.delete(subject);
    else t = { pending: new Map(), seen: now };
    tallies.set(subject, t);
    t.seen = now;
    dirty.add(subject);
    for (const [oldest, victim] of tallies) {
      if (tallies.size <= maxSubjects) break;
      evict(oldest, victim);
    }
    return t;
  };

  const forget = (now: number, index: number) => {
    lastForget = now;
    for (const [subject, t] of tallies) {
      for (const w of t.pending.keys()) if (w < index - 1) t.pending.delete(w); // no longer in any window that counts
      if (t.pending.size === 0 && !dirty.has(subject) && now - t.seen > 2 * windowSeconds * 1000)
        tallies.delete(subject);
    }
    for (const [key, u] of unsent) if (u.window < index - 1) unsent.delete(key);
  };

  async function syncNow(all: boolean): Promise<void> {
    const now = clock();
    const { index } = windowPosition(now, windowSeconds);
    wanted = false;
    lastSync = now;
    if (now - lastForget >= windowSeconds * 1000) forget(now, index);
    const subjects = [...(all ? tallies.keys() : dirty)].slice(0, MAX_SUBJECTS_PER_SYNC);
    const batch = subjects.flatMap((subject) => {
      dirty.delete(subject);
      const t = tallies.get(subject);
      if (!t) return [];
      t.sending = new Map([...t.pending].filter(([w]) => w >= index - 1));
      return [{ subject, t, sent: t.sending }];
    });
    const orphans = [...unsent.values()].filter((u) => u.window >= index - 1);
    unsent.clear();
    if (!batch.length && !orphans.length) return;
    const adds = [
      ...batch.flatMap(({ subject, sent }) => [...sent].map(([w, n]) => ({ key: windowKey(action, subject, w), n }))),
      ...orphans.map((u) => ({ key: windowKey(action, u.subject, u.window), n: u.n })),
    ];
    const reads = batch.flatMap(({ subject }) => [
      windowKey(action, subject, index - 1),
      windowKey(action, subject, index),
    ]);
    try {
      const raw = (await deps.redis.eval(
        ADD_AND_READ,
        adds.length + reads.length,
        ...adds.map((a) => a.key),
        ...reads,
        adds.length,
        windowSeconds * 2,
        ...adds.map((a) => a.n),
      )) as number[];
      batch.forEach(({ t, sent }, i) => {
        t.sending = undefined;
        for (const [w, n] of sent) {
          const left = (t.pending.get(w) ?? 0) - n;
          if (left > 0) t.pending.set(w, left);
          else t.pending.delete(w);
        }
        t.shared = { index, counts: { previous: Number(raw[2 * i]), current: Number(raw[2 * i + 1]) } };
      });
    } catch (err) {
      for (const { subject, t, sent } of batch) {
        t.sending = undefined;
        if (tallies.get(subject) === t) dirty.add(subject);
        else for (const [w, n] of sent) keepUnsent(subject, w, n); // evicted meanwhile: its admissions wait in unsent
      }
      for (const u of orphans) keepUnsent(u.subject, u.window, u.n);
      quietUntil = clock() + SYNC_MS;
      deps.logger.warn(
        'rate limit sync failed; this process judges requests by its own counts, which wait for the next sync',
        { action, error: (err as Error).message },
      );
    }
  }

  const maybeSync = (now: number, all = false) => {
    if (syncing || (!all && now < quietUntil) || !(wanted || now - lastSync >= SYNC_MS)) return;
    syncing = syncNow(all).finally(() => {
      syncing = null;
    });
  };

  const limiter = ((req, res, next) => {
    const now = clock();
    const subjects = subjectsOf(req);
    const key = subjects.join(' ');
    const known = refused.get(key);
    if (known && known.until > now) {
      return next(
        tooManyRequests(
          action,
          { ...known.decision, retryAfter: Math.max(1, Math.ceil((known.until - now) / 1000)) },
          windowSeconds,
        ),
      );
    }
    if (known) refused.delete(key);
    const own = subjects.map((s) => tallyOf(s, now));
    const limits = subjects.map((s) => subjectLimit(deps.config, s, limit));
    const decision = judge(own, now, windowSeconds, limits);
    res.setHeader('RateLimit-Limit', String(decision.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      if (refused.size > 10_000) refused.clear();
      refused.set(key, { until: now + decision.retryAfter * 1000, decision });
      return next(tooManyRequests(action, decision, windowSeconds));
    }
    const { index, elapsed } = windowPosition(now, windowSeconds);
    for (const t of own) t.pending.set(index, (t.pending.get(index) ?? 0) + 1);
    if (own.some((t, i) => !t.shared || slidingCount(tallyAt(t, index), elapsed) >= NEAR_LIMIT * limits[i]))
      wanted = true;
    maybeSync(now);
    next();
  }) as BatchedLimit;

  limiter.sync = async () => {
    await syncing;
    wanted = true;
    maybeSync(clock(), true);
    await syncing;
  };
  limiter.tracked = () => tallies.size;
  return limiter;
}

const perProcess = new WeakMap<object, Map<LimitedAction, BatchedLimit>>();

/** The one batched limiter of this process for an action, so every route that spends it shares one tally. */
export function sharedRateLimit(deps: Pick<Deps, 'redis' | 'config' | 'logger'>, action: LimitedAction): BatchedLimit {
  let limiters = perProcess.get(deps.redis);
  if (!limiters) perProcess.set(deps.redis, (limiters = new Map()));
  let limiter = limiters.get(action);
  if (!limiter) limiters.set(action, (limiter = batchedRateLimit(deps, action)));
  return limiter;
}

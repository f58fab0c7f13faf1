// Rate limits for routes hit at keystroke rates (autocomplete, similar songs, recommendations) without a Redis round
// trip per request. A process judges each request on the sliding-window counts it last read from Redis plus what it
// admitted since, and adds its admissions to Redis in one batched call: when it first sees a subject, when a subject
// nears its limit, and at least every SYNC_MS while requests come. Within one process the count is exact; across
// processes a subject can get ahead by what the others admitted since their last sync. The keys and the window are
// rate-limit.ts's, so both kinds of limit count in the same buckets. Redis down: each process goes on judging by its
// own counts, which wait for the next sync that works.
import type { RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { limitFor, subjectsOf, tooManyRequests, windowKey, type LimitDecision, type LimitedAction } from './rate-limit';
import { allows, retryAfterSeconds, slidingCount, windowPosition, type WindowCounts } from './sliding-window';

const SYNC_MS = 250;
// from this share of the limit on, every admission asks for a sync, so processes see each other before the limit
const NEAR_LIMIT = 0.8;
const MAX_SUBJECTS_PER_SYNC = 500;
const MAX_TALLIES = 100_000;

/** What a process knows of one subject: the counts Redis last returned (window `index`) and admissions not yet added. */
export interface SubjectTally { shared?: { index: number; counts: WindowCounts }; pending: Map<number, number> }

/** The subject's counts in window `index`: the shared ones moved on to that window, plus this process's own admissions. */
export function tallyAt(t: SubjectTally, index: number): WindowCounts {
  let previous = 0;
  let current = 0;
  if (t.shared?.index === index) ({ previous, current } = t.shared.counts);
  else if (t.shared?.index === index - 1) previous = t.shared.counts.current;
  return { previous: previous + (t.pending.get(index - 1) ?? 0), current: current + (t.pending.get(index) ?? 0) };
}

/** Whether one more request fits for every subject, as checkRateLimit decides it from Redis's counts. */
export function judge(tallies: SubjectTally[], nowMs: number, windowSeconds: number, limit: number): LimitDecision {
  const { index, elapsed } = windowPosition(nowMs, windowSeconds);
  const counts = tallies.map((t) => tallyAt(t, index));
  const allowed = counts.every((c) => allows(c, elapsed, limit));
  const used = Math.max(...counts.map((c) => slidingCount(c, elapsed))) + (allowed ? 1 : 0);
  const retryAfter = allowed ? 0 : Math.max(...counts.filter((c) => !allows(c, elapsed, limit)).map((c) => retryAfterSeconds(c, elapsed, limit, windowSeconds)));
  return { allowed, limit, remaining: Math.max(0, Math.floor(limit - used)), retryAfter };
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
}

/** Middleware like rateLimit(), deciding in-process. Routes take the process's one limiter per action from
 * sharedRateLimit(); a new one here is a new tally (a fresh process, in tests). */
export function batchedRateLimit(deps: Pick<Deps, 'redis' | 'config' | 'logger'>, action: LimitedAction, clock: () => number = Date.now): BatchedLimit {
  const { windowSeconds } = deps.config.rateLimits;
  const limit = limitFor(deps.config, action);
  const tallies = new Map<string, SubjectTally & { seen: number }>();
  // subjects asked about since their last sync: their admissions to add, their counts to read back
  const dirty = new Set<string>();
  const refused = new Map<string, { until: number; decision: LimitDecision }>();
  let syncing: Promise<void> | null = null;
  let lastSync = -Infinity;
  let lastForget = -Infinity;
  let quietUntil = -Infinity; // after a failed sync (Redis down), the next one waits SYNC_MS
  let wanted = false;

  const tallyOf = (subject: string, now: number) => {
    let t = tallies.get(subject);
    if (!t) tallies.set(subject, (t = { pending: new Map(), seen: now }));
    t.seen = now;
    dirty.add(subject);
    return t;
  };

  const forget = (now: number, index: number) => {
    lastForget = now;
    for (const [subject, t] of tallies) {
      for (const w of t.pending.keys()) if (w < index - 1) t.pending.delete(w); // no longer in any window that counts
      if (t.pending.size === 0 && !dirty.has(subject) && (now - t.seen > 2 * windowSeconds * 1000 || tallies.size > MAX_TALLIES)) tallies.delete(subject);
    }
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
      return t ? [{ subject, t, sent: new Map([...t.pending].filter(([w]) => w >= index - 1)) }] : [];
    });
    if (!batch.length) return;
    const adds = batch.flatMap(({ subject, sent }) => [...sent].map(([w, n]) => ({ key: windowKey(action, subject, w), n })));
    const reads = batch.flatMap(({ subject }) => [windowKey(action, subject, index - 1), windowKey(action, subject, index)]);
    try {
      const raw = (await deps.redis.eval(ADD_AND_READ, adds.length + reads.length, ...adds.map((a) => a.key), ...reads,
        adds.length, windowSeconds * 2, ...adds.map((a) => a.n))) as number[];
      batch.forEach(({ t, sent }, i) => {
        for (const [w, n] of sent) {
          const left = (t.pending.get(w) ?? 0) - n;
          if (left > 0) t.pending.set(w, left);
          else t.pending.delete(w);
        }
        t.shared = { index, counts: { previous: Number(raw[2 * i]), current: Number(raw[2 * i + 1]) } };
      });
    } catch (err) {
      for (const { subject } of batch) dirty.add(subject);
      quietUntil = clock() + SYNC_MS;
      deps.logger.warn('rate limit sync failed; this process judges requests by its own counts, which wait for the next sync', { action, error: (err as Error).message });
    }
  }

  const maybeSync = (now: number, all = false) => {
    if (syncing || (!all && now < quietUntil) || !(wanted || now - lastSync >= SYNC_MS)) return;
    syncing = syncNow(all).finally(() => { syncing = null; });
  };

  const limiter = ((req, res, next) => {
    const now = clock();
    const subjects = subjectsOf(req);
    const key = subjects.join(' ');
    const known = refused.get(key);
    if (known && known.until > now) {
      return next(tooManyRequests(action, { ...known.decision, retryAfter: Math.max(1, Math.ceil((known.until - now) / 1000)) }, windowSeconds));
    }
    if (known) refused.delete(key);
    const own = subjects.map((s) => tallyOf(s, now));
    const decision = judge(own, now, windowSeconds, limit);
    res.setHeader('RateLimit-Limit', String(decision.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      if (refused.size > 10_000) refused.clear();
      refused.set(key, { until: now + decision.retryAfter * 1000, decision });
      return next(tooManyRequests(action, decision, windowSeconds));
    }
    const { index, elapsed } = windowPosition(now, windowSeconds);
    for (const t of own) t.pending.set(index, (t.pending.get(index) ?? 0) + 1);
    if (own.some((t) => !t.shared || slidingCount(tallyAt(t, index), elapsed) >= NEAR_LIMIT * limit)) wanted = true;
    maybeSync(now);
    next();
  }) as BatchedLimit;

  limiter.sync = async () => {
    await syncing;
    wanted = true;
    maybeSync(clock(), true);
    await syncing;
  };
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

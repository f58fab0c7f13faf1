// Warming a freshly built index before its alias swap (issue 24): a new index answers its first live queries cold
// (completion structures, doc values, caches and the page cache load on first use), so the rebuild replays what the
// live path sends, by index name, in rounds that also time the old index, until the new one is as fast (or time is up).
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type { Logger } from './logger';

/** Why the warm-up ended: the new index matched the old, time ran out, there was nothing to compare with, or it failed. */
export type WarmupStop = 'matched' | 'time_limit' | 'no_old_index' | 'failed';

export interface WarmupSummary {
  ms: number;
  rounds: number;
  /** distinct requests of one round (the sample) */
  queries: number;
  /** requests sent to the new index, all rounds */
  sent: number;
  /** of the last full round, in ms (old: null without an old index) */
  p50: { old: number | null; new: number | null };
  p95: { old: number | null; new: number | null };
  stoppedBy: WarmupStop;
  /** requests either index refused or did not answer, and the first such error */
  failed: number;
  error?: string;
}

export interface WarmupContext {
  es: Client;
  pg: Pool;
  config: object;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

/** What a family replays: the search requests (without an index) the live path sends for a sample of real queries. */
export interface WarmupProfile {
  /** the requests for one index; called for the new and for the old index (a vector index's queries depend on its model) */
  requests(ctx: WarmupContext, index: string): Promise<estypes.SearchRequest[]>;
}

export interface WarmupSettings {
  ms: number;
  tolerance: number;
}

// below about a millisecond the difference between two indices is scheduling noise, not a cold index
export const LATENCY_SLACK_MS = 1;
// two requests at once: enough to keep a busy node's search threads honest, little next to live load on 2 cores
const CONCURRENCY = 2;
const MAX_REQUEST_MS = 30_000;
const MERGE_POLL_MS = 250;

/** Trimmed, whitespace-collapsed, distinct (first occurrence wins), non-empty, at most maxChars long, at most n of them. */
export function sampleDistinct(values: Iterable<string>, n: number, maxChars = 100): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    if (out.length >= n) break;
    const v = raw.trim().replace(/\s+/g, ' ');
    if (!v || [...v].length > maxChars || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/** Nearest-rank percentile (p in 0..100) of the values, null when there are none. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface RoundLatency {
  newP95: number | null;
  oldP95: number | null;
}

/** The stop rule: the new index's p95 within tolerance of the old's (plus a little slack) in each of the last two rounds. */
export function warmedUp(rounds: RoundLatency[], tolerance: number, slackMs = LATENCY_SLACK_MS): boolean {
  const last = rounds.slice(-2);
  return (
    last.length === 2 &&
    last.every((r) => r.newP95 !== null && r.oldP95 !== null && r.newP95 <= r.oldP95 * tolerance + slackMs)
  );
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const message = (err: unknown) => (err as { message?: string })?.message ?? String(err);

/** Refreshes the index, waits for its primaries (yellow) and for its merges to finish, within the deadline. */
export async function settleIndex(es: Client, index: string, deadline: number): Promise<void> {
  const left = () => Math.max(1, deadline - Date.now());
  await es.indices.refresh({ index }, { requestTimeout: left() });
  await es.cluster.health(
    { index, wait_for_status: 'yellow', timeout: `${left()}ms` },
    { requestTimeout: left() + 1000 },
  );
  while (Date.now() < deadline) {
    const stats = await es.indices.stats({ index, metric: 'merge' }, { requestTimeout: left() });
    if ((stats._all.total?.merges?.current ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(MERGE_POLL_MS, left())));
  }
}

interface Timed {
  ms: number[];
  failed: number;
  error?: string;
  sent: number;
}

/** Sends each request to its index (CONCURRENCY at once), timing the answered ones; stops sending at the deadline. */
async function timeRequests(
  es: Client,
  jobs: Array<{ index: string; body: estypes.SearchRequest }>,
  deadline: number,
  into: Map<string, Timed>,
): Promise<boolean> {
  let next = 0;
  let cut = false;
  const worker = async () => {
    while (next < jobs.length) {
      if (Date.now() >= deadline) {
        cut = true;
        return;
      }
      const { index, body } = jobs[next++];
      const t = into.get(index)!;
      const started = performance.now();
      t.sent++;
      try {
        await es.search(
          { ...body, index },
          { requestTimeout: Math.min(MAX_REQUEST_MS, Math.max(1000, deadline - Date.now())), maxRetries: 0 },
        );
        t.ms.push(performance.now() - started);
      } catch (err) {
        t.failed++;
        t.error ??= `${index}: ${message(err)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return cut;
}

/**
 * Rounds of the new index's requests (each paired with the old index's, in alternating order) until warmedUp, the
 * deadline, or a round in which the new index answered nothing. Never throws: failures are counted and reported.
 */
export async function warmIndex(
  es: Client,
  target: { index: string; old?: string },
  requests: { new: estypes.SearchRequest[]; old: estypes.SearchRequest[] },
  opts: { deadline: number; tolerance: number; started?: number },
): Promise<WarmupSummary> {
  const started = opts.started ?? Date.now();
  const old = target.old && requests.old.length ? target.old : undefined;
  const history: RoundLatency[] = [];
  let last: { new: number[]; old: number[] } = { new: [], old: [] };
  let sent = 0;
  let failed = 0;
  let error: string | undefined;
  let rounds = 0;
  let stoppedBy: WarmupStop;
  for (;;) {
    const jobs: Array<{ index: string; body: estypes.SearchRequest }> = [];
    const pairs = Math.max(requests.new.length, old ? requests.old.length : 0);
    for (let i = 0; i < pairs; i++) {
      const mine = requests.new[i] && { index: target.index, body: requests.new[i] };
      const theirs = old && requests.old[i] ? { index: old, body: requests.old[i] } : undefined;
      // alternating who goes first, so neither index always follows the other's cache-warming of a shared term
      for (const j of i % 2 ? [theirs, mine] : [mine, theirs]) if (j) jobs.push(j);
    }
    const timed = new Map<string, Timed>();
    for (const i of old ? [target.index, old] : [target.index]) timed.set(i, { ms: [], failed: 0, sent: 0 });
    const cut = await timeRequests(es, jobs, opts.deadline, timed);
    const mine = timed.get(target.index)!;
    const theirs = old ? timed.get(old)! : undefined;
    sent += mine.sent;
    failed += mine.failed + (theirs?.failed ?? 0);
    error ??= mine.error ?? theirs?.error;
    if (mine.sent) rounds++;
    if (!cut) last = { new: mine.ms, old: theirs?.ms ?? [] };
    else if (!last.new.length) last = { new: mine.ms, old: theirs?.ms ?? [] };
    if (mine.sent && !mine.ms.length) {
      stoppedBy = 'failed';
      break;
    }
    if (cut) {
      stoppedBy = 'time_limit';
      break;
    }
    if (!old) {
      stoppedBy = 'no_old_index';
      break;
    }
    history.push({ newP95: percentile(mine.ms, 95), oldP95: percentile(theirs!.ms, 95) });
    if (warmedUp(history, opts.tolerance)) {
      stoppedBy = 'matched';
      break;
    }
    if (Date.now() >= opts.deadline) {
      stoppedBy = 'time_limit';
      break;
    }
  }
  return {
    ms: Date.now() - started,
    rounds,
    queries: requests.new.length,
    sent,
    p50: { old: old ? round1(percentile(last.old, 50)) : null, new: round1(percentile(last.new, 50)) },
    p95: { old: old ? round1(percentile(last.old, 95)) : null, new: round1(percentile(last.new, 95)) },
    stoppedBy,
    failed,
    ...(error && { error }),
  };
}

/**
 * The rebuild's step between "built" and "alias swap": settles the new index and warms it with the family's profile.
 * Undefined when disabled (settings.ms 0) or the family has no profile. Never throws: the swap must not wait on it.
 */
export async function warmBeforeSwap(
  ctx: WarmupContext,
  profile: WarmupProfile | undefined,
  settings: WarmupSettings | undefined,
  target: { index: string; old?: string },
): Promise<WarmupSummary | undefined> {
  if (!profile || !settings || settings.ms <= 0) return undefined;
  const started = Date.now();
  const deadline = started + settings.ms;
  let summary: WarmupSummary;
  try {
    await settleIndex(ctx.es, target.index, deadline);
    const fresh = await profile.requests(ctx, target.index);
    const old = target.old ? await profile.requests(ctx, target.old) : [];
    summary = fresh.length
      ? await warmIndex(ctx.es, target, { new: fresh, old }, { deadline, tolerance: settings.tolerance, started })
      : failedWarmup(started, 'the warm-up profile gave no requests');
  } catch (err) {
    // settling or sampling cut short by the deadline is the time limit, not a fault of the index
    summary = {
      ...failedWarmup(started, message(err)),
      ...(Date.now() >= deadline && { stoppedBy: 'time_limit' as const }),
    };
  }
  const fields = { index: target.index, old: target.old ?? null, ...summary };
  if (summary.stoppedBy === 'matched' || summary.stoppedBy === 'no_old_index')
    ctx.logger?.info('index warmed before the alias swap', fields);
  else ctx.logger?.warn(`index warm-up ended by ${summary.stoppedBy}: the alias swaps anyway`, fields);
  return summary;
}

function failedWarmup(started: number, error: string): WarmupSummary {
  return {
    ms: Date.now() - started,
    rounds: 0,
    queries: 0,
    sent: 0,
    p50: { old: null, new: null },
    p95: { old: null, new: null },
    stoppedBy: 'failed',
    failed: 0,
    error,
  };
}

// A few seconds of in-process memory for autocomplete answers to short prefixes: at keystroke rates many people type
// the same first letters ("ㅂ", "사랑", "아이"), and the same answer is good for seconds. The key carries the physical
// index behind the songs alias, re-read at most once a second, so an alias swap (rebuild) drops the old answers.
import { LRUCache } from 'lru-cache';
import type { Client } from '@elastic/elasticsearch';
import { aliasTargets } from '../platform/index-admin';

// longer inputs rarely repeat: caching them would only churn the hot short ones out
export const CACHED_MAX_CHARS = 8;
const MAX_ENTRIES = 5000;
const ALIAS_RECHECK_MS = 1000;

export interface AnswerCache<T> {
  /** The cached answer for (brand, query), or `compute()` remembered for the TTL; with TTL 0, always compute(). */
  get(key: { q: string; brand?: string }, compute: () => Promise<T>): Promise<T>;
}

export function createAnswerCache<T extends object>(
  es: Client,
  alias: string,
  ttlMs: number,
  now: () => number = Date.now,
): AnswerCache<T> {
  if (ttlMs <= 0) return { get: (_key, compute) => compute() };
  const answers = new LRUCache<string, T>({ max: MAX_ENTRIES, ttl: ttlMs });
  let target = { index: '', checkedAt: -Infinity };
  let checking: Promise<string> | null = null;

  /** The index behind the alias, re-read at most once a second; a new one empties the cache. */
  async function currentIndex(): Promise<string> {
    if (now() - target.checkedAt < ALIAS_RECHECK_MS) return target.index;
    checking ??= aliasTargets(es, alias)
      .then((names) => {
        const index = names.sort().join(',');
        if (index !== target.index) answers.clear();
        target = { index, checkedAt: now() };
        return index;
      })
      .finally(() => {
        checking = null;
      });
    return checking;
  }

  return {
    async get({ q, brand }, compute) {
      if ([...q].length > CACHED_MAX_CHARS) return compute();
      const key = `${await currentIndex()}\u0000${brand ?? ''}\u0000${q}`;
      const hit = answers.get(key);
      if (hit) return hit;
      const value = await compute();
      answers.set(key, value);
      return value;
    },
  };
}

// Keeps made-up bearer tokens away from Postgres: a token found unknown is remembered for a while (tokens are random,
// so an unknown one never becomes valid), and an address that sent too many unknown tokens in a window is refused
// before any lookup. Judged in-process (no Redis round trip on the signed-in path); each failure is also counted in
// Redis, whose total comes back so every process learns what the others saw. Redis down: local counts still hold.
import { LRUCache } from 'lru-cache';
import type Redis from 'ioredis';
import { ipSubject } from '../core/ip-subject';

export interface TokenGuardOptions {
  failuresPerWindow: number;
  windowSeconds: number;
  rememberUnknownMs: number;
}

export interface TokenGuard {
  /** true when this token hash was looked up and found unknown recently */
  knownUnknown(tokenHash: string): boolean;
  /** seconds to wait when the address is over its limit of unknown tokens, else 0 */
  retryAfter(ip: string, nowMs?: number): number;
  /** an unknown token from this address: remembered and counted */
  recordUnknown(ip: string, tokenHash: string, nowMs?: number): void;
}

interface Tally {
  window: number;
  local: number;
  shared: number;
}

const MAX_SUBJECTS = 100_000;

export function createTokenGuard(redis: Pick<Redis, 'eval'> | undefined, opts: TokenGuardOptions): TokenGuard {
  const unknown = new LRUCache<string, true>({ max: 200_000, ttl: opts.rememberUnknownMs });
  // idle subjects fall out after two windows, so rotating addresses cannot grow the map
  const tallies = new LRUCache<string, Tally>({ max: MAX_SUBJECTS, ttl: opts.windowSeconds * 2000 });
  const windowOf = (nowMs: number) => Math.floor(nowMs / (opts.windowSeconds * 1000));
  const count = (t: Tally | undefined, window: number) => (t && t.window === window ? Math.max(t.local, t.shared) : 0);
  return {
    knownUnknown: (hash) => unknown.has(hash),
    retryAfter(ip, nowMs = Date.now()) {
      const window = windowOf(nowMs);
      if (count(tallies.get(ipSubject(ip)), window) < opts.failuresPerWindow) return 0;
      return Math.max(1, Math.ceil(((window + 1) * opts.windowSeconds * 1000 - nowMs) / 1000));
    },
    recordUnknown(ip, hash, nowMs = Date.now()) {
      unknown.set(hash, true);
      const subject = ipSubject(ip);
      const window = windowOf(nowMs);
      const t = tallies.get(subject);
      const tally = t && t.window === window ? t : { window, local: 0, shared: 0 };
      tally.local++;
      tallies.set(subject, tally);
      if (!redis) return;
      const key = `rl:bad_token:${subject}:${window}`;
      redis
        .eval(
          "local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return n",
          1,
          key,
          opts.windowSeconds * 2,
        )
        .then((n) => {
          if (tally.window === window) tally.shared = Math.max(tally.shared, Number(n));
        })
        .catch(() => undefined); // Redis down: this process's own count decides
    },
  };
}

// Redis for hot counters, rate limits and caches; every key carries the environment prefix.
import Redis from 'ioredis';
import type { Config } from './config';

export function createRedis(
  config: Pick<Config, 'redisUrl' | 'redisPrefix'> & { breakers?: Pick<Config['breakers'], 'callTimeoutMs'> },
): Redis {
  return new Redis(config.redisUrl, {
    keyPrefix: config.redisPrefix,
    // commands issued while the first connection is made wait for it; once a connection is lost src/platform/breakers.ts
    // fails them at once. On a request path the per-call deadline (DEPENDENCY_TIMEOUT_MS) comes first; commandTimeout
    // bounds the rest (jobs) and a Redis that accepts connections but never answers
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: Math.max(1000, config.breakers?.callTimeoutMs ?? 0),
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

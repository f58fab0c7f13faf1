// Redis for hot counters, rate limits and caches; every key carries the environment prefix.
import Redis from 'ioredis';
import type { Config } from './config';

export function createRedis(config: Pick<Config, 'redisUrl' | 'redisPrefix'>): Redis {
  return new Redis(config.redisUrl, {
    keyPrefix: config.redisPrefix,
    enableOfflineQueue: false, // fail fast while disconnected instead of queueing requests
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

// Redis for hot counters, rate limits and caches; every key carries the environment prefix.
import Redis from 'ioredis';
import type { Config } from './config';

export function createRedis(config: Pick<Config, 'redisUrl' | 'redisPrefix'>): Redis {
  return new Redis(config.redisUrl, {
    keyPrefix: config.redisPrefix,
    // commands wait for the (re)connection, but never longer than commandTimeout: a down Redis is a fast 503
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 1000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

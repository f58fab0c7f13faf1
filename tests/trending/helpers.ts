// Trending test helpers: a clock moved by minutes, and a Redis wipe limited to this run's trending keys.
import type Redis from 'ioredis';

export const T0 = new Date('2025-06-01T12:00:00Z');
export const at = (minutesFromT0: number) => new Date(T0.getTime() + minutesFromT0 * 60_000);

export async function clearTrending(redis: Redis, prefix: string): Promise<void> {
  await redis.eval(`for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 1`, 0, `${prefix}trend:*`);
}

import { loadConfig } from '../../src/platform/config';
import { createDeps, type Deps } from '../../src/platform/deps';

/** Deps for tests that need no HTTP app (same checks as tests/support.ts testDeps). */
export function storeDeps(overrides: Record<string, string> = {}): Deps {
  const config = loadConfig({ ...process.env, ...overrides });
  if (config.env !== 'test') throw new Error('integration tests run through `npm test` (APP_ENV=test)');
  return createDeps(config);
}

/** The shared client fails fast while connecting (no offline queue); tests wait for it once. */
export async function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => { redis.once('ready', () => resolve()); redis.once('error', reject); });
}

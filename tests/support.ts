// Shared test wiring: real Elasticsearch, Postgres and Redis as configured by scripts/test.sh.
import type Redis from 'ioredis';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import type { Deps } from '../src/platform/deps';
import { createApp } from '../src/app';

export function testDeps(overrides: Record<string, string> = {}): Deps {
  const config = loadConfig({ ...process.env, ...overrides });
  if (config.env !== 'test') throw new Error('integration tests run through `npm test` (APP_ENV=test)');
  return createDeps(config);
}

export function testApp(deps: Deps) {
  return createApp(deps);
}

export { closeDeps };

/** The shared client fails fast while connecting (no offline queue); tests wait for it once. */
export async function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    redis.once('ready', () => resolve());
    redis.once('error', reject);
  });
}

/** Deletes this run's Redis keys matching prefix + pattern (e.g. 'rl:*'). */
export async function clearKeys(redis: Redis, prefix: string, pattern: string): Promise<void> {
  await redis.eval(
    `for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 1`,
    0,
    `${prefix}${pattern}`,
  );
}

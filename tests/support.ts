// Shared test wiring: real Elasticsearch, Postgres and Redis as configured by scripts/test.sh.
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps, type Deps } from '../src/platform/deps';
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

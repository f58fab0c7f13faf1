// Everything a capability needs, handed in explicitly (no hidden singletons).
import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import { createEsClient } from './elasticsearch';
import { createPgPool } from './postgres';
import { createRedis } from './redis';
import { createLogger } from './logger';

export interface Deps {
  config: Config;
  es: Client;
  pg: Pool;
  redis: Redis;
  logger: Logger;
}

export function createDeps(config: Config): Deps {
  return {
    config,
    es: createEsClient(config),
    pg: createPgPool(config),
    redis: createRedis(config),
    logger: createLogger(config.logLevel, { service: 'norae', env: config.env }),
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.es.close(), deps.pg.end(), deps.redis.quit().catch(() => deps.redis.disconnect())]);
}

// Everything a capability needs, handed in explicitly (no hidden singletons).
import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import type { BatcherStats } from './batcher';
import { createEsClient } from './elasticsearch';
import { createPgPool } from './postgres';
import { createRedis } from './redis';
import { createLogger } from './logger';
import { createEventWriter, type EventWriter } from '../events/store';
import { createSearchLogWriter, type SearchLogWriter, type SearchLogStats } from '../searchlogs/writer';

/** The batched, fire-and-forget writers of this process: one each, flushed by closeDeps. */
export interface Writers {
  events: EventWriter;
  searchLogs: SearchLogWriter;
  /** Writes everything waiting in every writer. */
  flush(): Promise<void>;
  /** Resolves once every write in progress (and every tracked background task) is done, without starting new ones. */
  idle(): Promise<void>;
  /** Runs a fire-and-forget task (e.g. recording a search after the answer is sent) so idle() and closeDeps wait for it. */
  track(task: Promise<unknown>): void;
  stats(): WriterStats;
}

export interface WriterStats { events: BatcherStats; searchLogs: SearchLogStats }
import { guardDependencies, type Breakers } from './breakers';

export interface Deps {
  config: Config;
  es: Client;
  pg: Pool;
  redis: Redis;
  logger: Logger;
  writers: Writers;
  /** one circuit breaker per dependency, already wrapped around es, pg and redis */
  breakers: Breakers;
  /** The current time for decisions that hang on the calendar (a proof's "today in Seoul"); tests freeze it. */
  clock: () => Date;
}

export function createDeps(config: Config): Deps {
  const clients = { es: createEsClient(config), pg: createPgPool(config), redis: createRedis(config) };
  const base = {
    config,
    ...clients,
    logger: createLogger(config.logLevel, { service: 'norae', env: config.env }),
    breakers: guardDependencies(clients, config.breakers),
  };
  const events = createEventWriter(base);
  const searchLogs = createSearchLogWriter(base);
  const background = new Set<Promise<unknown>>();
  const writers: Writers = {
    events,
    searchLogs,
    async flush() { await Promise.all([events.flush(), searchLogs.flush()]); },
    async idle() {
      await Promise.allSettled([...background]);
      await Promise.all([events.idle(), searchLogs.idle()]);
    },
    track(task) {
      const settled: Promise<unknown> = task.catch((err) => base.logger.warn('background task failed', { err })).finally(() => background.delete(settled));
      background.add(settled);
    },
    stats: () => ({ events: events.stats(), searchLogs: searchLogs.stats() }),
  };
  return { ...base, writers, clock: () => new Date() };
}

/** Writes what the writers hold (logging what a failed final flush lost), then closes the clients. */
export async function closeDeps(deps: Deps): Promise<void> {
  await deps.writers.idle(); // background tasks may still add rows to the writers
  const [events, searchLogs] = await Promise.all([deps.writers.events.close(), deps.writers.searchLogs.close()]);
  const all = { events, searchLogs_postgres: searchLogs.postgres, searchLogs_elasticsearch: searchLogs.elasticsearch };
  for (const [writer, s] of Object.entries(all)) {
    if (s.pending) deps.logger.error('final flush failed: rows lost', { writer, lost: s.pending, ...s });
    else if (s.rejected || s.dropped) deps.logger.warn('writer closed with rows set aside or dropped', { writer, ...s });
  }
  for (const guard of Object.values(deps.breakers ?? {})) guard.dispose();
  await Promise.allSettled([deps.es.close(), deps.pg.end(), deps.redis.quit().catch(() => deps.redis.disconnect())]);
}

// The composition root: builds the Deps bundle (clients, breakers, the process's writers) that every capability is
// handed, and closes it. It sits at the top of src beside app.ts and main.ts because it names capabilities (events,
// search logs, recs' history), which platform/ below them must not.
import type { Config } from './platform/config';
import type { Deps, Writers } from './platform/deps';
import { createEsClient } from './platform/elasticsearch';
import { createPgPool } from './platform/postgres';
import { createRedis } from './platform/redis';
import { createLogger } from './platform/logger';
import { guardDependencies } from './platform/breakers';
import { createEventWriter } from './events/store';
import { createSearchLogWriter } from './searchlogs/writer';
import { upsertSongHistory } from './recs/history';

export function createDeps(config: Config): Deps {
  const clients = { es: createEsClient(config), pg: createPgPool(config), redis: createRedis(config) };
  const base = {
    config,
    ...clients,
    logger: createLogger(config.logLevel, { service: 'norae', env: config.env }),
    breakers: guardDependencies(clients, config.breakers),
  };
  // a batch of events and the users' sung-song summary commit together (recs/history)
  const events = createEventWriter(base, { alongside: upsertSongHistory });
  const searchLogs = createSearchLogWriter(base);
  const background = new Set<Promise<unknown>>();
  const writers: Writers = {
    events,
    searchLogs,
    async flush() {
      await Promise.all([events.flush(), searchLogs.flush()]);
    },
    async idle() {
      await Promise.allSettled([...background]);
      await Promise.all([events.idle(), searchLogs.idle()]);
    },
    track(task) {
      const settled: Promise<unknown> = task
        .catch((err) => base.logger.warn('background task failed', { err }))
        .finally(() => background.delete(settled));
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
    else if (s.rejected || s.dropped)
      deps.logger.warn('writer closed with rows set aside or dropped', { writer, ...s });
  }
  for (const guard of Object.values(deps.breakers ?? {})) guard.dispose();
  await Promise.allSettled([deps.es.close(), deps.pg.end(), deps.redis.quit().catch(() => deps.redis.disconnect())]);
}

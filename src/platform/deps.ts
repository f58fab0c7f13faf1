// Everything a capability needs, handed in explicitly (no hidden singletons). Built in src/compose.ts; this file only
// says what the bundle holds, so platform/ names no capability.
import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Breakers } from './breakers';

/**
 * The batched, fire-and-forget writers of this process by name, one each. Empty here: the capability that owns a
 * writer adds its entry (`declare module '../platform/deps' { interface NamedWriters { events: EventWriter } }`, as
 * users/auth.ts adds req.user to Express), and src/compose.ts must then build it.
 */
export interface NamedWriters {}

export interface Writers extends NamedWriters {
  /** Writes everything waiting in every writer. */
  flush(): Promise<void>;
  /** Resolves once every write in progress (and every tracked background task) is done, without starting new ones. */
  idle(): Promise<void>;
  /** Runs a fire-and-forget task (e.g. recording a search after the answer is sent) so idle() and closeDeps wait for it. */
  track(task: Promise<unknown>): void;
  stats(): WriterStats;
}

/** Each named writer's own stats(). */
export type WriterStats = { [K in keyof NamedWriters]: NamedWriters[K] extends { stats(): infer S } ? S : never };

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

// Behaviour events (search, view, save, unsave, sang) go to Postgres through an in-process batcher, so recording one
// is a push onto an array: a search never waits for its event. Daily partitions are created on first use.
import type { Pool, PoolClient } from 'pg';
import type { Deps } from '../platform/deps';
import { Batcher, type BatchWriter } from '../platform/batcher';
import { MAX_QUERY_CHARS } from '../korean';
import { isBadRowError, withTransaction } from '../platform/postgres';

export const EVENT_KINDS = ['search', 'view', 'save', 'unsave', 'sang'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface BehaviourEvent {
  kind: EventKind;
  userId?: number | null;
  sessionId?: string | null;
  songId?: number | null;
  query?: string | null;
  at?: Date;
  /**
   * who the event counts for (sessions.ts): null for an anonymous client's own session id (kept, never counted). When
   * absent the event was made by server code (lists, demo, imports) and counts for its user, else its session.
   */
  actor?: string | null;
  /** the address an anonymous session was issued to, for the per-address daily cap (counting.ts) */
  ipSubject?: string | null;
}

/** The actor an event counts for: the one given (the HTTP routes always give it), else its user's, else its session's. */
export const actorOfEvent = (e: BehaviourEvent): string | null =>
  e.actor !== undefined ? e.actor : e.userId != null ? `u:${e.userId}` : e.sessionId ? `s:${e.sessionId}` : null;

/**
 * What else a batch of events writes, in the events' own transaction so a retried batch never counts twice (the
 * users' sung-song summary, recs/history.ts: handed in by src/compose.ts, so events/ does not name recs/).
 */
export type WrittenWithEvents = (client: PoolClient, events: Array<BehaviourEvent & { at: Date }>) => Promise<unknown>;

export const EVENT_BATCH_SIZE = 500;
export const EVENT_FLUSH_MS = 1000;
export const partitionName = (day: Date) => `events_${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Creates the daily partition holding `day` if it is missing (safe to race: a concurrent creator wins quietly). */
export async function ensureEventPartition(pg: Pool, day: Date): Promise<string> {
  const from = startOfUtcDay(day);
  const name = partitionName(from);
  try {
    // a function owned by the migrating role: the API's own role may not create tables (124_event_partition_functions)
    await pg.query('SELECT ensure_event_partition($1::date)', [from.toISOString().slice(0, 10)]);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42P07' && code !== '23505') throw err; // created by someone else between check and create
  }
  return name;
}

export interface InsertEventsOptions {
  /** daily partitions already made sure of (a writer keeps one set for its life) */
  knownPartitions?: Set<string>;
  alongside?: WrittenWithEvents;
}

export async function insertEvents(
  pg: Pool,
  events: Array<BehaviourEvent & { at: Date }>,
  opts: InsertEventsOptions = {},
): Promise<void> {
  const knownPartitions = opts.knownPartitions ?? new Set<string>();
  if (!events.length) return;
  for (const e of events) {
    const name = partitionName(startOfUtcDay(e.at));
    if (!knownPartitions.has(name)) {
      await ensureEventPartition(pg, e.at);
      knownPartitions.add(name);
    }
  }
  await withTransaction(pg, async (client) => {
    await client.query(
      `INSERT INTO events (kind, user_id, session_id, song_id, query, occurred_at, actor, ip_subject)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::text[], $8::text[])`,
      [
        events.map((e) => e.kind),
        events.map((e) => e.userId ?? null),
        events.map((e) => e.sessionId ?? null),
        events.map((e) => e.songId ?? null),
        events.map((e) => e.query?.slice(0, MAX_QUERY_CHARS) ?? null),
        events.map((e) => e.at),
        events.map(actorOfEvent),
        events.map((e) => e.ipSubject ?? null),
      ],
    );
    await opts.alongside?.(client, events);
  });
}

export interface EventWriter extends BatchWriter<BehaviourEvent> {
  readonly dropped: number;
}

// this process's one event writer is deps.writers.events (built in src/compose.ts)
declare module '../platform/deps' {
  interface NamedWriters {
    events: EventWriter;
  }
}

export interface EventWriterOptions {
  maxItems?: number;
  flushMs?: number;
  maxBuffered?: number;
  alongside?: WrittenWithEvents;
}

export function createEventWriter(deps: Pick<Deps, 'pg' | 'logger'>, opts: EventWriterOptions = {}): EventWriter {
  const partitions = new Set<string>();
  const batcher = new Batcher<BehaviourEvent & { at: Date }>({
    maxItems: opts.maxItems ?? EVENT_BATCH_SIZE,
    flushMs: opts.flushMs ?? EVENT_FLUSH_MS,
    maxBuffered: opts.maxBuffered,
    write: (items) => insertEvents(deps.pg, items, { knownPartitions: partitions, alongside: opts.alongside }),
    isBadInput: isBadRowError,
    onError: (err, n) => deps.logger.warn('events write failed, will retry', { items: n, err }),
    onRejected: (err, e) => deps.logger.error('event set aside: Postgres refused it', { kind: e.kind, err }),
  });
  return {
    add: (e) => batcher.add({ ...e, at: e.at ?? new Date() }),
    flush: () => batcher.flush(),
    idle: () => batcher.idle(),
    close: () => batcher.close(),
    stats: () => batcher.stats(),
    get pending() {
      return batcher.pending;
    },
    get dropped() {
      return batcher.dropped;
    },
  };
}

/** Queues one event on this process's writer (deps.writers.events); never waits (written within EVENT_FLUSH_MS). */
export function recordEvent(deps: Pick<Deps, 'writers'>, event: BehaviourEvent): void {
  deps.writers.events.add(event);
}

/** Drops daily partitions older than `keepDays` (retention); returns the dropped partition names. */
export async function dropOldEventPartitions(pg: Pool, keepDays: number, now: Date = new Date()): Promise<string[]> {
  const cutoff = partitionName(new Date(startOfUtcDay(now).getTime() - keepDays * 86_400_000));
  const { rows } = await pg.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'events' AND c.relname ~ '^events_[0-9]{8}$'`,
  );
  const old = rows
    .map((r) => r.name)
    .filter((n) => n < cutoff)
    .sort();
  for (const name of old) await pg.query('SELECT drop_event_partition($1)', [name]);
  return old;
}

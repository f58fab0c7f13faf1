// Every search goes to two logs in batches: Postgres search_log (durable) and daily Elasticsearch indices (Kibana).
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { Batcher, type BatcherStats, type BatchWriter } from '../platform/batcher';
import { isBadRowError } from '../platform/postgres';
import type { AgeBand, Gender } from '../core/demographics';
import { dailyIndexName, ensureSearchLogTemplate } from './indices';

export interface SearchLogEntry {
  at: Date;
  scope: 'songs' | 'products';
  query: string;
  normalizedQuery: string;
  userId?: string;
  gender?: Gender;
  ageBand?: AgeBand;
  resultCount: number;
  tookMs: number;
}

/** Writes each entry to both logs (Postgres and the daily Elasticsearch index). */
export type SearchLogWriter = BatchWriter<SearchLogEntry, SearchLogStats>;

export interface SearchLogStats {
  postgres: BatcherStats;
  elasticsearch: BatcherStats;
}

// this process's one search-log writer is deps.writers.searchLogs (built in src/compose.ts)
declare module '../platform/deps' {
  interface NamedWriters {
    searchLogs: SearchLogWriter;
  }
}

type WriterDeps = Pick<Deps, 'pg' | 'es' | 'config' | 'logger'>;

async function writePostgres(deps: WriterDeps, items: SearchLogEntry[]): Promise<void> {
  await deps.pg.query(
    `INSERT INTO search_log (searched_at, scope, query, normalized_query, user_id, gender, age_band, result_count, took_ms)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])`,
    [
      items.map((i) => i.at),
      items.map((i) => i.scope),
      items.map((i) => i.query),
      items.map((i) => i.normalizedQuery),
      items.map((i) => i.userId ?? null),
      items.map((i) => i.gender ?? null),
      items.map((i) => i.ageBand ?? null),
      items.map((i) => i.resultCount),
      items.map((i) => Math.round(i.tookMs)),
    ],
  );
}

export function searchLogDocument(e: SearchLogEntry): Record<string, unknown> {
  return {
    timestamp: e.at.toISOString(),
    scope: e.scope,
    query: e.query,
    normalized_query: e.normalizedQuery,
    result_count: e.resultCount,
    took_ms: Math.round(e.tookMs),
    gender: e.gender ?? null,
    age_band: e.ageBand ?? null,
    user_id: e.userId ?? null,
    zero_result: e.resultCount === 0,
  };
}

/** Items of one bulk answer: indexed, refused for good (a bad document), or refused for now (429: ES is overloaded). */
export function splitBulkAnswer<T>(
  items: T[],
  answer: estypes.BulkResponse,
): { refused: Array<{ item: T; error: unknown }>; overloaded: T[] } {
  const refused: Array<{ item: T; error: unknown }> = [];
  const overloaded: T[] = [];
  if (!answer.errors) return { refused, overloaded };
  answer.items.forEach((entry, i) => {
    const result = Object.values(entry)[0];
    if (!result?.error) return;
    if (result.status === 429) overloaded.push(items[i]);
    else refused.push({ item: items[i], error: result.error });
  });
  return { refused, overloaded };
}

/** 429 items are sent again this many times within one flush, after a growing pause; the rest wait for the next flush. */
export const OVERLOADED_RETRIES = 3;
const OVERLOADED_PAUSE_MS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function createSearchLogWriter(deps: WriterDeps): SearchLogWriter {
  const { batchSize, flushMs } = deps.config.searchLogs;
  let templateReady = false;
  const pg = new Batcher<SearchLogEntry>({
    maxItems: batchSize,
    flushMs,
    write: (items) => writePostgres(deps, items),
    isBadInput: isBadRowError,
    onError: (err, n) => deps.logger.warn('search_log write failed, will retry', { items: n, err }),
    onRejected: (err, e) => deps.logger.error('search_log row set aside: Postgres refused it', { scope: e.scope, err }),
  });
  const es = new Batcher<SearchLogEntry>({
    maxItems: batchSize,
    flushMs,
    write: async (items) => {
      if (!templateReady) {
        await ensureSearchLogTemplate(deps.es, deps.config);
        templateReady = true;
      }
      let rejected = 0;
      let pending = items;
      for (let attempt = 0; ; attempt++) {
        const operations = pending.flatMap((e) => [
          { create: { _index: dailyIndexName(deps.config, e.at) } },
          searchLogDocument(e),
        ]);
        // Elasticsearch answers per item: only the ones it refused are sent again (the others are indexed already)
        const { refused, overloaded } = splitBulkAnswer(pending, await deps.es.bulk({ operations }));
        if (refused.length)
          deps.logger.warn('some search-log documents were rejected', {
            rejected: refused.length,
            error: JSON.stringify(refused[0].error),
          });
        rejected += refused.length;
        if (!overloaded.length) return { rejected, retry: [] };
        if (attempt === OVERLOADED_RETRIES) {
          deps.logger.warn('Elasticsearch is overloaded (429): search-log documents wait for the next flush', {
            items: overloaded.length,
          });
          return { rejected, retry: overloaded };
        }
        await pause(OVERLOADED_PAUSE_MS * 2 ** attempt);
        pending = overloaded;
      }
    },
    onError: (err, n) => deps.logger.warn('search-log indexing failed, will retry', { items: n, err }),
  });
  return {
    add(entry) {
      pg.add(entry);
      es.add(entry);
    },
    async flush() {
      await Promise.all([pg.flush(), es.flush()]);
    },
    async idle() {
      await Promise.all([pg.idle(), es.idle()]);
    },
    async close() {
      const [postgres, elasticsearch] = await Promise.all([pg.close(), es.close()]);
      return { postgres, elasticsearch };
    },
    stats: () => ({ postgres: pg.stats(), elasticsearch: es.stats() }),
    get pending() {
      return pg.pending + es.pending;
    },
  };
}

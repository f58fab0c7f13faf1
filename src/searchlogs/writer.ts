// Every search goes to two logs in batches: Postgres search_log (durable) and daily Elasticsearch indices (Kibana).
import type { Deps } from '../platform/deps';
import { Batcher } from './batcher';
import { dailyIndexName, ensureSearchLogTemplate } from './indices';

export interface SearchLogEntry {
  at: Date;
  scope: 'songs' | 'products';
  query: string;
  normalizedQuery: string;
  userId?: string;
  gender?: string;
  ageBand?: string;
  resultCount: number;
  tookMs: number;
}

export interface SearchLogWriter {
  add(entry: SearchLogEntry): void;
  flush(): Promise<void>;
  readonly pending: number;
}

type WriterDeps = Pick<Deps, 'pg' | 'es' | 'config' | 'logger'>;

async function writePostgres(deps: WriterDeps, items: SearchLogEntry[]): Promise<void> {
  await deps.pg.query(
    `INSERT INTO search_log (searched_at, scope, query, normalized_query, user_id, gender, age_band, result_count, took_ms)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[])`,
    [
      items.map((i) => i.at), items.map((i) => i.scope), items.map((i) => i.query), items.map((i) => i.normalizedQuery),
      items.map((i) => i.userId ?? null), items.map((i) => i.gender ?? null), items.map((i) => i.ageBand ?? null),
      items.map((i) => i.resultCount), items.map((i) => Math.round(i.tookMs)),
    ],
  );
}

export function searchLogDocument(e: SearchLogEntry): Record<string, unknown> {
  return {
    timestamp: e.at.toISOString(), scope: e.scope, query: e.query, normalized_query: e.normalizedQuery,
    result_count: e.resultCount, took_ms: Math.round(e.tookMs), gender: e.gender ?? null, age_band: e.ageBand ?? null,
    user_id: e.userId ?? null, zero_result: e.resultCount === 0,
  };
}

export function createSearchLogWriter(deps: WriterDeps): SearchLogWriter {
  const { batchSize, flushMs } = deps.config.searchLogs;
  let templateReady = false;
  const pg = new Batcher<SearchLogEntry>({
    maxItems: batchSize, flushMs, write: (items) => writePostgres(deps, items),
    onError: (err, n) => deps.logger.warn('search_log write failed, will retry', { items: n, error: (err as Error).message }),
  });
  const es = new Batcher<SearchLogEntry>({
    maxItems: batchSize, flushMs,
    write: async (items) => {
      if (!templateReady) { await ensureSearchLogTemplate(deps.es, deps.config); templateReady = true; }
      const operations = items.flatMap((e) => [{ create: { _index: dailyIndexName(deps.config, e.at) } }, searchLogDocument(e)]);
      const res = await deps.es.bulk({ operations });
      if (res.errors) {
        const first = res.items.map((i) => Object.values(i)[0]).find((r) => r?.error);
        deps.logger.warn('some search-log documents were rejected', { error: JSON.stringify(first?.error) });
      }
    },
    onError: (err, n) => deps.logger.warn('search-log indexing failed, will retry', { items: n, error: (err as Error).message }),
  });
  return {
    add(entry) { pg.add(entry); es.add(entry); },
    async flush() { await Promise.all([pg.flush(), es.flush()]); },
    get pending() { return pg.pending + es.pending; },
  };
}

const writers = new WeakMap<object, SearchLogWriter>();

/** The writer belonging to this deps object (one per process in practice), created on first use. */
export function searchLogWriter(deps: WriterDeps): SearchLogWriter {
  let w = writers.get(deps);
  if (!w) { w = createSearchLogWriter(deps); writers.set(deps, w); }
  return w;
}

/** Writes whatever is waiting; call before closing deps (shutdown, tests). */
export async function flushSearchLogs(deps: WriterDeps): Promise<void> {
  await writers.get(deps)?.flush();
}

// Retention of the durable search log in Postgres (the daily Elasticsearch indices expire in indices.ts).
import type { Pool } from 'pg';

const DELETE_BATCH = 10_000;

/** Deletes search_log rows older than keepDays, in batches so a big backlog never holds one long lock. */
export async function deleteOldSearchLogRows(pg: Pool, keepDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  let deleted = 0;
  for (;;) {
    const res = await pg.query(
      'DELETE FROM search_log WHERE id IN (SELECT id FROM search_log WHERE searched_at < $1 LIMIT $2)',
      [cutoff, DELETE_BATCH],
    );
    deleted += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < DELETE_BATCH) return deleted;
  }
}

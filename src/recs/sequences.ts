// Training sequences from Postgres: every saved list in its order, and every session's songs in time order.
import type { Pool } from 'pg';

export const SESSION_LOOKBACK_DAYS = 180;
const MAX_SEQUENCE = 200;

/** Drops immediate repeats (a view then a sang of the same song is one step). */
export function collapseRepeats(ids: number[]): number[] {
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

export async function loadTrainingSequences(pg: Pool, now: Date = new Date()): Promise<{ sequences: number[][]; lists: number; sessions: number; events: number }> {
  const lists = (await pg.query<{ ids: string[] }>(
    `SELECT array_agg(e.song_id ORDER BY e.position) AS ids
     FROM song_list_entries e JOIN songs s ON s.id = e.song_id AND s.deleted_at IS NULL
     GROUP BY e.list_id HAVING count(*) >= 2`,
  )).rows.map((r) => r.ids.map(Number));
  const since = new Date(now.getTime() - SESSION_LOOKBACK_DAYS * 86_400_000);
  const sessions = (await pg.query<{ ids: string[] }>(
    `SELECT array_agg(song_id ORDER BY occurred_at, song_id) AS ids
     FROM events
     WHERE occurred_at >= $1 AND occurred_at <= $2 AND session_id IS NOT NULL AND song_id IS NOT NULL AND kind IN ('view', 'save', 'sang')
     GROUP BY session_id HAVING count(*) >= 2`,
    [since, now],
  )).rows.map((r) => collapseRepeats(r.ids.map(Number)).slice(-MAX_SEQUENCE)).filter((s) => s.length >= 2);
  const events = sessions.reduce((n, s) => n + s.length, 0);
  return { sequences: [...lists, ...sessions], lists: lists.length, sessions: sessions.length, events };
}

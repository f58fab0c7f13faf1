// Training sequences from Postgres: each account's newest saved lists in their order, and the songs of everyone whose events count
// (a signed-in user, or a session this server issued: events/counting.ts, with its caps) in time order.
import type { Pool } from 'pg';
import { countedEventsSql } from '../events/counting';

export const SESSION_LOOKBACK_DAYS = 180;
const MAX_SEQUENCE = 200;
/** the newest lists of an account that train the model (a list is a set of songs, so more would be one taste repeated) */
export const MAX_LISTS_PER_USER = 10;

/** Drops immediate repeats (a view then a sang of the same song is one step). */
export function collapseRepeats(ids: number[]): number[] {
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

export async function loadTrainingSequences(
  pg: Pool,
  now: Date = new Date(),
): Promise<{ sequences: number[][]; lists: number; sessions: number; events: number }> {
  // one account's lists count like one singer's: its MAX_LISTS_PER_USER newest lists only
  const lists = (
    await pg.query<{ ids: string[] }>(
      `SELECT array_agg(e.song_id ORDER BY e.position) AS ids
     FROM (SELECT l.id, row_number() OVER (PARTITION BY l.user_id ORDER BY l.id DESC) AS nth FROM song_lists l) l
     JOIN song_list_entries e ON e.list_id = l.id
     JOIN songs s ON s.id = e.song_id AND s.deleted_at IS NULL
     WHERE l.nth <= $1
     GROUP BY e.list_id HAVING count(*) >= 2 ORDER BY e.list_id`,
      [MAX_LISTS_PER_USER],
    )
  ).rows.map((r) => r.ids.map(Number));
  const since = new Date(now.getTime() - SESSION_LOOKBACK_DAYS * 86_400_000);
  // ordered by actor so the same events always make the same training input
  const sessions = (
    await pg.query<{ ids: string[] }>(
      `SELECT array_agg(song_id ORDER BY occurred_at, song_id) AS ids
     FROM ${countedEventsSql({ kinds: ['view', 'save', 'sang'], after: '$1::timestamptz', until: '$2::timestamptz' })} counted
     WHERE song_id IS NOT NULL
     GROUP BY actor HAVING count(*) >= 2 ORDER BY actor`,
      [since, now],
    )
  ).rows
    .map((r) => collapseRepeats(r.ids.map(Number)).slice(-MAX_SEQUENCE))
    .filter((s) => s.length >= 2);
  const events = sessions.reduce((n, s) => n + s.length, 0);
  return { sequences: [...lists, ...sessions], lists: lists.length, sessions: sessions.length, events };
}

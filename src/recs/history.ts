// The per-user summary of sung songs (user_song_history), kept up to date where events are written, so a user's
// history is one indexed read instead of a scan of the daily event partitions.
import type { Pool, PoolClient } from 'pg';

export interface SungEvent {
  kind: string;
  userId?: number | null;
  songId?: number | null;
  at: Date;
}

/** Folds the 'sang' events of a batch into the summary; runs in the events' transaction so a retry never double counts. */
export async function upsertSongHistory(db: Pool | PoolClient, events: SungEvent[]): Promise<number> {
  const sung = events.filter((e) => e.kind === 'sang' && e.userId != null && e.songId != null);
  if (!sung.length) return 0;
  const res = await db.query(
    `INSERT INTO user_song_history AS h (user_id, song_id, last_at, times)
     SELECT t.user_id, t.song_id, max(t.at), count(*) FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[]) AS t(user_id, song_id, at)
     JOIN users u ON u.id = t.user_id -- an event of a since-deleted account has no history to keep
     GROUP BY t.user_id, t.song_id
     ON CONFLICT (user_id, song_id) DO UPDATE SET last_at = greatest(h.last_at, EXCLUDED.last_at), times = h.times + EXCLUDED.times`,
    [sung.map((e) => e.userId), sung.map((e) => e.songId), sung.map((e) => e.at)],
  );
  return res.rowCount ?? 0;
}

export interface History {
  recent: Array<{ songId: number; at: Date }>;
  saved: Set<number>;
}

/** What the user saved (all lists) and sang within `days`, most recent first, at most `limit`. */
export async function userHistory(pg: Pool, userId: number, opts: { days: number; limit: number }): Promise<History> {
  const [saved, recent] = await Promise.all([
    pg.query<{ song_id: string }>(
      'SELECT DISTINCT e.song_id FROM song_list_entries e JOIN song_lists l ON l.id = e.list_id WHERE l.user_id = $1',
      [userId],
    ),
    pg.query<{ song_id: string; at: Date }>(
      `SELECT song_id, max(at) AS at FROM (
         SELECT e.song_id, e.added_at AS at FROM song_list_entries e JOIN song_lists l ON l.id = e.list_id WHERE l.user_id = $1
         UNION ALL
         (SELECT song_id, last_at FROM user_song_history WHERE user_id = $1 AND last_at > now() - make_interval(days => $2) ORDER BY last_at DESC LIMIT $3)
       ) h GROUP BY song_id ORDER BY max(at) DESC LIMIT $3`,
      [userId, opts.days, opts.limit],
    ),
  ]);
  return {
    recent: recent.rows.map((r) => ({ songId: Number(r.song_id), at: r.at })),
    saved: new Set(saved.rows.map((r) => Number(r.song_id))),
  };
}

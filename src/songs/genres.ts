// A song's genres: the names of the genre charts (song_chart_lists, genre > 0) any of its numbers placed in during
// the last two years, most recent first. Kept in songs.genres instead of joined when documents are built: a 1M-song
// rebuild then reads one column, and a change of genres stamps songs.updated_at, so the incremental index sync
// carries it (a join would change documents without any row changing, and no sync would notice). The chart job
// refreshes every song after each run (places age out of the window too), the merge the songs it writes.
import type { Pool, PoolClient } from 'pg';
import { TJ_CHART_GENRES } from '../catalogs/tj-source';

/** The genre names a song can carry: every TJ chart genre but the overall chart (전체). */
export const SONG_GENRES = TJ_CHART_GENRES.slice(1) as unknown as readonly [string, ...string[]];

/** How far back a chart place still gives a song its genre. */
export const GENRE_WINDOW = '2 years';

/**
 * Rewrites songs.genres where it changed (all songs, or `songIds`); returns how many songs changed. A song placed in a
 * genre in several periods sorts by its latest one, then by its best rank, then by the genre's chart code.
 */
export async function refreshSongGenres(
  db: Pool | PoolClient,
  opts: { songIds?: Array<string | number>; now?: Date } = {},
): Promise<number> {
  const scoped = opts.songIds !== undefined;
  if (scoped && !opts.songIds!.length) return 0;
  const inScope = (alias: string) => (scoped ? `AND ${alias}.id = ANY($2::bigint[])` : '');
  const placedBy = (brand: 'tj' | 'ky') => `
    SELECT s.id, l.genre, l.genre_name, l.period_start, l.rank FROM song_chart_lists l
    JOIN songs s ON s.${brand}_no = l.no AND s.deleted_at IS NULL ${inScope('s')}
    WHERE l.brand = '${brand}' AND l.genre > 0 AND l.period_start >= ($1::timestamptz - interval '${GENRE_WINDOW}')::date`;
  const res = await db.query(
    `WITH placed AS (${placedBy('tj')} UNION ALL ${placedBy('ky')}),
     per_genre AS (
       SELECT id, genre_name, max(period_start) AS latest, min(rank) AS best, min(genre) AS code FROM placed GROUP BY id, genre_name),
     wanted AS (
       SELECT id, array_agg(genre_name ORDER BY latest DESC, best, code) AS genres FROM per_genre GROUP BY id),
     target AS (
       SELECT id, genres FROM wanted
       UNION ALL
       SELECT s.id, '{}'::text[] FROM songs s
       WHERE s.genres <> '{}' ${inScope('s')} AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.id = s.id))
     UPDATE songs s SET genres = t.genres, updated_at = now()
     FROM target t WHERE s.id = t.id AND s.genres IS DISTINCT FROM t.genres`,
    scoped ? [opts.now ?? new Date(), opts.songIds!.map(String)] : [opts.now ?? new Date()],
  );
  return res.rowCount ?? 0;
}

// Arrival watches ("KY에 들어오면 알려주세요"): a singer waits for a brand to add a song the other brand has.
// A watch keeps the wanted brand and the number the song has on the other brand, never only the song id: the
// merge may give the song a new id, and the number finds the current song (songs.tj_no / songs.ky_no).
import type { Pool } from 'pg';
import { AppError, conflict, notFound } from '../platform/errors';
import type { Brand } from '../core/brands';

// enough for any singer's wish list, small enough that one account cannot flood the delivery
export const MAX_WAITING_WATCHES = 200;

const otherBrand = (brand: Brand): Brand => (brand === 'tj' ? 'ky' : 'tj');

export interface WatchedSong {
  id: number | null;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
}

export interface Watch {
  id: number;
  /** the brand the singer waits for */
  brand: Brand;
  status: 'waiting' | 'arrived';
  created_at: string;
  arrived_at: string | null;
  /** the song as it is now (found by its number on the other brand); id null when that number is gone */
  song: WatchedSong;
}

interface WatchRow {
  id: string;
  brand: Brand;
  known_no: string;
  created_at: Date;
  arrived_at: Date | null;
  title: string;
  artist: string;
  song_id: string | null;
  song_title: string | null;
  song_artist: string | null;
  tj_no: string | null;
  ky_no: string | null;
}

// each watch joined to the live song holding its known number on the other brand
const WATCH_SELECT = `SELECT w.id, w.brand, w.known_no, w.created_at, w.arrived_at, w.title, w.artist,
    s.id AS song_id, s.title AS song_title, s.artist AS song_artist, s.tj_no, s.ky_no
  FROM arrival_watches w
  LEFT JOIN LATERAL (
    SELECT id, title, artist, tj_no, ky_no FROM songs
    WHERE deleted_at IS NULL AND ((w.brand = 'ky' AND tj_no = w.known_no) OR (w.brand = 'tj' AND ky_no = w.known_no))
  ) s ON true`;

function toWatch(r: WatchRow): Watch {
  const known = { tj_no: r.brand === 'ky' ? r.known_no : null, ky_no: r.brand === 'tj' ? r.known_no : null };
  return {
    id: Number(r.id),
    brand: r.brand,
    status: r.arrived_at ? 'arrived' : 'waiting',
    created_at: r.created_at.toISOString(),
    arrived_at: r.arrived_at?.toISOString() ?? null,
    song: r.song_id
      ? { id: Number(r.song_id), title: r.song_title!, artist: r.song_artist!, tj_no: r.tj_no, ky_no: r.ky_no }
      : { id: null, title: r.title, artist: r.artist, ...known },
  };
}

/** Starts watching a song for `brand`: 404 unknown song, 409 when the song already has that brand's number. */
export async function watchSong(
  pg: Pool,
  userId: number,
  songId: number,
  brand: Brand,
): Promise<{ created: boolean; watch: Watch }> {
  const song = (
    await pg.query<{ title: string; artist: string; tj_no: string | null; ky_no: string | null }>(
      'SELECT title, artist, tj_no, ky_no FROM songs WHERE id = $1 AND deleted_at IS NULL',
      [songId],
    )
  ).rows[0];
  if (!song) throw notFound(`song ${songId}`);
  const wanted = brand === 'tj' ? song.tj_no : song.ky_no;
  if (wanted)
    throw conflict('brand_has_song', `${brand.toUpperCase()} already has this song (${brand.toUpperCase()} ${wanted})`);
  const known = otherBrand(brand) === 'tj' ? song.tj_no : song.ky_no;
  if (!known) throw conflict('brand_has_song', 'the song has no number on the other brand to watch it by');
  const waiting = (
    await pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM arrival_watches WHERE user_id = $1 AND arrived_at IS NULL',
      [userId],
    )
  ).rows[0].n;
  const inserted = await pg.query<{ id: string }>(
    `INSERT INTO arrival_watches (user_id, brand, known_no, title, artist)
     SELECT $1, $2, $3, $4, $5 WHERE $6::int < $7::int
     ON CONFLICT (user_id, brand, known_no) DO NOTHING RETURNING id`,
    [userId, brand, known, song.title, song.artist, waiting, MAX_WAITING_WATCHES],
  );
  const existing = inserted.rows[0]
    ? null
    : (
        await pg.query<{ id: string }>(
          'SELECT id FROM arrival_watches WHERE user_id = $1 AND brand = $2 AND known_no = $3',
          [userId, brand, known],
        )
      ).rows[0];
  if (!inserted.rows[0] && !existing) {
    throw new AppError(409, 'too_many_watches', `at most ${MAX_WAITING_WATCHES} songs can be watched at once`);
  }
  const id = Number((inserted.rows[0] ?? existing)!.id);
  const watch = (await watchesOf(pg, userId, { id }))[0];
  return { created: !!inserted.rows[0], watch };
}

/** The caller's watches, newest first; with songId only those on that song (as the song is now). */
export async function watchesOf(
  pg: Pool,
  userId: number,
  filter: { songId?: number; id?: number } = {},
): Promise<Watch[]> {
  const rows = (
    await pg.query<WatchRow>(
      `${WATCH_SELECT}
     WHERE w.user_id = $1 AND ($2::bigint IS NULL OR s.id = $2) AND ($3::bigint IS NULL OR w.id = $3)
     ORDER BY w.created_at DESC, w.id DESC`,
      [userId, filter.songId ?? null, filter.id ?? null],
    )
  ).rows;
  return rows.map(toWatch);
}

/** Stops a watch of the caller (404 when it is not theirs or gone); its inbox message, if any, stays. */
export async function unwatch(pg: Pool, userId: number, watchId: number): Promise<void> {
  const res = await pg.query('DELETE FROM arrival_watches WHERE id = $1 AND user_id = $2', [watchId, userId]);
  if (!res.rowCount) throw notFound(`watch ${watchId}`);
}

/**
 * Finds waiting watches whose song now has the wanted brand's number and writes one inbox message per watch (the
 * unique watch_id of inbox_messages makes a second call, or a concurrent one, deliver nothing twice). Call it after
 * every merge (ingest, catalog sync).
 */
export async function deliverArrivals(pg: Pool): Promise<{ delivered: number }> {
  const res = await pg.query<{ delivered: number }>(
    `WITH due AS (
       SELECT w.id, w.user_id, w.brand, s.title, s.artist, s.tj_no, s.ky_no
       FROM arrival_watches w JOIN songs s ON s.deleted_at IS NULL AND s.tj_no = w.known_no AND s.ky_no IS NOT NULL
       WHERE w.brand = 'ky' AND w.arrived_at IS NULL
       UNION ALL
       SELECT w.id, w.user_id, w.brand, s.title, s.artist, s.tj_no, s.ky_no
       FROM arrival_watches w JOIN songs s ON s.deleted_at IS NULL AND s.ky_no = w.known_no AND s.tj_no IS NOT NULL
       WHERE w.brand = 'tj' AND w.arrived_at IS NULL
     ), sent AS (
       INSERT INTO inbox_messages (user_id, kind, watch_id, brand, title, artist, tj_no, ky_no)
       SELECT user_id, 'arrival', id, brand, title, artist, tj_no, ky_no FROM due
       ON CONFLICT (watch_id) DO NOTHING
       RETURNING watch_id
     ), marked AS (
       UPDATE arrival_watches w SET arrived_at = now() FROM due WHERE w.id = due.id AND w.arrived_at IS NULL RETURNING w.id
     )
     SELECT (SELECT count(*) FROM sent)::int AS delivered, (SELECT count(*) FROM marked)::int AS marked`,
  );
  return { delivered: res.rows[0].delivered };
}

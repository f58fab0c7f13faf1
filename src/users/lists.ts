// Saved song lists: several named, ordered lists per user. Only the owner reads or changes a list.
import type { Pool, PoolClient } from 'pg';
import { AppError, conflict, forbidden, notFound } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';

export const MAX_LISTS_PER_USER = 50;
export const MAX_SONGS_PER_LIST = 500;

export interface SongListSummary {
  id: number;
  name: string;
  song_count: number;
  created_at: string;
  updated_at: string;
}
export interface SongListEntry {
  song_id: number;
  position: number;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  added_at: string;
  /** semitones from the original key the singer uses (-6..+6), null when not noted */
  key_shift: number | null;
  note: string | null;
  /** the brands no longer list this song (src/catalogs/sync.ts): kept in the list, left out of search */
  withdrawn: boolean;
}

export const KEY_SHIFT_RANGE = 6;
export const MAX_NOTE_CHARS = 200;
export interface SongList extends SongListSummary {
  songs: SongListEntry[];
}

interface ListRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  song_count?: string;
}

const summaryOf = (r: ListRow): SongListSummary => ({
  id: Number(r.id),
  name: r.name,
  song_count: Number(r.song_count ?? 0),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

const uniqueName = (err: unknown) => {
  if ((err as { code?: string }).code === '23505')
    return conflict('list_name_taken', 'you already have a list with this name');
  return err;
};

/** Locks the list row for this transaction after checking it exists (404) and belongs to the user (403). */
async function ownedList(db: Pool | PoolClient, userId: number, listId: number, lock = false): Promise<ListRow> {
  const row = (await db.query<ListRow>(`SELECT * FROM song_lists WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [listId]))
    .rows[0];
  if (!row) throw notFound(`list ${listId}`);
  if (Number(row.user_id) !== userId) throw forbidden('this list belongs to someone else');
  return row;
}

export async function listsOf(pg: Pool, userId: number): Promise<SongListSummary[]> {
  const rows = (
    await pg.query<ListRow>(
      `SELECT l.*, (SELECT count(*) FROM song_list_entries e WHERE e.list_id = l.id) AS song_count
     FROM song_lists l WHERE l.user_id = $1 ORDER BY l.id`,
      [userId],
    )
  ).rows;
  return rows.map(summaryOf);
}

export async function createList(pg: Pool, userId: number, name: string): Promise<SongListSummary> {
  return withTransaction(pg, async (c) => {
    await lockForTransaction(c, `lists:${userId}`);
    const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM song_lists WHERE user_id = $1', [userId]);
    if (Number(rows[0].n) >= MAX_LISTS_PER_USER)
      throw conflict('too_many_lists', `at most ${MAX_LISTS_PER_USER} lists per account`);
    try {
      return summaryOf(
        (await c.query<ListRow>('INSERT INTO song_lists (user_id, name) VALUES ($1, $2) RETURNING *', [userId, name]))
          .rows[0],
      );
    } catch (err) {
      throw uniqueName(err);
    }
  });
}

export async function getList(pg: Pool, userId: number, listId: number): Promise<SongList> {
  const list = await ownedList(pg, userId, listId);
  const songs = (
    await pg.query<{
      song_id: string;
      position: number;
      title: string;
      artist: string;
      tj_no: string | null;
      ky_no: string | null;
      added_at: Date;
      key_shift: number | null;
      note: string | null;
      withdrawn: boolean;
    }>(
      `SELECT e.song_id, e.position, s.title, s.artist, s.tj_no, s.ky_no, e.added_at, e.key_shift, e.note, s.withdrawn_at IS NOT NULL AS withdrawn
     FROM song_list_entries e JOIN songs s ON s.id = e.song_id WHERE e.list_id = $1 ORDER BY e.position`,
      [listId],
    )
  ).rows.map((r) => ({ ...r, song_id: Number(r.song_id), added_at: r.added_at.toISOString() }));
  return { ...summaryOf({ ...list, song_count: String(songs.length) }), songs };
}

export async function renameList(pg: Pool, userId: number, listId: number, name: string): Promise<SongListSummary> {
  await ownedList(pg, userId, listId);
  try {
    await pg.query('UPDATE song_lists SET name = $2, updated_at = now() WHERE id = $1', [listId, name]);
  } catch (err) {
    throw uniqueName(err);
  }
  return (await listsOf(pg, userId)).find((l) => l.id === listId)!;
}

export async function deleteList(pg: Pool, userId: number, listId: number): Promise<void> {
  await ownedList(pg, userId, listId);
  await pg.query('DELETE FROM song_lists WHERE id = $1', [listId]);
}

/** Appends the song; adding a song already in the list changes nothing. */
export async function addSong(
  pg: Pool,
  userId: number,
  listId: number,
  songId: number,
): Promise<{ added: boolean; position: number }> {
  return withTransaction(pg, async (c) => {
    await ownedList(c, userId, listId, true);
    const song = await c.query('SELECT 1 FROM songs WHERE id = $1 AND deleted_at IS NULL', [songId]);
    if (!song.rowCount) throw notFound(`song ${songId}`);
    const existing = await c.query<{ position: number }>(
      'SELECT position FROM song_list_entries WHERE list_id = $1 AND song_id = $2',
      [listId, songId],
    );
    if (existing.rowCount) return { added: false, position: existing.rows[0].position };
    const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM song_list_entries WHERE list_id = $1', [
      listId,
    ]);
    const n = Number(rows[0].n);
    if (n >= MAX_SONGS_PER_LIST) throw conflict('list_full', `a list holds at most ${MAX_SONGS_PER_LIST} songs`);
    await c.query('INSERT INTO song_list_entries (list_id, song_id, position) VALUES ($1, $2, $3)', [
      listId,
      songId,
      n,
    ]);
    await c.query('UPDATE song_lists SET updated_at = now() WHERE id = $1', [listId]);
    return { added: true, position: n };
  });
}

/** Removes the song and closes the gap; removing a song that is not there changes nothing. */
export async function removeSong(
  pg: Pool,
  userId: number,
  listId: number,
  songId: number,
): Promise<{ removed: boolean }> {
  return withTransaction(pg, async (c) => {
    await ownedList(c, userId, listId, true);
    const gone = await c.query<{ position: number }>(
      'DELETE FROM song_list_entries WHERE list_id = $1 AND song_id = $2 RETURNING position',
      [listId, songId],
    );
    if (!gone.rowCount) return { removed: false };
    await c.query('UPDATE song_list_entries SET position = position - 1 WHERE list_id = $1 AND position > $2', [
      listId,
      gone.rows[0].position,
    ]);
    await c.query('UPDATE song_lists SET updated_at = now() WHERE id = $1', [listId]);
    return { removed: true };
  });
}

/** The order after moving `songId` to `position` (clamped to the list), as a pure function the route and tests share. */
export function moveInOrder<T>(order: T[], item: T, position: number): T[] {
  const from = order.indexOf(item);
  if (from < 0) return order;
  const next = order.filter((x) => x !== item);
  next.splice(Math.max(0, Math.min(position, next.length)), 0, item);
  return next;
}

export async function moveSong(
  pg: Pool,
  userId: number,
  listId: number,
  songId: number,
  position: number,
): Promise<SongList> {
  await withTransaction(pg, async (c) => {
    await ownedList(c, userId, listId, true);
    const order = (
      await c.query<{ song_id: string }>('SELECT song_id FROM song_list_entries WHERE list_id = $1 ORDER BY position', [
        listId,
      ])
    ).rows.map((r) => Number(r.song_id));
    if (!order.includes(songId)) throw new AppError(404, 'not_found', `song ${songId} is not in list ${listId}`);
    const next = moveInOrder(order, songId, position);
    await c.query(
      `UPDATE song_list_entries e SET position = o.pos - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS o(song_id, pos)
       WHERE e.list_id = $1 AND e.song_id = o.song_id`,
      [listId, next],
    );
    await c.query('UPDATE song_lists SET updated_at = now() WHERE id = $1', [listId]);
  });
  return getList(pg, userId, listId);
}

export interface EntryMemo {
  key_shift?: number | null;
  note?: string | null;
}

/** Sets the key memo and/or note of a song in the list (fields left out stay as they are). */
export async function updateEntryMemo(
  pg: Pool,
  userId: number,
  listId: number,
  songId: number,
  memo: EntryMemo,
): Promise<void> {
  await withTransaction(pg, async (c) => {
    await ownedList(c, userId, listId, true);
    const res = await c.query(
      `UPDATE song_list_entries SET key_shift = CASE WHEN $3 THEN $4::smallint ELSE key_shift END, note = CASE WHEN $5 THEN $6 ELSE note END
       WHERE list_id = $1 AND song_id = $2`,
      [
        listId,
        songId,
        memo.key_shift !== undefined,
        memo.key_shift ?? null,
        memo.note !== undefined,
        memo.note ?? null,
      ],
    );
    if (!res.rowCount) throw new AppError(404, 'not_found', `song ${songId} is not in list ${listId}`);
    await c.query('UPDATE song_lists SET updated_at = now() WHERE id = $1', [listId]);
  });
}

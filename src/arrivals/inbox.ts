// The in-app inbox: one message per arrived watch ("KY에 들어왔어요"), newest first, with an unread count.
import type { Pool } from 'pg';
import { notFound } from '../platform/errors';
import type { Brand } from '../core/brands';
import type { WatchedSong } from './watches';

export interface InboxMessage {
  id: number;
  kind: 'arrival';
  /** the brand that now has the song */
  brand: Brand;
  /** the song with both numbers as they were on arrival; id is the song that holds them now (null when gone) */
  song: WatchedSong;
  created_at: string;
  read_at: string | null;
}

export interface InboxPage {
  unread: number;
  total: number;
  items: InboxMessage[];
}

interface MessageRow {
  id: string;
  kind: 'arrival';
  brand: Brand;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  created_at: Date;
  read_at: Date | null;
  song_id: string | null;
}

// the live song holding the arrived numbers (ids may change when the merge re-plans)
const MESSAGE_SELECT = `SELECT m.id, m.kind, m.brand, m.title, m.artist, m.tj_no, m.ky_no, m.created_at, m.read_at, s.id AS song_id
  FROM inbox_messages m
  LEFT JOIN LATERAL (
    SELECT id FROM songs WHERE deleted_at IS NULL AND (tj_no = m.tj_no OR ky_no = m.ky_no)
    ORDER BY (tj_no IS NOT DISTINCT FROM m.tj_no AND ky_no IS NOT DISTINCT FROM m.ky_no) DESC LIMIT 1
  ) s ON true`;

const toMessage = (r: MessageRow): InboxMessage => ({
  id: Number(r.id),
  kind: r.kind,
  brand: r.brand,
  song: { id: r.song_id ? Number(r.song_id) : null, title: r.title, artist: r.artist, tj_no: r.tj_no, ky_no: r.ky_no },
  created_at: r.created_at.toISOString(),
  read_at: r.read_at?.toISOString() ?? null,
});

export async function inboxOf(pg: Pool, userId: number, opts: { limit: number; offset: number }): Promise<InboxPage> {
  const [counts, page] = await Promise.all([
    pg.query<{ total: number; unread: number }>(
      'SELECT count(*)::int AS total, (count(*) FILTER (WHERE read_at IS NULL))::int AS unread FROM inbox_messages WHERE user_id = $1',
      [userId],
    ),
    pg.query<MessageRow>(
      `${MESSAGE_SELECT} WHERE m.user_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3`,
      [userId, opts.limit, opts.offset],
    ),
  ]);
  return { ...counts.rows[0], items: page.rows.map(toMessage) };
}

/** Marks one of the caller's messages read (idempotent: the first read time stays); 404 when not theirs. */
export async function markRead(pg: Pool, userId: number, messageId: number): Promise<InboxMessage> {
  const res = await pg.query(
    'UPDATE inbox_messages SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2',
    [messageId, userId],
  );
  if (!res.rowCount) throw notFound(`message ${messageId}`);
  return toMessage((await pg.query<MessageRow>(`${MESSAGE_SELECT} WHERE m.id = $1`, [messageId])).rows[0]);
}

// The "신곡" list: a brand's songs that are new in a calendar month (Asia/Seoul), each with both machine numbers.
import type { Pool } from 'pg';
import type { Brand } from '../core/brands';

export const SEOUL_TIME_ZONE = 'Asia/Seoul';
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

// an undated entry imported this soon after its brand's first import is part of the first catalog load, not news
const FIRST_LOAD_GRACE = '1 day';

/** The calendar month (YYYY-MM) it is in Seoul at `now`. */
export function seoulMonth(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SEOUL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** The first day of `month` and of the month after it, as YYYY-MM-DD (end exclusive). */
export function monthBounds(month: string): { start: string; end: string } {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`month must be YYYY-MM (got "${month}")`);
  const year = Number(m[1]);
  const next = Number(m[2]) === 12 ? { y: year + 1, m: 1 } : { y: year, m: Number(m[2]) + 1 };
  return { start: `${month}-01`, end: `${String(next.y).padStart(4, '0')}-${String(next.m).padStart(2, '0')}-01` };
}

export interface NewSong {
  id: number;
  title: string;
  artist: string;
  /** this brand's number */
  no: string;
  tj_no: string | null;
  ky_no: string | null;
  /** the day that places the song in the month: its release, or the day we first imported it */
  date: string;
  /** false when the source gave no release date and `date` is when we first imported the entry */
  dated: boolean;
}

export interface NewSongsPage {
  brand: Brand;
  month: string;
  total: number;
  items: NewSong[];
}

// the day an entry counts from: kept in one expression so the index in 080_arrivals.sql serves it
const ENTRY_DAY = `coalesce(c.release, (c.imported_at AT TIME ZONE '${SEOUL_TIME_ZONE}')::date)`;

/** The month's new songs of one brand, newest first (same day: higher number first, numbers grow with time). */
export async function newSongs(
  pg: Pool,
  opts: { brand: Brand; month: string; limit: number; offset: number },
): Promise<NewSongsPage> {
  const { start, end } = monthBounds(opts.month);
  const where = `c.brand = $1 AND c.withdrawn_at IS NULL AND ${ENTRY_DAY} >= $2::date AND ${ENTRY_DAY} < $3::date
    AND (c.release IS NOT NULL OR c.imported_at >= (SELECT min(imported_at) FROM catalog_entries WHERE brand = $1) + interval '${FIRST_LOAD_GRACE}')`;
  const from = 'FROM catalog_entries c JOIN songs s ON s.id = c.song_id AND s.deleted_at IS NULL';
  const params = [opts.brand, start, end];
  const [count, page] = await Promise.all([
    pg.query<{ total: number }>(`SELECT count(*)::int AS total ${from} WHERE ${where}`, params),
    pg.query<{
      id: string;
      title: string;
      artist: string;
      no: string;
      tj_no: string | null;
      ky_no: string | null;
      date: string;
      dated: boolean;
    }>(
      `SELECT s.id, s.title, s.artist, c.no, s.tj_no, s.ky_no, to_char(${ENTRY_DAY}, 'YYYY-MM-DD') AS date, c.release IS NOT NULL AS dated
       ${from} WHERE ${where}
       ORDER BY ${ENTRY_DAY} DESC, c.no::bigint DESC LIMIT $4 OFFSET $5`,
      [...params, opts.limit, opts.offset],
    ),
  ]);
  return {
    brand: opts.brand,
    month: opts.month,
    total: count.rows[0].total,
    items: page.rows.map((r) => ({ ...r, id: Number(r.id) })),
  };
}

// A handful of merged songs written straight into Postgres, for read-model tests that should not depend on ingest.
import type { Pool } from 'pg';

export interface FixtureSong {
  title: string;
  artist: string;
  alt_titles?: string[];
  artist_aliases?: string[];
  tj_no?: string;
  ky_no?: string;
}

export const FIXTURE_SONGS: FixtureSong[] = [
  { title: '너의 의미', artist: '아이유', artist_aliases: ['IU'], tj_no: '31954', ky_no: '47452' },
  { title: '좋은 날', artist: '아이유', artist_aliases: ['IU'], tj_no: '33393', ky_no: '46638' },
  { title: '밤편지', artist: '아이유', artist_aliases: ['IU'], tj_no: '48721', ky_no: '89213' },
  {
    title: '블루밍',
    artist: '아이유',
    alt_titles: ['Blueming'],
    artist_aliases: ['IU'],
    tj_no: '24386',
    ky_no: '76022',
  },
  {
    title: '뚜두뚜두',
    artist: '블랙핑크',
    alt_titles: ['DDU-DU DDU-DU'],
    artist_aliases: ['BLACKPINK'],
    tj_no: '98291',
    ky_no: '91765',
  },
  {
    title: '마지막처럼',
    artist: '블랙핑크',
    alt_titles: ["As If It's Your Last"],
    artist_aliases: ['BLACKPINK'],
    tj_no: '97121',
    ky_no: '89102',
  },
  { title: '으르렁', artist: '엑소', alt_titles: ['Growl'], artist_aliases: ['EXO'], tj_no: '36932', ky_no: '48552' },
  { title: '신호등', artist: '이무진', tj_no: '80064', ky_no: '23712' },
  { title: '봄날', artist: '방탄소년단', artist_aliases: ['BTS'], tj_no: '48449', ky_no: '89117' },
  { title: '봄날', artist: '방탄소년단', alt_titles: ['봄날 (Live)'], artist_aliases: ['BTS'], tj_no: '48450' },
  { title: '2002', artist: 'Anne-Marie', tj_no: '23291', ky_no: '91431' },
  { title: '취중진담', artist: '김동률', ky_no: '3948' },
];

export async function insertFixtureSongs(pg: Pool, songs: FixtureSong[] = FIXTURE_SONGS): Promise<number[]> {
  await pg.query('TRUNCATE songs, catalog_entries, song_merge_overrides RESTART IDENTITY CASCADE');
  const ids: number[] = [];
  for (const s of songs) {
    const r = await pg.query<{ id: string }>(
      `INSERT INTO songs (title, artist, alt_titles, artist_aliases, tj_no, ky_no, merge_rule, merge_score, merge_key)
       VALUES ($1, $2, $3, $4, $5, $6, 'fixture', 1, $1 || '|' || $2) RETURNING id`,
      [s.title, s.artist, s.alt_titles ?? [], s.artist_aliases ?? [], s.tj_no ?? null, s.ky_no ?? null],
    );
    ids.push(Number(r.rows[0].id));
  }
  return ids;
}

// Synthetic merged songs written straight into the songs table (for read-path benchmarks at 100k-1M rows).
import type { Pool } from 'pg';
import { createRng } from '../src/platform/prng';
import { syntheticSong } from '../src/songs/synthetic-catalog';

export async function syntheticSongRows(pg: Pool, count: number, progress: (n: number) => void): Promise<void> {
  const rng = createRng(20261122);
  await pg.query('TRUNCATE songs, catalog_entries RESTART IDENTITY CASCADE');
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    const titles: string[] = [];
    const artists: string[] = [];
    const tj: (string | null)[] = [];
    const ky: (string | null)[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const song = syntheticSong(rng);
      titles.push(song.title);
      artists.push(song.artist);
      tj.push(rng.next() < 0.85 ? String(10000 + i) : null);
      ky.push(rng.next() < 0.8 ? String(2000000 + i) : null);
    }
    await pg.query(
      `INSERT INTO songs (title, artist, tj_no, ky_no, merge_rule, merge_score, merge_key)
       SELECT t, a, j, k, 'synthetic', 1, t || '|' || a FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(t, a, j, k)`,
      [titles, artists, tj, ky],
    );
    progress(Math.min(count, start + BATCH));
  }
}

// Synthetic merged songs written straight into the songs table (for read-path benchmarks at 100k-1M rows).
import type { Pool } from 'pg';

const SYLLABLES = '가나다라마바사아자차카타파하강남동렬명봉성영우준지진춘하늘별빛사랑이별그대우리너의나의밤편지신호등좋은날노래바람꽃눈비'.split('');
const ARTISTS = ['아이유', '방탄소년단', '블랙핑크', '성시경', '임영웅', '장범준', '잔나비', '폴킴', '볼빨간사춘기', '악동뮤지션', '이무진', '빅뱅', '엑소', '트와이스', '세븐틴', '뉴진스', '아이브', '김광석', '이문세', '박효신'];

function mulberry32(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function syntheticSongRows(pg: Pool, count: number, progress: (n: number) => void): Promise<void> {
  const rand = mulberry32(20261122);
  await pg.query('TRUNCATE songs, catalog_entries RESTART IDENTITY CASCADE');
  const word = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join('');
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    const titles: string[] = [];
    const artists: string[] = [];
    const tj: (string | null)[] = [];
    const ky: (string | null)[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      titles.push(Array.from({ length: 1 + Math.floor(rand() * 3) }, word).join(' '));
      artists.push(rand() < 0.3 ? ARTISTS[Math.floor(rand() * ARTISTS.length)] : word() + word());
      tj.push(rand() < 0.85 ? String(10000 + i) : null);
      ky.push(rand() < 0.8 ? String(2000000 + i) : null);
    }
    await pg.query(
      `INSERT INTO songs (title, artist, tj_no, ky_no, merge_rule, merge_score, merge_key)
       SELECT t, a, j, k, 'synthetic', 1, t || '|' || a FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(t, a, j, k)`,
      [titles, artists, tj, ky],
    );
    progress(Math.min(count, start + BATCH));
  }
}

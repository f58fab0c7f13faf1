// Synthetic merged songs written straight into the songs table (for read-path benchmarks at 100k-1M rows).
import type { Pool } from 'pg';
import { createRng } from '../src/platform/prng';
import { syntheticSong } from '../tools/synthetic/song-catalog';
import { hangulToQwerty, toChoseong } from '../src/korean';
import { composeSyllable, isSyllable, syllableParts } from '../src/korean/hangul';

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

/** The title with the vowel of its first syllable slipped (ㅏ->ㅓ, others ->ㅏ): a typo where prefix lookups miss. */
function withJamoSlip(title: string): string {
  const chars = [...title];
  const at = chars.findIndex(isSyllable);
  if (at < 0) return title;
  const p = syllableParts(chars[at]);
  chars[at] = composeSyllable({ ...p, medial: p.medial === 'ㅏ' ? 'ㅓ' : 'ㅏ' });
  return chars.join('');
}

/** Autocomplete inputs of every kind of issue #8 drawn from the catalog, so a measured mix runs every clause. */
export async function autocompleteBenchQueries(pg: Pool): Promise<string[]> {
  // every input kind of issue #8, so the measured mix runs every clause: prefixes, numbers with and without a brand,
  // 초성 (whole and mixed with words), both keyboard layouts (half-typed too), jamo typos, pronunciations, romanization
  const rows = (
    await pg.query<{ id: string; title: string; artist: string; tj_no: string | null; ky_no: string | null }>(
      'SELECT id, title, artist, tj_no, ky_no FROM songs WHERE id % 53 = 0 ORDER BY id LIMIT 1500',
    )
  ).rows;
  const queries: string[] = [];
  for (const [i, r] of rows.entries()) {
    const title = r.title;
    switch (i % 12) {
      case 0:
        queries.push(title.slice(0, 1 + (i % 4)));
        break;
      case 1:
        queries.push(r.artist.slice(0, 2));
        break;
      case 2:
        if (r.tj_no) queries.push(i % 24 === 2 ? `TJ ${r.tj_no}` : r.tj_no);
        break;
      case 3:
        if (r.ky_no) queries.push(`금영${r.ky_no}`);
        break;
      case 4:
        queries.push(toChoseong(title));
        break;
      case 5:
        queries.push(`${toChoseong(title)} ${r.artist}`);
        break;
      case 6:
        queries.push(`${r.artist.slice(0, 3)} ${toChoseong(title)}`);
        break;
      case 7: {
        const keys = hangulToQwerty(title);
        queries.push(keys.slice(0, Math.max(2, Math.ceil(keys.length * 0.6))));
        break;
      }
      case 8:
        queries.push(`${hangulToQwerty(r.artist)} ${hangulToQwerty(title).slice(0, 3)}`);
        break;
      case 9:
        queries.push(withJamoSlip(title));
        break;
      case 10:
        queries.push(`${title} 노래`);
        break;
      default:
        queries.push(title.replace(/ /g, '').slice(0, 3));
    }
  }
  const fixed = [
    'ㄴㅇㅇㅁ',
    'ㅂㅍㅈ',
    'ㅅㅎㄷ',
    'ㄱㅇ',
    'ㅅㄹ',
    'dkdldb',
    'sjdml',
    'ㅂㄹㅍㅋ',
    'ㅠㅕㅅㅅㄷㄱ',
    'ㅡㅐㅜ됴',
    'ㄱㄷㅇ ㅍ딮ㄷㅅ',
    '버터',
    '하우 유 라이크 댓',
    '퍼미션 투 댄스',
    '레드벨벳',
    'sa rang hae',
    'salanghae',
    'saranghae',
    'tj12345',
    '태진 12345',
    'KY 4567',
  ];
  return [...queries.filter(Boolean), ...fixed];
}

/** The environment of a songs benchmark API: its own database, index and Redis prefixes (`--name`), no limits, no cron. */
export function songsBenchEnv(name: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const suffix = name ? `_${name}` : '';
  return {
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/norae_bench${suffix}`,
    ES_INDEX_PREFIX: `norae_bench${suffix}_`,
    REDIS_PREFIX: `norae:bench${suffix}:`,
    CRON_ENABLED: 'false',
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTOCOMPLETE_PER_MINUTE: '1000000',
    ...extra,
  };
}

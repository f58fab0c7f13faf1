// Popular songs from the last weeks of counted events (events/counting.ts; sang > save > view), for a demographic
// segment when known; the cold start of recommendations. Cached in Redis for a few minutes per segment and brand.
import type { Deps } from '../platform/deps';
import type { Brand } from '../core/brands';
import type { AgeBand, Demographic } from '../core/demographics';
import { artistCap } from './profile';
import { countedEventsSql } from '../events/counting';

/** The audience a popular list is for. */
export interface PopularSong {
  id: number;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  score: number;
}

export const POPULAR_DAYS = 30;
const CACHE_SECONDS = 300;
const CACHE_SIZE = 200;

/** Birth years of an age band in a given year ("20s" in 2025: born 1996-2005). */
export function birthYearsOf(band: AgeBand, year: number): { from: number; to: number } {
  if (band === '60s+') return { from: 1900, to: year - 60 };
  const low = Number(band.slice(0, -1));
  return { from: year - low - 9, to: year - low };
}

/** The segments to try in order: most specific first, everyone last ("other" gender has no segment of its own). */
export function segmentFallbacks(s: Demographic): Demographic[] {
  const gender = s.gender === 'male' || s.gender === 'female' ? s.gender : undefined;
  const out: Demographic[] = [];
  if (gender && s.ageBand) out.push({ gender, ageBand: s.ageBand });
  if (s.ageBand) out.push({ ageBand: s.ageBand });
  if (gender) out.push({ gender });
  out.push({});
  return out;
}

async function popularIn(
  deps: Pick<Deps, 'pg' | 'redis' | 'config'>,
  segment: Demographic,
  brand: Brand | undefined,
  now: Date,
): Promise<PopularSong[]> {
  const key = `${deps.config.redisPrefix}recs:popular:${segment.gender ?? '-'}:${segment.ageBand ?? '-'}:${brand ?? '-'}`;
  const cached = await deps.redis.get(key).catch(() => null);
  if (cached) return JSON.parse(cached) as PopularSong[];
  const where: string[] = [];
  const params: unknown[] = [new Date(now.getTime() - POPULAR_DAYS * 86_400_000)];
  const joinUsers = Boolean(segment.gender || segment.ageBand);
  if (segment.gender) {
    params.push(segment.gender);
    where.push(`u.gender = $${params.length}`);
  }
  if (segment.ageBand) {
    const { from, to } = birthYearsOf(segment.ageBand, now.getUTCFullYear());
    params.push(from, to);
    where.push(`u.birth_year BETWEEN $${params.length - 1} AND $${params.length}`);
  }
  if (brand) where.push(brand === 'tj' ? 's.tj_no IS NOT NULL' : 's.ky_no IS NOT NULL');
  params.push(CACHE_SIZE);
  const { rows } = await deps.pg.query<{
    id: string;
    title: string;
    artist: string;
    tj_no: string | null;
    ky_no: string | null;
    score: string;
  }>(
    `SELECT s.id, s.title, s.artist, s.tj_no, s.ky_no,
            sum(CASE e.kind WHEN 'sang' THEN 3 WHEN 'save' THEN 2 ELSE 1 END * e.weight) AS score
     FROM ${countedEventsSql({ kinds: ['view', 'save', 'sang'], after: '$1::timestamptz', until: "'infinity'::timestamptz" })} e
     JOIN songs s ON s.id = e.song_id AND s.deleted_at IS NULL
     ${joinUsers ? 'JOIN users u ON u.id = e.user_id' : ''}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY s.id ORDER BY score DESC, s.id LIMIT $${params.length}`,
    params,
  );
  const songs = rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    artist: r.artist,
    tj_no: r.tj_no,
    ky_no: r.ky_no,
    score: Number(r.score),
  }));
  await deps.redis.set(key, JSON.stringify(songs), 'EX', CACHE_SECONDS).catch(() => undefined);
  return songs;
}

/**
 * The k most popular songs not in `exclude`, from the most specific segment that has k of them (topped up from the
 * broader ones), at most maxPerArtist per artist. `segment` names the segment the first song came from.
 */
export async function popularSongs(
  deps: Pick<Deps, 'pg' | 'redis' | 'config'>,
  segment: Demographic,
  opts: { k: number; brand?: Brand; exclude?: Set<number>; now?: Date },
): Promise<{ segment: Demographic; items: PopularSong[] }> {
  const now = opts.now ?? new Date();
  const taken = new Set(opts.exclude ?? []);
  const admitArtist = artistCap(deps.config.recs.maxPerArtist);
  const items: PopularSong[] = [];
  let used: Demographic | undefined;
  for (const s of segmentFallbacks(segment)) {
    for (const song of await popularIn(deps, s, opts.brand, now)) {
      if (items.length >= opts.k) break;
      if (taken.has(song.id) || !admitArtist(song.artist)) continue;
      taken.add(song.id);
      items.push(song);
      used ??= s;
    }
    if (items.length >= opts.k) break;
  }
  return { segment: used ?? {}, items };
}

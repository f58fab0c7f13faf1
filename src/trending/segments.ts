// Demographic buckets trending keeps: everyone, by gender, by age band, and by both.
import type { Demographic, Gender } from '../core/demographics';

export const TRENDING_SCOPES = ['songs', 'products'] as const;
export type TrendingScope = (typeof TRENDING_SCOPES)[number];
/** Trending keeps lists for these genders; anyone else counts in the lists for everyone and for their age band. */
export const TRENDING_GENDERS = ['female', 'male'] as const satisfies readonly Gender[];

/** The one bucket a trending list for this demographic is read from. */
export function segmentOf(demographic: Demographic): string {
  const d = trendingDemographic(demographic);
  if (d.gender && d.ageBand) return `ga:${d.gender}:${d.ageBand}`;
  if (d.gender) return `g:${d.gender}`;
  if (d.ageBand) return `a:${d.ageBand}`;
  return 'all';
}

/** Every bucket one search by this person counts in ("all" always). */
export function segmentsFor(demographic: Demographic): string[] {
  const d = trendingDemographic(demographic);
  const out = ['all'];
  if (d.gender) out.push(`g:${d.gender}`);
  if (d.ageBand) out.push(`a:${d.ageBand}`);
  if (d.gender && d.ageBand) out.push(`ga:${d.gender}:${d.ageBand}`);
  return out;
}

function trendingDemographic(d: Demographic): Demographic {
  const gender = d.gender && (TRENDING_GENDERS as readonly string[]).includes(d.gender) ? d.gender : undefined;
  return { gender, ageBand: d.ageBand };
}

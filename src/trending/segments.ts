// Demographic buckets trending keeps: everyone, by gender, by age band, and by both.
export const TRENDING_SCOPES = ['songs', 'products'] as const;
export type TrendingScope = (typeof TRENDING_SCOPES)[number];
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];
export const AGE_BANDS = ['10s', '20s', '30s', '40s', '50s', '60s+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Demographic { gender?: Gender; ageBand?: AgeBand }

/** The one bucket a trending list for this demographic is read from. */
export function segmentOf(d: Demographic): string {
  if (d.gender && d.ageBand) return `ga:${d.gender}:${d.ageBand}`;
  if (d.gender) return `g:${d.gender}`;
  if (d.ageBand) return `a:${d.ageBand}`;
  return 'all';
}

/** Every bucket one search by this person counts in ("all" always). */
export function segmentsFor(d: Demographic): string[] {
  const out = ['all'];
  if (d.gender) out.push(`g:${d.gender}`);
  if (d.ageBand) out.push(`a:${d.ageBand}`);
  if (d.gender && d.ageBand) out.push(`ga:${d.gender}:${d.ageBand}`);
  return out;
}

/** Age band from a band ("20s"), an age in years, or Kakao's age_range ("20~29"). */
export function ageBandOf(ageOrRange: number | string | null | undefined): AgeBand | undefined {
  if (ageOrRange === null || ageOrRange === undefined || ageOrRange === '') return undefined;
  if ((AGE_BANDS as readonly unknown[]).includes(ageOrRange)) return ageOrRange as AgeBand;
  const age = typeof ageOrRange === 'number' ? ageOrRange : Number(String(ageOrRange).split('~')[0]);
  if (!Number.isFinite(age) || age < 10) return undefined;
  if (age >= 60) return '60s+';
  return `${Math.floor(age / 10) * 10}s` as AgeBand;
}

export function genderOf(raw: string | null | undefined): Gender | undefined {
  const g = raw?.toLowerCase();
  if (g === 'female' || g === 'f') return 'female';
  if (g === 'male' || g === 'm') return 'male';
  return undefined;
}

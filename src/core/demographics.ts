// The demographic facts an account may carry (gender, age band): one definition for accounts, trending, recs and
// search logs; below every capability, beside the caller (src/core/caller.ts) that carries them.
export const GENDERS = ['male', 'female', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['10s', '20s', '30s', '40s', '50s', '60s+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Who someone is as far as trending segments and popular lists go: either part may be unknown. */
export interface Demographic {
  gender?: Gender;
  ageBand?: AgeBand;
}

/** Age band from a band ("20s"), an age in years, or Kakao's age_range ("20~29"); under 10 has none. */
export function ageBandOf(ageOrRange: number | string | null | undefined): AgeBand | undefined {
  if (ageOrRange === null || ageOrRange === undefined || ageOrRange === '') return undefined;
  if ((AGE_BANDS as readonly unknown[]).includes(ageOrRange)) return ageOrRange as AgeBand;
  const age = typeof ageOrRange === 'number' ? ageOrRange : Number(String(ageOrRange).split('~')[0]);
  if (!Number.isFinite(age) || age < 10) return undefined;
  if (age >= 60) return '60s+';
  return `${Math.floor(age / 10) * 10}s` as AgeBand;
}

/** "20s" for someone born 2003 in 2025; "60s+" from 60; null when unknown or under 10. */
export function ageBandFromBirthYear(birthYear: number | null | undefined, now: Date = new Date()): AgeBand | null {
  if (birthYear === null || birthYear === undefined) return null;
  return ageBandOf(now.getUTCFullYear() - birthYear) ?? null;
}

/** A gender from loose outside input ("F", "male"); undefined when it is not one we know. */
export function genderOf(raw: string | null | undefined): Gender | undefined {
  const g = raw?.toLowerCase();
  if (g === 'female' || g === 'f') return 'female';
  if (g === 'male' || g === 'm') return 'male';
  if (g === 'other') return 'other';
  return undefined;
}

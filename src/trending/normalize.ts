// Turns a typed query into the key trending counts under ("너의 의미", "너의의미", "ＩＵ" -> one key each)
// and the surface form people see.

export interface NormalizedQuery {
  /** what counts are grouped by: NFKC, lower case, no spaces or punctuation */
  key: string;
  /** what a person typed, tidied: NFKC, trimmed, single spaces */
  surface: string;
}

export const MAX_TRENDING_QUERY_LENGTH = 100;

/** NFKC (full-width -> half-width, compatibility forms) except on Hangul compatibility jamo ("ㅁㄹㅂ"),
 *  which NFKC would turn into conjoining jamo that no longer match typed chosung. */
export const nfkc = (s: string): string => s.replace(/[^\u3131-\u318e]+/gu, (m) => m.normalize('NFKC'));

export function normalizeQuery(raw: string): NormalizedQuery | null {
  const surface = nfkc(raw).replace(/\s+/gu, ' ').trim();
  const key = surface.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  if (!key || [...surface].length > MAX_TRENDING_QUERY_LENGTH) return null;
  return { key, surface };
}

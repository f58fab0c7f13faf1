// Turns a typed query into the key trending counts under ("너의 의미", "너의의미", "ＩＵ" -> one key each)
// and the surface form people see; both come from korean/'s normalization.
import { compactText, MAX_QUERY_CHARS, tidyText } from '../korean';

export interface NormalizedQuery {
  /** what counts are grouped by: NFKC, lower case, no spaces or punctuation */
  key: string;
  /** what a person typed, tidied: NFKC, trimmed, single spaces */
  surface: string;
}

export function normalizeQuery(raw: string): NormalizedQuery | null {
  const surface = tidyText(raw);
  const key = compactText(surface);
  if (!key || [...surface].length > MAX_QUERY_CHARS) return null;
  return { key, surface };
}

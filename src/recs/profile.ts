// Pure helpers shared by serving and offline evaluation: the taste vector of a history, and the per-artist cap.

export const PROFILE_HALF_LIFE_DAYS = 30;
/** in evaluation, where only order is known: each step back in the history weighs this much less */
export const POSITION_DECAY = 0.5;

/** Weight of something saved or sung `ageDays` ago: halves every `halfLifeDays`. */
export function recencyWeight(ageDays: number, halfLifeDays = PROFILE_HALF_LIFE_DAYS): number {
  return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
}

/** Weighted mean of unit-length vectors (so no single long vector dominates), itself unit length; undefined when empty. */
export function profileVector(items: Array<{ vector: ArrayLike<number>; weight: number }>): Float32Array | undefined {
  if (!items.length) return undefined;
  const dims = items[0].vector.length;
  const sum = new Float32Array(dims);
  let total = 0;
  for (const { vector, weight } of items) {
    if (vector.length !== dims || !(weight > 0)) continue;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += vector[d] * vector[d];
    if (!norm) continue;
    const scale = weight / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) sum[d] += vector[d] * scale;
    total += weight;
  }
  if (!total) return undefined;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += sum[d] * sum[d];
  if (!norm) return undefined;
  const inv = 1 / Math.sqrt(norm);
  for (let d = 0; d < dims; d++) sum[d] *= inv;
  return sum;
}

/** The artist as the per-artist cap compares it: case- and space-insensitive. */
export const artistKey = (artist: string): string => artist.toLowerCase().replace(/\s+/g, '');

/** An incremental per-artist cap (artists compared case- and space-insensitively): admit(artist) is true, and counts
 *  the song, while that artist has fewer than maxPerArtist songs admitted. */
export function artistCap(maxPerArtist: number): (artist: string) => boolean {
  const seen = new Map<string, number>();
  return (artist) => {
    const key = artistKey(artist);
    const n = seen.get(key) ?? 0;
    if (n >= maxPerArtist) return false;
    seen.set(key, n + 1);
    return true;
  };
}

/** Keeps the ranking order but at most `maxPerArtist` songs by the same artist (see artistCap). */
export function capPerArtist<T extends { artist: string }>(ranked: T[], maxPerArtist: number, limit = Infinity): T[] {
  const admit = artistCap(maxPerArtist);
  const out: T[] = [];
  for (const item of ranked) {
    if (out.length >= limit) break;
    if (admit(item.artist)) out.push(item);
  }
  return out;
}

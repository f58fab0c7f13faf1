// How kNN candidates become a ranking, shared by serving and offline evaluation so the metrics measure what is served:
// cosine to the taste profile, plus a small prior for songs people actually pick (item2vec alone ignores popularity).

/** how many nearest neighbours are fetched before re-ranking and the per-artist cap */
export const KNN_CANDIDATES = 200;
/** weight of the popularity prior (log occurrences, scaled to 0..1 within the candidates) against cosine (-1..1) */
export const POPULARITY_BLEND = 0.3;

export interface Candidate {
  id: number;
  cosine: number;
  occurrences: number;
}

export function rerankWithPopularity<T extends Candidate>(
  candidates: T[],
  blend = POPULARITY_BLEND,
): Array<T & { score: number }> {
  const maxLog = Math.log1p(candidates.reduce((m, c) => Math.max(m, c.occurrences), 0));
  return candidates
    .map((c) => ({ ...c, score: c.cosine + (maxLog ? (blend * Math.log1p(c.occurrences)) / maxLog : 0) }))
    .sort((a, b) => b.score - a.score || a.id - b.id);
}

/** Mean-centres the vectors in place: SGNS leaves every vector sharing one common direction, which makes unrelated
 * songs look alike under cosine; removing it ("all-but-the-top") restores the contrast. */
export function centerVectors(vectors: Float32Array, dims: number): Float32Array {
  const rows = vectors.length / dims;
  if (!rows) return vectors;
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) mean[d] += vectors[r * dims + d];
  for (let d = 0; d < dims; d++) mean[d] /= rows;
  for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) vectors[r * dims + d] -= mean[d];
  return vectors;
}

// item2vec: skip-gram with negative sampling over sequences of song ids (lists in order, sessions in time order).
// Pure and single-threaded on typed arrays; the same seed and sequences give bit-identical vectors.
import { createRng, shuffleInPlace, type Rng } from '../platform/prng';

export interface Item2VecParams {
  dimensions: number;
  window: number;
  negatives: number;
  epochs: number;
  minCount: number;
  seed: number;
  /** starting learning rate, decayed linearly to 0.01% of it */
  learningRate?: number;
  /** word2vec's frequent-item subsampling threshold (0 turns it off) */
  sample?: number;
}

export interface ItemVectors {
  dims: number;
  /** song ids, in vocabulary order */
  ids: number[];
  /** ids.length * dims floats: row i is the vector of ids[i] */
  vectors: Float32Array;
  /** occurrences of each id in the training sequences */
  counts: number[];
}

export interface TrainProgress { epoch: number; epochs: number; pairs: number; elapsedMs: number }

// higher than word2vec's 0.025: song sequences are short and the tail is sparse (measured on scripts/generate-sessions.ts data)
export const DEFAULT_LEARNING_RATE = 0.05;
// off by default: with catalogs of a few thousand songs, word2vec's 1e-3 drops most of every sequence
export const DEFAULT_SAMPLE = 0;
const NEGATIVE_POWER = 0.75;
const MAX_EXP = 6;

export function buildVocabulary(sequences: number[][], minCount: number): { ids: number[]; index: Map<number, number>; counts: number[] } {
  const counts = new Map<number, number>();
  for (const seq of sequences) for (const id of seq) counts.set(id, (counts.get(id) ?? 0) + 1);
  // most frequent first, ties by id: a stable order independent of Map insertion
  const ids = [...counts.entries()].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const index = new Map(ids.map((id, i) => [id, i]));
  return { ids, index, counts: ids.map((id) => counts.get(id)!) };
}

/** Cumulative unigram^0.75 distribution for drawing negatives by binary search. */
export function negativeSamplingTable(counts: number[]): Float64Array {
  const cumulative = new Float64Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) { total += Math.pow(counts[i], NEGATIVE_POWER); cumulative[i] = total; }
  for (let i = 0; i < counts.length; i++) cumulative[i] /= total;
  return cumulative;
}

function drawNegative(cumulative: Float64Array, rng: Rng): number {
  const u = rng.next();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > u) hi = mid; else lo = mid + 1;
  }
  return lo;
}

const sigmoid = (x: number) => (x > MAX_EXP ? 1 : x < -MAX_EXP ? 0 : 1 / (1 + Math.exp(-x)));

export function trainItem2Vec(sequences: number[][], params: Item2VecParams, onProgress?: (p: TrainProgress) => void): ItemVectors {
  const started = Date.now();
  const D = params.dimensions;
  const rng = createRng(params.seed);
  const { ids, index, counts } = buildVocabulary(sequences, params.minCount);
  const V = ids.length;
  const input = new Float32Array(V * D);
  const output = new Float32Array(V * D);
  for (let i = 0; i < input.length; i++) input[i] = (rng.next() - 0.5) / D;
  if (V < 2) return { dims: D, ids, vectors: input, counts };

  // sequences as vocabulary indices, rare items dropped (as word2vec does)
  const encoded = sequences.map((s) => Int32Array.from(s.filter((id) => index.has(id)).map((id) => index.get(id)!))).filter((s) => s.length >= 2);
  const totalTokens = encoded.reduce((n, s) => n + s.length, 0);
  const negatives = negativeSamplingTable(counts);
  const sample = params.sample ?? DEFAULT_SAMPLE;
  const keepProbability = counts.map((c) => {
    if (!sample) return 1;
    const f = c / totalTokens;
    return Math.min(1, (Math.sqrt(f / sample) + 1) * (sample / f));
  });
  const alpha0 = params.learningRate ?? DEFAULT_LEARNING_RATE;
  const order = encoded.map((_, i) => i);
  const gradient = new Float32Array(D);
  const kept = new Int32Array(encoded.reduce((m, s) => Math.max(m, s.length), 0));
  let processed = 0;
  let pairs = 0;

  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (const si of order) {
      const seq = encoded[si];
      const alpha = alpha0 * Math.max(1e-4, 1 - processed / (params.epochs * totalTokens + 1));
      processed += seq.length;
      let n = 0;
      for (let i = 0; i < seq.length; i++) if (keepProbability[seq[i]] >= 1 || rng.next() < keepProbability[seq[i]]) kept[n++] = seq[i];
      for (let i = 0; i < n; i++) {
        const reach = 1 + rng.int(params.window); // dynamic window, nearer neighbours count more often
        const center = kept[i];
        const cIn = center * D;
        for (let j = Math.max(0, i - reach); j <= Math.min(n - 1, i + reach); j++) {
          if (j === i) continue;
          const context = kept[j];
          if (context === center) continue;
          gradient.fill(0);
          for (let k = 0; k <= params.negatives; k++) {
            const target = k === 0 ? context : drawNegative(negatives, rng);
            if (k > 0 && (target === context || target === center)) continue;
            const label = k === 0 ? 1 : 0;
            const tOut = target * D;
            let dot = 0;
            for (let d = 0; d < D; d++) dot += input[cIn + d] * output[tOut + d];
            const g = (label - sigmoid(dot)) * alpha;
            for (let d = 0; d < D; d++) {
              gradient[d] += g * output[tOut + d];
              output[tOut + d] += g * input[cIn + d];
            }
          }
          for (let d = 0; d < D; d++) input[cIn + d] += gradient[d];
          pairs++;
        }
      }
    }
    onProgress?.({ epoch: epoch + 1, epochs: params.epochs, pairs, elapsedMs: Date.now() - started });
  }
  return { dims: D, ids, vectors: input, counts };
}

export function vectorOf(model: ItemVectors, row: number): Float32Array {
  return model.vectors.subarray(row * model.dims, (row + 1) * model.dims);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

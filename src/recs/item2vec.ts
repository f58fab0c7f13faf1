// item2vec: skip-gram with negative sampling over sequences of song ids (lists in order, sessions in time order).
// Single-threaded; the pair updates run in a small WebAssembly SIMD kernel (sgns-kernel.ts), the sampling (project
// PRNG, alias table for negatives) here. The same seed and sequences give bit-identical vectors on every machine.
import { createRng } from '../platform/prng';
import { createSgnsKernel } from './sgns-kernel';

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

export interface TrainProgress {
  epoch: number;
  epochs: number;
  pairs: number;
  elapsedMs: number;
}

// higher than word2vec's 0.025: song sequences are short and the tail is sparse (measured on scripts/generate-sessions.ts data)
export const DEFAULT_LEARNING_RATE = 0.05;
// off by default: with catalogs of a few thousand songs, word2vec's 1e-3 drops most of every sequence
export const DEFAULT_SAMPLE = 0;
const NEGATIVE_POWER = 0.75;
/** sigmoid(x) is taken as 0 or 1 beyond +-MAX_EXP, as in word2vec */
export const MAX_EXP = 6;
export const SIGMOID_TABLE_SIZE = 2048;

export function buildVocabulary(
  sequences: number[][],
  minCount: number,
): { ids: number[]; index: Map<number, number>; counts: number[] } {
  const counts = new Map<number, number>();
  for (const seq of sequences) for (const id of seq) counts.set(id, (counts.get(id) ?? 0) + 1);
  // most frequent first, ties by id: a stable order independent of Map insertion
  const ids = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([id]) => id);
  const index = new Map(ids.map((id, i) => [id, i]));
  return { ids, index, counts: ids.map((id) => counts.get(id)!) };
}

/** Walker/Vose alias table for drawing row i with probability counts[i]^0.75 / sum: one uniform draw, O(1), exact. */
export interface AliasTable {
  probability: Float64Array;
  alias: Int32Array;
}

export function negativeSamplingTable(counts: number[]): AliasTable {
  const n = counts.length;
  const probability = new Float64Array(n);
  const alias = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.pow(counts[i], NEGATIVE_POWER);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    probability[i] = (Math.pow(counts[i], NEGATIVE_POWER) * n) / total;
    alias[i] = i;
    (probability[i] < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop()!,
      l = large.pop()!;
    alias[s] = l;
    probability[l] -= 1 - probability[s];
    (probability[l] < 1 ? small : large).push(l);
  }
  // what is left is 1 up to rounding
  for (const i of small) probability[i] = 1;
  for (const i of large) probability[i] = 1;
  return { probability, alias };
}

/** Row drawn by the alias table from one uniform u in [0, 1): the integer part picks a column, the fraction decides. */
export function drawFromAlias(probability: Float64Array, alias: Int32Array, u: number): number {
  const x = u * probability.length;
  const column = x | 0;
  return x - column < probability[column] ? column : alias[column];
}

/** sigmoid at the middle of each of SIGMOID_TABLE_SIZE equal steps over [-MAX_EXP, MAX_EXP) (error below 1e-3). */
export function sigmoidTable(size = SIGMOID_TABLE_SIZE): Float64Array {
  const table = new Float64Array(size);
  for (let i = 0; i < size; i++) table[i] = 1 / (1 + Math.exp(-(((i + 0.5) / size) * 2 - 1) * MAX_EXP));
  return table;
}

/** Sequences as one flat array of vocabulary rows (rare items dropped, as word2vec does) with start offsets. */
function encodeSequences(
  sequences: number[][],
  index: Map<number, number>,
): { tokens: Int32Array; starts: Int32Array } {
  const rows: number[] = [];
  const starts: number[] = [0];
  for (const seq of sequences) {
    const from = rows.length;
    for (const id of seq) {
      const r = index.get(id);
      if (r !== undefined) rows.push(r);
    }
    if (rows.length - from < 2)
      rows.length = from; // nothing to pair with
    else starts.push(rows.length);
  }
  return { tokens: Int32Array.from(rows), starts: Int32Array.from(starts) };
}

export function trainItem2Vec(
  sequences: number[][],
  params: Item2VecParams,
  onProgress?: (p: TrainProgress) => void,
): ItemVectors {
  const started = Date.now();
  const D = params.dimensions;
  const rng = createRng(params.seed);
  const { ids, index, counts } = buildVocabulary(sequences, params.minCount);
  const V = ids.length;
  const vectors = new Float32Array(V * D);
  for (let i = 0; i < vectors.length; i++) vectors[i] = (rng.next() - 0.5) / D;
  if (V < 2) return { dims: D, ids, vectors, counts };

  const kernel = createSgnsKernel(V, D, params.negatives + 1, sigmoidTable(), MAX_EXP);
  const stride = kernel.stride;
  for (let r = 0; r < V; r++) kernel.input.set(vectors.subarray(r * D, (r + 1) * D), r * stride);
  const targets = new Int32Array(params.negatives + 1);
  const { tokens, starts } = encodeSequences(sequences, index);
  const sequenceCount = starts.length - 1;
  const totalTokens = tokens.length;
  const { probability: noiseProbability, alias: noiseAlias } = negativeSamplingTable(counts);
  const sample = params.sample ?? DEFAULT_SAMPLE;
  const keepProbability = new Float64Array(V);
  for (let i = 0; i < V; i++) {
    const f = counts[i] / totalTokens;
    keepProbability[i] = sample ? Math.min(1, (Math.sqrt(f / sample) + 1) * (sample / f)) : 1;
  }
  const alpha0 = params.learningRate ?? DEFAULT_LEARNING_RATE;
  const negatives = params.negatives;
  const window = params.window;
  const order = new Int32Array(sequenceCount);
  for (let i = 0; i < sequenceCount; i++) order[i] = i;
  let longest = 0;
  for (let s = 0; s < sequenceCount; s++) longest = Math.max(longest, starts[s + 1] - starts[s]);
  const kept = new Int32Array(longest);
  const plannedTokens = params.epochs * totalTokens + 1;
  let processed = 0;
  let pairs = 0;

  for (let epoch = 0; epoch < params.epochs; epoch++) {
    for (let i = sequenceCount - 1; i > 0; i--) {
      // Fisher-Yates
      const j = rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (let o = 0; o < sequenceCount; o++) {
      const si = order[o];
      const from = starts[si],
        to = starts[si + 1];
      const alpha = alpha0 * Math.max(1e-4, 1 - processed / plannedTokens);
      processed += to - from;
      let n = 0;
      for (let t = from; t < to; t++) {
        const row = tokens[t];
        if (keepProbability[row] >= 1 || rng.next() < keepProbability[row]) kept[n++] = row;
      }
      for (let i = 0; i < n; i++) {
        const reach = 1 + rng.int(window); // dynamic window, nearer neighbours count more often
        const center = kept[i];
        const last = Math.min(n - 1, i + reach);
        for (let j = Math.max(0, i - reach); j <= last; j++) {
          if (j === i) continue;
          const context = kept[j];
          if (context === center) continue;
          targets[0] = context;
          let count = 1;
          for (let k = 0; k < negatives; k++) {
            const target = drawFromAlias(noiseProbability, noiseAlias, rng.next());
            if (target !== context && target !== center) targets[count++] = target;
          }
          kernel.trainPair(center, targets, count, alpha);
          pairs++;
        }
      }
    }
    onProgress?.({ epoch: epoch + 1, epochs: params.epochs, pairs, elapsedMs: Date.now() - started });
  }
  for (let r = 0; r < V; r++) vectors.set(kernel.input.subarray(r * stride, r * stride + D), r * D);
  return { dims: D, ids, vectors, counts };
}

export function vectorOf(model: ItemVectors, row: number): Float32Array {
  return model.vectors.subarray(row * model.dims, (row + 1) * model.dims);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

// Offline evaluation, leave-last-out: for held-out sequences the model sees all but the last song and must rank
// that last song in its top k. Compared with recommending the most popular songs the user has not had yet.
import { createRng } from '../platform/prng';
import type { ItemVectors } from './item2vec';
import { POSITION_DECAY, profileVector } from './profile';
import { KNN_CANDIDATES, rerankWithPopularity } from './ranking';

export interface TestCase {
  history: number[];
  target: number;
}
export interface Metrics {
  hitRate: number;
  ndcg: number;
  cases: number;
  k: number;
}

export const EVAL_K = 10;
const MAX_HISTORY = 20;

/** Holds out `fraction` of the sequences with at least 3 songs (at most maxCases); training keeps their prefixes. */
export function splitLeaveLastOut(
  sequences: number[][],
  fraction: number,
  seed: number,
  maxCases = 5000,
): { train: number[][]; tests: TestCase[] } {
  const rng = createRng(seed ^ 0x5eed);
  const train: number[][] = [];
  const tests: TestCase[] = [];
  for (const seq of sequences) {
    if (seq.length >= 3 && tests.length < maxCases && rng.next() < fraction) {
      const history = seq.slice(0, -1);
      tests.push({ history, target: seq[seq.length - 1] });
      train.push(history);
    } else {
      train.push(seq);
    }
  }
  return { train, tests };
}

export function hitAndGain(ranked: number[], target: number, k: number): { hit: number; gain: number } {
  const rank = ranked.slice(0, k).indexOf(target);
  return rank < 0 ? { hit: 0, gain: 0 } : { hit: 1, gain: 1 / Math.log2(rank + 2) };
}

function summarize(results: Array<{ hit: number; gain: number }>, k: number): Metrics {
  const n = results.length;
  const sum = (f: (r: { hit: number; gain: number }) => number) => results.reduce((s, r) => s + f(r), 0);
  return { hitRate: n ? sum((r) => r.hit) / n : 0, ndcg: n ? sum((r) => r.gain) / n : 0, cases: n, k };
}

/** Top k rows by score (ties by row), skipping excluded rows, with a size-k min-heap instead of a full sort. */
export function topK(scores: Float32Array, k: number, excluded: Set<number>): number[] {
  const heap: number[] = []; // rows; heap[0] is the weakest kept
  const weaker = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const swap = (i: number, j: number) => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < heap.length && weaker(heap[l], heap[m])) m = l;
      if (r < heap.length && weaker(heap[r], heap[m])) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let row = 0; row < scores.length; row++) {
    if (excluded.has(row) || scores[row] === -Infinity) continue;
    if (heap.length < k) {
      heap.push(row);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!weaker(heap[i], heap[p])) break;
        swap(i, p);
        i = p;
      }
    } else if (k > 0 && weaker(heap[0], row)) {
      heap[0] = row;
      down(0);
    }
  }
  return heap.sort((a, b) => scores[b] - scores[a] || a - b);
}

/**
 * The top k for weighted seed songs, ranked as serving ranks them: their weighted profile, the KNN_CANDIDATES nearest
 * songs by cosine (exact here, HNSW in Elasticsearch) leaving out `exclude`, re-ranked with the popularity prior.
 */
export function rankFromSeeds(
  model: ItemVectors,
  rowOf: Map<number, number>,
  norms: Float32Array,
  seeds: Array<{ id: number; weight: number }>,
  exclude: Iterable<number>,
  k: number,
): number[] {
  const items = seeds.flatMap(({ id, weight }) => {
    const row = rowOf.get(id);
    return row === undefined
      ? []
      : [{ vector: model.vectors.subarray(row * model.dims, (row + 1) * model.dims), weight }];
  });
  const profile = profileVector(items);
  if (!profile) return [];
  const D = model.dims;
  const scores = new Float32Array(model.ids.length);
  for (let r = 0; r < model.ids.length; r++) {
    let dot = 0;
    for (let d = 0; d < D; d++) dot += profile[d] * model.vectors[r * D + d];
    scores[r] = norms[r] ? dot / norms[r] : -Infinity;
  }
  const excluded = new Set([...exclude].map((id) => rowOf.get(id)).filter((r): r is number => r !== undefined));
  const candidates = topK(scores, Math.max(k, KNN_CANDIDATES), excluded).map((r) => ({
    id: model.ids[r],
    cosine: scores[r],
    occurrences: model.counts[r],
  }));
  return rerankWithPopularity(candidates)
    .slice(0, k)
    .map((c) => c.id);
}

/** The model's top k for one history: its recent songs weighted by recency, nothing it holds recommended again. */
export function recommendFromVectors(
  model: ItemVectors,
  rowOf: Map<number, number>,
  norms: Float32Array,
  history: number[],
  k: number,
): number[] {
  const recent = history.slice(-MAX_HISTORY);
  const seeds = recent.map((id, i) => ({ id, weight: Math.pow(POSITION_DECAY, recent.length - 1 - i) }));
  return rankFromSeeds(model, rowOf, norms, seeds, history, k);
}

/** Each song's row in the model and each row's vector length, what exact cosine ranking needs. */
export function vectorRows(model: ItemVectors): { rowOf: Map<number, number>; norms: Float32Array } {
  const rowOf = new Map(model.ids.map((id, i) => [id, i]));
  const norms = new Float32Array(model.ids.length);
  for (let r = 0; r < model.ids.length; r++) {
    let s = 0;
    for (let d = 0; d < model.dims; d++) s += model.vectors[r * model.dims + d] ** 2;
    norms[r] = Math.sqrt(s);
  }
  return { rowOf, norms };
}

export function evaluateVectors(model: ItemVectors, tests: TestCase[], k = EVAL_K): Metrics {
  const { rowOf, norms } = vectorRows(model);
  return summarize(
    tests.map((t) => hitAndGain(recommendFromVectors(model, rowOf, norms, t.history, k), t.target, k)),
    k,
  );
}

/** Baseline: the k most frequent training songs the user has not had yet. */
export function evaluatePopularity(train: number[][], tests: TestCase[], k = EVAL_K): Metrics {
  const counts = new Map<number, number>();
  for (const seq of train) for (const id of seq) counts.set(id, (counts.get(id) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  return summarize(
    tests.map((t) => {
      const had = new Set(t.history);
      const top: number[] = [];
      for (const id of ranked) {
        if (top.length >= k) break;
        if (!had.has(id)) top.push(id);
      }
      return hitAndGain(top, t.target, k);
    }),
    k,
  );
}

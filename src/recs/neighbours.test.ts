import { createRng } from '../platform/prng';
import { computeNeighbourLists, exactTopK, unitRows } from './neighbours';
import { rerankWithPopularity } from './ranking';

function randomModel(n: number, dims: number, seed: number) {
  const rng = createRng(seed);
  const vectors = new Float32Array(n * dims).map(() => rng.next() * 2 - 1);
  return {
    dims,
    ids: Array.from({ length: n }, (_, i) => 1000 + i * 3),
    vectors,
    counts: Array.from({ length: n }, () => rng.int(50)),
  };
}

/** top-k by sorting every cosine, the obvious way */
function sortedTopK(unit: Float32Array, dims: number, q: number, k: number): number[] {
  const n = unit.length / dims;
  const all: Array<{ j: number; cos: number }> = [];
  for (let j = 0; j < n; j++) {
    if (j === q) continue;
    let cos = 0;
    for (let d = 0; d < dims; d++) cos += unit[q * dims + d] * unit[j * dims + d];
    all.push({ j, cos });
  }
  return all
    .sort((a, b) => b.cos - a.cos || a.j - b.j)
    .slice(0, k)
    .map((x) => x.j);
}

describe('neighbour lists', () => {
  test('equal the exact top-k by cosine of every song, without the song itself', () => {
    const { vectors, dims } = randomModel(300, 8, 7);
    const unit = unitRows(vectors, dims);
    const tops = exactTopK(unit, dims, 20, 0, 300);
    tops.forEach((top, q) => expect(Array.from(top.rows.subarray(0, top.size))).toEqual(sortedTopK(unit, dims, q, 20)));
  });

  test('are the exact neighbours re-ranked with the popularity prior, named by song id, best first', async () => {
    const model = randomModel(120, 8, 11);
    const lists = await computeNeighbourLists(model, { k: 30 });
    expect(lists.map((l) => l.songId)).toEqual(model.ids);
    const unit = unitRows(model.vectors, model.dims);
    const q = 17;
    const exact = sortedTopK(unit, model.dims, q, 30);
    const expected = rerankWithPopularity(
      exact.map((j) => {
        let cos = 0;
        for (let d = 0; d < model.dims; d++) cos += unit[q * model.dims + d] * unit[j * model.dims + d];
        return { id: model.ids[j], cosine: cos, occurrences: model.counts[j] };
      }),
    );
    expect(lists[q].ids).toEqual(expected.map((c) => c.id));
    expect([...lists[q].scores].sort((a, b) => b - a)).toEqual(lists[q].scores);
  });

  test('are short when the model has fewer songs than k', async () => {
    const lists = await computeNeighbourLists(randomModel(4, 3, 1), { k: 100 });
    expect(lists.every((l) => l.ids.length === 3)).toBe(true);
  });
});

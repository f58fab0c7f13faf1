import { createRng } from '../platform/prng';
import {
  buildVocabulary,
  cosine,
  drawFromAlias,
  MAX_EXP,
  negativeSamplingTable,
  sigmoidTable,
  trainItem2Vec,
  vectorOf,
  type Item2VecParams,
} from './item2vec';
import { evaluatePopularity, evaluateVectors, splitLeaveLastOut } from './evaluate';
import { generateSyntheticUsers, type CatalogSong } from '../../tools/synthetic/behaviour';

const params: Item2VecParams = { dimensions: 16, window: 3, negatives: 5, epochs: 5, minCount: 1, seed: 42 };

// Two disjoint groups of songs that never meet in a sequence.
function twoGroups(count: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const base = i % 2 ? 100 : 200;
    return Array.from({ length: 6 }, () => base + rng.int(10));
  });
}

describe('item2vec', () => {
  test('vocabulary drops songs below minCount and orders by frequency', () => {
    const v = buildVocabulary(
      [
        [1, 2, 2, 3],
        [2, 3, 4],
      ],
      2,
    );
    expect(v.ids).toEqual([2, 3]);
    expect(v.counts).toEqual([3, 2]);
  });

  test('negative sampling draws each song with probability count^0.75 / sum, exactly (alias table)', () => {
    const counts = [16, 1, 300, 7, 7, 2, 1, 90];
    const { probability, alias } = negativeSamplingTable(counts);
    const weights = counts.map((c) => Math.pow(c, 0.75));
    const total = weights.reduce((a, b) => a + b, 0);
    // each column is kept with its probability, otherwise gives way to its alias: add up what every row receives
    const implied = new Array<number>(counts.length).fill(0);
    for (let col = 0; col < counts.length; col++) {
      implied[col] += probability[col] / counts.length;
      implied[alias[col]] += (1 - probability[col]) / counts.length;
    }
    implied.forEach((p, i) => expect(p).toBeCloseTo(weights[i] / total, 12));
    // and the draw reads it that way: u picks the column, its fraction decides column or alias
    expect(drawFromAlias(probability, alias, 0)).toBe(probability[0] > 0 ? 0 : alias[0]);
    const rng = createRng(1);
    const seen = new Array<number>(counts.length).fill(0);
    for (let i = 0; i < 20000; i++) seen[drawFromAlias(probability, alias, rng.next())]++;
    seen.forEach((n, i) => expect(Math.abs(n / 20000 - weights[i] / total)).toBeLessThan(0.01));
  });

  test('the sigmoid table is within 1e-3 of the sigmoid over [-MAX_EXP, MAX_EXP)', () => {
    const table = sigmoidTable();
    const scale = table.length / (2 * MAX_EXP);
    let worst = 0;
    for (let x = -MAX_EXP; x < MAX_EXP; x += 0.0007) {
      worst = Math.max(worst, Math.abs(table[Math.floor((x + MAX_EXP) * scale)] - 1 / (1 + Math.exp(-x))));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  test('the same seed and data give identical vectors; another seed different ones', () => {
    const data = twoGroups(200, 3);
    const a = trainItem2Vec(data, params);
    const b = trainItem2Vec(data, params);
    const c = trainItem2Vec(data, { ...params, seed: 43 });
    expect(a.ids).toEqual(b.ids);
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(b.vectors.buffer))).toBe(true);
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(c.vectors.buffer))).toBe(false);
  });

  test('songs that share sequences end up closer than songs that never meet', () => {
    const model = trainItem2Vec(twoGroups(400, 5), { ...params, epochs: 10 });
    const row = (id: number) => vectorOf(model, model.ids.indexOf(id));
    let within = 0,
      across = 0;
    for (let i = 0; i < 10; i++) {
      within += cosine(row(100 + i), row(100 + ((i + 1) % 10)));
      across += cosine(row(100 + i), row(200 + i));
    }
    expect(within / 10).toBeGreaterThan(0.5);
    expect(across / 10).toBeLessThan(within / 10 - 0.5);
  });

  test('writes dims * vocabulary floats and reports progress once per epoch', () => {
    const epochs: number[] = [];
    const model = trainItem2Vec(twoGroups(50, 1), { ...params, epochs: 3 }, (p) => epochs.push(p.epoch));
    expect(model.vectors.length).toBe(model.ids.length * params.dimensions);
    expect(epochs).toEqual([1, 2, 3]);
  });
});

describe('offline evaluation', () => {
  test('leave-last-out holds out the last song and trains on the prefix', () => {
    const seqs = Array.from({ length: 100 }, (_, i) => [i, i + 1, i + 2, i + 3]);
    const { train, tests } = splitLeaveLastOut(seqs, 0.2, 1);
    expect(tests.length).toBeGreaterThan(5);
    expect(train.length).toBe(100);
    for (const t of tests) {
      expect(t.history).toHaveLength(3);
      expect(t.target).toBe(t.history[2] + 1);
      expect(train).toContainEqual(t.history);
    }
    expect(splitLeaveLastOut([[1, 2]], 1, 1).tests).toEqual([]); // too short to hold out
  });

  test('popularity recommends the most frequent songs not already had', () => {
    const train = [[1, 1, 1, 2, 2, 3]];
    expect(evaluatePopularity(train, [{ history: [1], target: 2 }], 1)).toMatchObject({ hitRate: 1, ndcg: 1 });
    expect(evaluatePopularity(train, [{ history: [1], target: 3 }], 1)).toMatchObject({ hitRate: 0, ndcg: 0 });
    // rank 2 (0-based 1) gains 1/log2(3)
    expect(evaluatePopularity(train, [{ history: [1], target: 3 }], 2).ndcg).toBeCloseTo(1 / Math.log2(3), 6);
  });

  test('on clustered synthetic sessions the model beats popularity on hit-rate@10', () => {
    const songs: CatalogSong[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, artist: `artist ${i % 60}` }));
    const users = generateSyntheticUsers(songs, { users: 600, clusters: 8, sessionsPerUser: 5, noise: 0.15, seed: 11 });
    const sequences = users.flatMap((u) => [...u.lists, ...u.sessions]);
    const { train, tests } = splitLeaveLastOut(sequences, 0.1, 11);
    const model = trainItem2Vec(train, { ...params, dimensions: 32, minCount: 2 });
    const mine = evaluateVectors(model, tests);
    const popular = evaluatePopularity(train, tests);
    expect(mine.cases).toBeGreaterThan(100);
    expect(mine.hitRate).toBeGreaterThan(popular.hitRate * 1.5);
    expect(mine.ndcg).toBeGreaterThan(popular.ndcg);
  });
});

describe('top-k selection', () => {
  test('matches a full sort, skips excluded rows, breaks ties by row', async () => {
    const { topK } = await import('./evaluate');
    const rng = createRng(9);
    const scores = Float32Array.from({ length: 500 }, () => Math.round(rng.next() * 50) / 50);
    const excluded = new Set([3, 10, 42]);
    const expected = [...scores.keys()]
      .filter((i) => !excluded.has(i))
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, 25);
    expect(topK(scores, 25, excluded)).toEqual(expected);
    expect(topK(scores, 0, excluded)).toEqual([]);
  });
});

// The merge measured on the sample catalog (known truth) and on the labelled pair set of real-catalog cases
// (data/relevance/merge-pairs.json). Floors are the figures reached; a drop fails. Before the real-catalog rules:
// sample F1 1.000; pair set (126 pairs) precision 1.000, recall 0.124, F1 0.220. With them: 1.000; 1.000 / 0.971 /
// 0.986 (4 pairs go to review: counted as not merged).
import {
  evaluateCatalogMerge,
  evaluatePairSet,
  loadMergePairs,
  loadSampleCatalog,
  pairScore,
  sampleCatalogTruth,
} from './merge-eval';

const SAMPLE_F1_FLOOR = 1;
const PAIRS_F1_FLOOR = 0.985;
const PAIRS_PRECISION_FLOOR = 1;

test('pairScore: precision, recall and F1 of predicted pairs', () => {
  expect(pairScore(['a', 'b', 'c'], ['a', 'b', 'd', 'e'])).toMatchObject({
    tp: 2,
    fp: 1,
    fn: 2,
    precision: 2 / 3,
    recall: 0.5,
  });
  expect(pairScore([], []).f1).toBe(1);
});

test('the sample catalog merges exactly into its true pairs', async () => {
  const entries = await loadSampleCatalog();
  const truth = sampleCatalogTruth(entries);
  expect(truth.length).toBeGreaterThan(250);
  const r = evaluateCatalogMerge(entries, truth);
  process.stdout.write(
    `[merge sample] ${truth.length} true pairs: P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}, review ${r.review}, ${JSON.stringify(r.byRule)}\n`,
  );
  expect(r.f1).toBeGreaterThanOrEqual(SAMPLE_F1_FLOOR);
});

test("the labelled real-catalog pairs: each rule's cases merge, the look-alikes stay apart", () => {
  const r = evaluatePairSet(loadMergePairs());
  process.stdout.write(
    `[merge pairs] P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}, review ${r.review}\n  ${r.wrong.map((w) => JSON.stringify(w)).join('\n  ')}\n`,
  );
  expect(r.precision).toBeGreaterThanOrEqual(PAIRS_PRECISION_FLOOR);
  expect(r.f1).toBeGreaterThanOrEqual(PAIRS_F1_FLOOR);
});

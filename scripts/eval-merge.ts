// The merge measured: pairwise precision, recall and F1 on the sample catalog (known truth) and on the labelled
// real-catalog pairs (data/relevance/merge-pairs.json), with the pairs it gets wrong.
// Usage: npx tsx scripts/eval-merge.ts [--wrong]
import {
  evaluateCatalogMerge,
  evaluatePairSet,
  loadMergePairs,
  loadSampleCatalog,
  sampleCatalogTruth,
} from '../tools/eval/merge-eval';

async function main() {
  const entries = await loadSampleCatalog();
  const sample = evaluateCatalogMerge(entries, sampleCatalogTruth(entries));
  const { wrong, ...pairs } = evaluatePairSet(loadMergePairs());
  console.log(JSON.stringify({ sample, pairs }, null, 2));
  if (process.argv.includes('--wrong')) for (const w of wrong) console.log(JSON.stringify(w));
}

main().catch((err) => {
  console.error(`[eval-merge] failed: ${err.message}`);
  process.exit(1);
});

// Merge quality, measured: pairwise precision, recall and F1 of the TJ/KY merge on the shipped sample catalog (the
// truth is known: both brands' rows of one data/songs/songs.tsv line are one song) and on the labelled pair set
// data/relevance/merge-pairs.json (real-looking spellings of the cases real catalogs bring, each pair judged alone).
import fs from 'node:fs';
import { readCatalogFile } from '../../src/platform/catalog-reader';
import { projectPath } from '../../src/platform/paths';
import { validateCatalogEntry, type CatalogEntry } from '../../src/songs/catalog-entry';
import { loadArtistAliasBook } from '../../src/songs/artist-aliases';
import { SAMPLE_SONG_FILES } from '../../src/songs/ingest';
import { planMergeWithReviews, type EntryRef } from '../../src/songs/merge-rules';

export const MERGE_PAIRS_FILE = projectPath('data', 'relevance', 'merge-pairs.json');

export interface PairScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise scores of predicted "tj|ky" pairs against the true ones. */
export function pairScore(predicted: Iterable<string>, truth: Iterable<string>): PairScore {
  const want = new Set(truth);
  const got = new Set(predicted);
  const tp = [...got].filter((p) => want.has(p)).length;
  const fp = got.size - tp;
  const fn = want.size - tp;
  const precision = got.size ? tp / got.size : 1;
  const recall = want.size ? tp / want.size : 1;
  return {
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

// scripts/make-sample-catalog.ts numbers line i of songs.tsv TJ 31000 + 53i and KY 46000 + 71i (live and remix
// versions get numbers of their own, 90000+ and 97000+, and belong to no pair)
const SAMPLE_TJ = { from: 31000, step: 53 };
const SAMPLE_KY = { from: 46000, step: 71 };
const lineOf = (no: string, { from, step }: { from: number; step: number }) => {
  const n = Number(no) - from;
  return n >= 0 && n % step === 0 && Number(no) < 90000 ? n / step : undefined;
};

/** The true pairs of the sample catalog: the TJ and KY rows written from the same songs.tsv line. */
export function sampleCatalogTruth(entries: EntryRef[]): string[] {
  const kyByLine = new Map<number, string>();
  for (const e of entries)
    if (e.brand === 'ky') {
      const l = lineOf(e.no, SAMPLE_KY);
      if (l !== undefined) kyByLine.set(l, e.no);
    }
  const pairs: string[] = [];
  for (const e of entries) {
    if (e.brand !== 'tj') continue;
    const l = lineOf(e.no, SAMPLE_TJ);
    const ky = l === undefined ? undefined : kyByLine.get(l);
    if (ky) pairs.push(`${e.no}|${ky}`);
  }
  return pairs;
}

export async function loadSampleCatalog(files = SAMPLE_SONG_FILES): Promise<CatalogEntry[]> {
  const rows: CatalogEntry[] = [];
  for (const file of files) {
    for await (const record of readCatalogFile(file)) {
      const v = validateCatalogEntry(record.fields);
      if ('row' in v) rows.push(v.row);
    }
  }
  return rows;
}

export interface MergeEvaluation extends PairScore {
  review: number;
  byRule: Record<string, number>;
}

/** The merge of a whole catalog (the alias book's groups known) scored against its true pairs. */
export function evaluateCatalogMerge(
  entries: EntryRef[],
  truth: string[],
  aliasGroups = loadArtistAliasBook().mergeGroups(),
): MergeEvaluation {
  const { groups, reviews } = planMergeWithReviews(entries, [], aliasGroups);
  const byRule: Record<string, number> = {};
  const predicted: string[] = [];
  for (const g of groups) {
    if (!g.tj || !g.ky) continue;
    predicted.push(`${g.tj.entry.no}|${g.ky.entry.no}`);
    byRule[g.rule] = (byRule[g.rule] ?? 0) + 1;
  }
  return { ...pairScore(predicted, truth), review: reviews.length, byRule };
}

export interface LabelledPair {
  kind: string;
  same: boolean;
  tj: [string, string];
  ky: [string, string];
}
export interface PairSetEvaluation extends PairScore {
  review: number;
  byKind: Record<string, { pairs: number; right: number; review: number }>;
  wrong: Array<{ kind: string; same: boolean; tj: string; ky: string; got: string }>;
}

export function loadMergePairs(file = MERGE_PAIRS_FILE): LabelledPair[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LabelledPair[];
}

/**
 * Each labelled pair planned alone (with the alias book): merged or not, against its label. A pair sent to review
 * counts as not merged (it is not, until an operator accepts it), and is counted apart.
 */
export function evaluatePairSet(
  pairs: LabelledPair[],
  aliasGroups = loadArtistAliasBook().mergeGroups(),
): PairSetEvaluation {
  const predicted: string[] = [];
  const truth: string[] = [];
  const byKind: PairSetEvaluation['byKind'] = {};
  const wrong: PairSetEvaluation['wrong'] = [];
  let review = 0;
  pairs.forEach((p, i) => {
    const id = `${i}`;
    const { groups, reviews } = planMergeWithReviews(
      [
        { brand: 'tj', no: String(10000 + i), title: p.tj[0], singer: p.tj[1] },
        { brand: 'ky', no: String(20000 + i), title: p.ky[0], singer: p.ky[1] },
      ],
      [],
      aliasGroups,
    );
    const merged = groups.length === 1;
    const queued = reviews.length > 0;
    if (merged) predicted.push(id);
    if (p.same) truth.push(id);
    if (queued) review++;
    const k = (byKind[p.kind] ??= { pairs: 0, right: 0, review: 0 });
    k.pairs++;
    if (merged === p.same) k.right++;
    else
      wrong.push({
        kind: p.kind,
        same: p.same,
        tj: p.tj.join(' / '),
        ky: p.ky.join(' / '),
        got: merged
          ? `merged (${groups[0].rule})`
          : queued
            ? `review (${reviews[0].rule} ${reviews[0].score.toFixed(2)})`
            : 'apart',
      });
    if (queued) k.review++;
  });
  return { ...pairScore(predicted, truth), review, byKind, wrong };
}

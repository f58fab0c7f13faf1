// Relevance of the song search on the shipped sample catalog: MRR and recall@5 over a judged query set
// (data/relevance/songs.json: chosung, half-typed jamo, keyboard layout, spacing, typos, numbers, artist+title,
// romanization, alternative names, prefixes). Fails below the bar.
import fs from 'node:fs';
import path from 'node:path';
import { testDeps, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../../src/songs/ingest';
import { searchSongs } from '../../src/songs/search';
import { parseSearchQuery } from '../../src/korean';
import { relevanceReport, type Judgement } from '../../src/songs/relevance';

const MRR_BAR = 0.9;
const RECALL_AT_5_BAR = 0.95;

const deps = testDeps();
const judgements: Judgement[] = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../data/relevance/songs.json'), 'utf8'));

beforeAll(async () => {
  await deps.pg.query('TRUNCATE songs, catalog_entries, song_merge_overrides RESTART IDENTITY CASCADE');
  await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES);
  await rebuildIndex(deps, songsFamily);
}, 60_000);
afterAll(() => closeDeps(deps));

test(`the sample catalog search reaches MRR >= ${MRR_BAR} and recall@5 >= ${RECALL_AT_5_BAR}`, async () => {
  expect(judgements.length).toBeGreaterThanOrEqual(100);
  const results = [];
  for (const judgement of judgements) {
    const r = await searchSongs(deps, parseSearchQuery(judgement.q), { page: 1, size: 10 });
    results.push({ judgement, hits: r.items });
  }
  const report = relevanceReport(results);
  const byKind = Object.entries(report.byKind).map(([k, v]) => `${k} ${v.queries}q MRR ${v.mrr.toFixed(3)} R@5 ${v.recallAt5.toFixed(3)}`);
  process.stdout.write(`\n[relevance] ${report.queries} queries: MRR ${report.mrr.toFixed(3)}, recall@5 ${report.recallAt5.toFixed(3)}\n  ${byKind.join('\n  ')}\n`);
  for (const m of report.misses) process.stdout.write(`  miss [${m.kind}] ${m.q} -> expected ${m.expected}; got ${m.got.join(' | ')}\n`);
  expect(report.mrr).toBeGreaterThanOrEqual(MRR_BAR);
  expect(report.recallAt5).toBeGreaterThanOrEqual(RECALL_AT_5_BAR);
}, 120_000);

// scripts/bench-recs.ts --compare-gensim: our item2vec against gensim's skip-gram, 1 thread each, on the same
// sequences, split and hyperparameters, both scored by our evaluation (src/recs/evaluate.ts). Runs alternate which
// trainer goes first (the machine may be shared); the summary gives per-run numbers, medians and the time ratio.
import os from 'node:os';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import {
  DEFAULT_LEARNING_RATE,
  DEFAULT_SAMPLE,
  trainItem2Vec,
  type Item2VecParams,
  type ItemVectors,
} from '../src/recs/item2vec';
import { evaluateVectors, splitLeaveLastOut, type Metrics } from '../src/recs/evaluate';
import { centerVectors } from '../src/recs/ranking';
import { loadTrainingSequences } from '../src/recs/sequences';
import { generateSyntheticUsers, DEFAULT_SYNTHETIC, type CatalogSong } from '../tools/synthetic/behaviour';
import { ensureGensim, trainWithGensim } from '../tools/bench/gensim';
import { HOLDOUT_FRACTION } from '../src/recs/train';

export interface CompareFlags {
  'from-db': boolean;
  songs: number;
  users: number;
  runs: number;
  epochs: number;
  dimensions: number;
  window: number;
  negatives: number;
  'min-count': number;
  sample: number;
  seed: number;
}

interface Result {
  trainer: 'ours' | 'gensim';
  ms: number;
  cpuMs: number;
  metrics: Metrics;
  vocabulary: number;
}

const log = (line: string) => console.log(`[bench-recs] ${line}`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function sequencesFor(flags: CompareFlags): Promise<{ sequences: number[][]; source: string }> {
  if (flags['from-db']) {
    const deps = createDeps({ ...loadConfig(), logLevel: 'warn' });
    try {
      const data = await loadTrainingSequences(deps.pg);
      return { sequences: data.sequences, source: `Postgres (${data.lists} lists, ${data.sessions} sessions)` };
    } finally {
      await closeDeps(deps);
    }
  }
  // the same shape as scripts/generate-sessions.ts --songs N: N songs by N/5 artists, lists and sessions per user
  const songs: CatalogSong[] = Array.from({ length: flags.songs }, (_, i) => ({
    id: i + 1,
    artist: `artist ${i % Math.max(1, Math.floor(flags.songs / 5))}`,
  }));
  const users = generateSyntheticUsers(songs, { ...DEFAULT_SYNTHETIC, users: flags.users });
  const sequences = users.flatMap((u) => [...u.lists, ...u.sessions]).filter((s) => s.length >= 2);
  return { sequences, source: `synthetic (${flags.songs} songs, ${flags.users} users)` };
}

function score(model: ItemVectors, tests: Parameters<typeof evaluateVectors>[1]): Metrics {
  centerVectors(model.vectors, model.dims); // as the training job does before evaluation and serving
  return evaluateVectors(model, tests);
}

export async function compareWithGensim(flags: CompareFlags): Promise<void> {
  const gensim = ensureGensim(log);
  if (!gensim.ok) {
    log(`gensim comparison skipped: ${gensim.reason}`);
    return;
  }
  const recs = loadConfig().recs;
  const pick = (given: number, fallback: number, unset: number) => (given === unset ? fallback : given);
  const params: Item2VecParams = {
    dimensions: pick(flags.dimensions, recs.dimensions, 0),
    window: pick(flags.window, recs.window, 0),
    negatives: pick(flags.negatives, recs.negatives, 0),
    epochs: pick(flags.epochs, recs.epochs, 0),
    minCount: pick(flags['min-count'], recs.minCount, 0),
    seed: pick(flags.seed, recs.seed, -1),
    sample: pick(flags.sample, DEFAULT_SAMPLE, -1),
    learningRate: DEFAULT_LEARNING_RATE,
  };
  const { sequences, source } = await sequencesFor(flags);
  const { train, tests } = splitLeaveLastOut(sequences, HOLDOUT_FRACTION, params.seed);
  const tokens = train.reduce((n, s) => n + s.length, 0);
  log(
    `${source}: ${sequences.length} sequences, ${train.length} for training (${tokens} songs), ${tests.length} held out`,
  );
  log(
    `params ${JSON.stringify(params)}; 1 thread each; node ${process.version}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );

  const results: Result[][] = [];
  let pairs = 0;
  for (let run = 0; run < Math.max(1, flags.runs); run++) {
    const ours = (): Result => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const model = trainItem2Vec(train, params, (p) => {
        pairs = p.pairs;
      });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return {
        trainer: 'ours',
        ms,
        cpuMs: (used.user + used.system) / 1000,
        metrics: score(model, tests),
        vocabulary: model.ids.length,
      };
    };
    const theirs = (): Result => {
      const g = trainWithGensim(train, params);
      return {
        trainer: 'gensim',
        ms: g.trainMs,
        cpuMs: g.cpuMs,
        metrics: score(g.model, tests),
        vocabulary: g.model.ids.length,
      };
    };
    const pair = run % 2 ? [theirs(), ours()] : [ours(), theirs()];
    const [o, g] = pair[0].trainer === 'ours' ? pair : [pair[1], pair[0]];
    results.push([o, g]);
    log(
      `run ${run + 1} (${pair[0].trainer} first): wall ours ${o.ms.toFixed(0)} ms, gensim ${g.ms.toFixed(0)} ms, ratio ${(o.ms / g.ms).toFixed(2)}; ` +
        `CPU ours ${o.cpuMs.toFixed(0)} ms, gensim ${g.cpuMs.toFixed(0)} ms, ratio ${(o.cpuMs / g.cpuMs).toFixed(2)}; ` +
        `hit@10 ours ${o.metrics.hitRate.toFixed(4)} gensim ${g.metrics.hitRate.toFixed(4)}; NDCG@10 ours ${o.metrics.ndcg.toFixed(4)} gensim ${g.metrics.ndcg.toFixed(4)}; ` +
        `load ${os.loadavg()[0].toFixed(1)}`,
    );
  }
  const oursMs = median(results.map((r) => r[0].ms));
  const gensimMs = median(results.map((r) => r[1].ms));
  const oursCpu = median(results.map((r) => r[0].cpuMs));
  const gensimCpu = median(results.map((r) => r[1].cpuMs));
  const [o, g] = results[0];
  log(
    `summary: ${train.length} training sequences, ${pairs} (center, context) pairs per training of ours, vocabulary ours ${o.vocabulary} gensim ${g.vocabulary}`,
  );
  log(
    `summary: median of ${results.length} (vocabulary + training): wall ours ${oursMs.toFixed(0)} ms, gensim ${gensimMs.toFixed(0)} ms, ratio ${(oursMs / gensimMs).toFixed(2)} ` +
      `(median of per-run ratios ${median(results.map((r) => r[0].ms / r[1].ms)).toFixed(2)}); CPU ours ${oursCpu.toFixed(0)} ms, gensim ${gensimCpu.toFixed(0)} ms, ratio ${(oursCpu / gensimCpu).toFixed(2)}`,
  );
  log(
    `summary: hit@10 ours ${o.metrics.hitRate.toFixed(4)} gensim ${g.metrics.hitRate.toFixed(4)}; NDCG@10 ours ${o.metrics.ndcg.toFixed(4)} gensim ${g.metrics.ndcg.toFixed(4)} (${o.metrics.cases} cases)`,
  );
}

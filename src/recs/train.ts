// The training job (cron and scripts/train-recs.ts): sequences from Postgres -> item2vec in a worker thread ->
// leave-last-out evaluation -> model row + vectors in Postgres -> (if not worse than the current model) promotion:
// neighbour lists and the model's vector index first, and only then the promoted flag (promotion.ts).
import crypto from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Deps } from '../platform/deps';
import type { Item2VecParams, TrainProgress } from './item2vec';
import { splitLeaveLastOut, type Metrics } from './evaluate';
import { loadTrainingSequences } from './sequences';
import { trainAndEvaluate, type TrainInput, type TrainOutput, type WorkerMessage } from './train-worker';
import { loadModelVectors, mappedVectorDims, promotedModelVersion, saveModel } from './vectors';
import { promoteModel, type ServingStep, type ServingSummary } from './promotion';
import { withAdvisoryLock } from '../platform/advisory-lock';

export const HOLDOUT_FRACTION = 0.1;

export type TrainStep =
  | { step: 'loaded'; sequences: number; lists: number; sessions: number; events: number; testCases: number }
  | { step: 'epoch'; progress: TrainProgress }
  | { step: 'evaluated'; metrics: TrainOutput['metrics'] }
  | ServingStep;

export interface TrainOptions {
  onProgress?: (s: TrainStep) => void;
  /** train on the calling thread (unit-sized data, debugging) */
  inProcess?: boolean;
  /** promote even when worse than the current model */
  force?: boolean;
  params?: Partial<Item2VecParams>;
  now?: Date;
}

export interface TrainSummary {
  version: string;
  promoted: boolean;
  decision: string;
  metrics: { model: Metrics; popularity: Metrics; current?: Metrics & { version: string } };
  stats: {
    sequences: number;
    lists: number;
    sessions: number;
    events: number;
    vocabulary: number;
    testCases: number;
    trainMs: number;
    evalMs: number;
    totalMs: number;
  };
  /** what promotion built for serving (neighbour lists, vector index) */
  serving?: ServingSummary;
}

/** Runs train-worker.ts in a worker thread (through tsx's require hook when running from TypeScript sources). */
export function runInWorker(
  input: TrainInput,
  onProgress: (p: TrainProgress) => void = () => undefined,
): Promise<TrainOutput> {
  const compiled = __filename.endsWith('.js');
  const file = path.join(__dirname, compiled ? 'train-worker.js' : 'train-worker.ts');
  const code = compiled
    ? `require(${JSON.stringify(file)})`
    : `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(file)})`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { recsTrainJob: true, input } });
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.output);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(`training worker failed: ${m.message}`));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    worker.on('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`training worker exited with code ${code}`));
      }
    });
  });
}

/** Why the new model is (not) promoted: never on no evidence, never when worse than the current model. */
export function promotionDecision(
  vocabulary: number,
  metrics: { model: Metrics; current?: Metrics },
  force = false,
): { promote: boolean; reason: string } {
  if (vocabulary < 2) return { promote: false, reason: 'too little data: fewer than 2 songs in the vocabulary' };
  if (force) return { promote: true, reason: 'forced' };
  if (!metrics.current) return { promote: true, reason: 'no current model' };
  if (!metrics.model.cases) return { promote: false, reason: 'no held-out cases to compare with the current model' };
  const m = metrics.model.hitRate,
    c = metrics.current.hitRate;
  if (m >= c)
    return { promote: true, reason: `hit-rate@${metrics.model.k} ${m.toFixed(4)} >= current ${c.toFixed(4)}` };
  return { promote: false, reason: `hit-rate@${metrics.model.k} ${m.toFixed(4)} < current ${c.toFixed(4)}` };
}

const newVersion = (now: Date) =>
  `i2v-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${crypto.randomBytes(2).toString('hex')}`;

const withLock = <T>(deps: Pick<Deps, 'pg'>, key: string, wait: boolean, fn: () => Promise<T>): Promise<T> =>
  withAdvisoryLock(deps.pg, key, () => fn(), { wait });

export async function trainRecs(
  deps: Pick<Deps, 'pg' | 'es' | 'config' | 'logger'>,
  opts: TrainOptions = {},
): Promise<TrainSummary> {
  return withLock(deps, 'recs:train', false, async () => {
    const started = Date.now();
    const progress = opts.onProgress ?? (() => undefined);
    const params: Item2VecParams = { ...deps.config.recs, ...opts.params };
    const dims = mappedVectorDims();
    if (dims !== undefined && dims !== params.dimensions) {
      throw new Error(
        `RECS_DIMENSIONS is ${params.dimensions} but mappings/song-vectors.json maps vector with dims ${dims}; they must match`,
      );
    }
    const data = await loadTrainingSequences(deps.pg, opts.now);
    const { train, tests } = splitLeaveLastOut(data.sequences, HOLDOUT_FRACTION, params.seed);
    progress({
      step: 'loaded',
      sequences: data.sequences.length,
      lists: data.lists,
      sessions: data.sessions,
      events: data.events,
      testCases: tests.length,
    });

    const currentVersion = await promotedModelVersion(deps.pg);
    const current = currentVersion ? await loadModelVectors(deps.pg, currentVersion) : undefined;
    const input: TrainInput = {
      train,
      tests,
      params,
      current: current && current.dims === params.dimensions ? current : undefined,
    };
    const onEpoch = (p: TrainProgress) => progress({ step: 'epoch', progress: p });
    const output = opts.inProcess ? trainAndEvaluate(input, onEpoch) : await runInWorker(input, onEpoch);
    progress({ step: 'evaluated', metrics: output.metrics });

    const version = newVersion(opts.now ?? new Date());
    const decision = promotionDecision(output.model.ids.length, output.metrics, opts.force);
    const metrics: TrainSummary['metrics'] = {
      model: output.metrics.model,
      popularity: output.metrics.popularity,
      current:
        output.metrics.current && currentVersion ? { ...output.metrics.current, version: currentVersion } : undefined,
    };
    const stats = {
      sequences: data.sequences.length,
      lists: data.lists,
      sessions: data.sessions,
      events: data.events,
      vocabulary: output.model.ids.length,
      testCases: tests.length,
      trainMs: output.trainMs,
      evalMs: output.evalMs,
      totalMs: 0,
    };
    await saveModel(deps.pg, { version, params, metrics, stats }, output.model);

    let serving: ServingSummary | undefined;
    if (decision.promote) {
      serving = await promoteModel(deps, version, decision.reason, progress);
    } else {
      await deps.pg.query('UPDATE rec_models SET decision = $2 WHERE version = $1', [version, decision.reason]);
    }
    stats.totalMs = Date.now() - started;
    await deps.pg.query('UPDATE rec_models SET stats = $2 WHERE version = $1', [version, JSON.stringify(stats)]);
    const summary: TrainSummary = {
      version,
      promoted: decision.promote,
      decision: decision.reason,
      metrics,
      stats,
      serving,
    };
    deps.logger.info('recs model trained', {
      version,
      promoted: decision.promote,
      decision: decision.reason,
      hit_rate: metrics.model.hitRate,
      popularity_hit_rate: metrics.popularity.hitRate,
    });
    return summary;
  });
}

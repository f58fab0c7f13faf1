// Runs in a worker thread: trains item2vec and evaluates it (and the current model, and popularity) on the
// held-out cases, so the API's event loop never stalls on the math.
import { parentPort, workerData } from 'node:worker_threads';
import { trainItem2Vec, type Item2VecParams, type ItemVectors, type TrainProgress } from './item2vec';
import { evaluatePopularity, evaluateVectors, type Metrics, type TestCase } from './evaluate';
import { centerVectors } from './ranking';

export interface TrainInput {
  train: number[][];
  tests: TestCase[];
  params: Item2VecParams;
  current?: ItemVectors;
}
export interface TrainOutput {
  model: ItemVectors;
  metrics: { model: Metrics; popularity: Metrics; current?: Metrics };
  trainMs: number;
  evalMs: number;
}
export type WorkerMessage =
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'done'; output: TrainOutput }
  | { type: 'error'; message: string };

export function trainAndEvaluate(
  input: TrainInput,
  onProgress: (p: TrainProgress) => void = () => undefined,
): TrainOutput {
  const started = Date.now();
  const model = trainItem2Vec(input.train, input.params, onProgress);
  centerVectors(model.vectors, model.dims);
  const trainMs = Date.now() - started;
  const metrics = {
    model: evaluateVectors(model, input.tests),
    popularity: evaluatePopularity(input.train, input.tests),
    current: input.current ? evaluateVectors(input.current, input.tests) : undefined,
  };
  return { model, metrics, trainMs, evalMs: Date.now() - started - trainMs };
}

if (parentPort && workerData?.recsTrainJob) {
  const port = parentPort;
  try {
    const output = trainAndEvaluate(workerData.input as TrainInput, (progress) =>
      port.postMessage({ type: 'progress', progress } satisfies WorkerMessage),
    );
    port.postMessage({ type: 'done', output } satisfies WorkerMessage, [output.model.vectors.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).stack ?? String(err) } satisfies WorkerMessage);
  }
}

// COCO object detection for proof photos: the CenterNet model whose weights ship inside the @vladmandic/human npm
// package (read from node_modules, nothing downloaded), run with TensorFlow.js on its WebAssembly backend. Loaded once
// per worker thread (photo-worker.ts), never on the API's event loop.
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { findProjectRoot, projectPath } from '../platform/paths';

export const DETECTOR_NAME = 'centernet-coco@vladmandic/human-3.3.6';
export const DETECTOR_INPUT = 512;
const MIN_KEPT_SCORE = 0.1;

export interface Detection {
  label: string;
  score: number;
  box: [number, number, number, number];
}

const LABELS: string[] = JSON.parse(fs.readFileSync(projectPath('data', 'rewards', 'coco-labels.json'), 'utf8')).labels;

let model: Promise<GraphModel> | undefined;

async function loadModel(): Promise<GraphModel> {
  setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  await tf.setBackend('wasm');
  await tf.ready();
  const dir = path.join(findProjectRoot(path.dirname(require.resolve('@vladmandic/human'))), 'models');
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'centernet.json'), 'utf8'));
  const weights = fs.readFileSync(path.join(dir, 'centernet.bin'));
  return loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      weightSpecs: json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  });
}

/** Loads the model now (a worker's warm-up), so the first photo's time limit does not include it. */
export async function loadDetector(): Promise<void> {
  await (model ??= loadModel().catch((err) => {
    model = undefined;
    throw err;
  }));
}

/** Objects in DETECTOR_INPUT x DETECTOR_INPUT RGB pixels, best first; boxes are fractions of the image (x1, y1, x2, y2). */
export async function detectObjects(rgb: Uint8Array): Promise<Detection[]> {
  await loadDetector();
  const graph = await model!;
  const input = tf.tensor4d(Float32Array.from(rgb), [1, DETECTOR_INPUT, DETECTOR_INPUT, 3]);
  const output = graph.execute(input, ['tower_0/detections']) as tf.Tensor;
  try {
    const rows = ((await output.array()) as number[][][])[0];
    const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v / DETECTOR_INPUT)) * 1000) / 1000;
    return rows
      .filter(([, , , , score, cls]) => score >= MIN_KEPT_SCORE && Number.isInteger(cls) && LABELS[cls] !== undefined)
      .map(([x1, y1, x2, y2, score, cls]) => ({
        label: LABELS[cls],
        score: Math.round(score * 1000) / 1000,
        box: [clamp(x1), clamp(y1), clamp(x2), clamp(y2)] as Detection['box'],
      }))
      .sort((a, b) => b.score - a.score);
  } finally {
    tf.dispose([input, output]);
  }
}

import { createRng } from '../platform/prng';
import { MAX_EXP, sigmoidTable } from './item2vec';
import { createSgnsKernel } from './sgns-kernel';

// The same step in plain JavaScript (float64): what the WebAssembly kernel must compute.
function referencePair(
  input: number[][],
  output: number[][],
  center: number,
  targets: number[],
  alpha: number,
  sigmoid: Float64Array,
) {
  const dims = input[center].length;
  const gradient = new Array<number>(dims).fill(0);
  targets.forEach((row, k) => {
    const dot = input[center].reduce((s, x, d) => s + x * output[row][d], 0);
    const p =
      dot >= MAX_EXP
        ? 1
        : dot <= -MAX_EXP
          ? 0
          : sigmoid[Math.floor((dot + MAX_EXP) * (sigmoid.length / (2 * MAX_EXP)))];
    const g = ((k === 0 ? 1 : 0) - p) * alpha;
    for (let d = 0; d < dims; d++) {
      gradient[d] += g * output[row][d];
      output[row][d] += g * input[center][d];
    }
  });
  for (let d = 0; d < dims; d++) input[center][d] += gradient[d];
}

describe('skip-gram WebAssembly kernel', () => {
  test.each([8, 6])('matches the plain JavaScript step (dims %i; padding stays zero)', (dims) => {
    const rows = 12;
    const rng = createRng(5);
    const sigmoid = sigmoidTable();
    const kernel = createSgnsKernel(rows, dims, 6, sigmoid, MAX_EXP);
    const input = Array.from({ length: rows }, () => Array.from({ length: dims }, () => (rng.next() - 0.5) * 2));
    const output = Array.from({ length: rows }, () => Array.from({ length: dims }, () => (rng.next() - 0.5) * 2));
    input.forEach((v, r) => kernel.input.set(v, r * kernel.stride));
    output.forEach((v, r) => kernel.output.set(v, r * kernel.stride));
    const targets = new Int32Array(6);
    for (let step = 0; step < 200; step++) {
      const center = rng.int(rows);
      const count = 1 + rng.int(6);
      for (let k = 0; k < count; k++) targets[k] = rng.int(rows);
      kernel.trainPair(center, targets, count, 0.05);
      referencePair(input, output, center, [...targets.subarray(0, count)], 0.05, sigmoid);
    }
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < kernel.stride; d++) {
        expect(kernel.input[r * kernel.stride + d]).toBeCloseTo(d < dims ? input[r][d] : 0, 3);
        expect(kernel.output[r * kernel.stride + d]).toBeCloseTo(d < dims ? output[r][d] : 0, 3);
      }
    }
  });
});

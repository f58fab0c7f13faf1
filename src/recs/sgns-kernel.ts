// The inner step of skip-gram with negative sampling as a small WebAssembly SIMD function, assembled here from the
// instructions below (no toolchain, no binary blob): for one (center, context) pair and its drawn negatives it does
// the dot products, sigmoid-table lookups and the updates of the output rows and of the center's input row, four
// float lanes at a time. Plain f32 arithmetic without fused multiply-add, so results are the same on every machine.
// Why WebAssembly: the same loops in JavaScript ran about 1.8x slower than gensim's C (see docs/benchmarks.md).

/** Rows are padded to a multiple of 4 floats (one 16-byte SIMD lane group); the padding stays 0. */
export const LANES = 4;

export interface SgnsKernel {
  /** input rows (center vectors), vocabulary x stride floats */
  input: Float32Array;
  /** output rows (context vectors), vocabulary x stride floats */
  output: Float32Array;
  /** floats per row (dimensions rounded up to LANES) */
  stride: number;
  /**
   * One pair: targets[0] is the context row (label 1), targets[1..count) are negative rows (label 0).
   * The center's input row moves by the summed gradient after all targets, as in word2vec.
   */
  trainPair(center: number, targets: Int32Array, count: number, alpha: number): void;
}

// --- a minimal WebAssembly encoder: just what the kernel uses ---
const unsigned = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const signed = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const f32Bytes = (x: number) => [...new Uint8Array(Float32Array.of(x).buffer)];
const name = (s: string) => [...unsigned(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: number[]) => [id, ...unsigned(body.length), ...body];
const vector = (items: number[][]) => [...unsigned(items.length), ...items.flat()];

const T = { i32: 0x7f, f32: 0x7d, v128: 0x7b, void: 0x40 } as const;
const op = {
  block: (t: number = T.void) => [0x02, t],
  loop: (t: number = T.void) => [0x03, t],
  if: (t: number = T.void) => [0x04, t],
  else: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  tee: (i: number) => [0x22, i],
  i32: (n: number) => [0x41, ...signed(n)],
  f32: (x: number) => [0x43, ...f32Bytes(x)],
  i32Load: [0x28, 2, 0],
  f32Load: [0x2a, 2, 0],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Ge: [0x60],
  f32Le: [0x5f],
  i32TruncF32S: [0xa8],
  f32ConvertI32U: [0xb3],
  // SIMD: 0xfd prefix, LEB128 opcode
  v128Load: [0xfd, 0x00, 4, 0],
  v128Store: [0xfd, 0x0b, 4, 0],
  v128Zero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  f32x4Splat: [0xfd, 0x13],
  f32x4Lane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
};

// parameters and locals of trainPair(cIn, count, alpha, rowBytes, gradPtr, targetsPtr, sigmoidPtr)
const P = { cIn: 0, count: 1, alpha: 2, rowBytes: 3, grad: 4, targets: 5, sigmoid: 6 };
const L = { t: 7, row: 8, d: 9, acc: 10, dot: 11, g: 12, gv: 13, o: 14 };

/** for (d = 0; d < rowBytes; d += 16) body — rows are never empty */
const overRow = (body: number[]) => [
  ...op.i32(0),
  ...op.set(L.d),
  ...op.loop(),
  ...body,
  ...op.get(L.d),
  ...op.i32(16),
  ...op.i32Add,
  ...op.tee(L.d),
  ...op.get(P.rowBytes),
  ...op.i32LtU,
  ...op.brIf(0),
  ...op.end,
];
const at = (base: number) => [...op.get(base), ...op.get(L.d), ...op.i32Add];

function kernelBody(sigmoidSize: number, maxExp: number): number[] {
  return [
    // gradient = 0
    ...overRow([...at(P.grad), ...op.v128Zero, ...op.v128Store]),
    ...op.i32(0),
    ...op.set(L.t),
    ...op.loop(),
    // row = targets[t]
    ...op.get(P.targets),
    ...op.get(L.t),
    ...op.i32(2),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.i32Load,
    ...op.set(L.row),
    // dot = sum of input[cIn] * output[row], four lanes then across them
    ...op.v128Zero,
    ...op.set(L.acc),
    ...overRow([
      ...op.get(L.acc),
      ...at(P.cIn),
      ...op.v128Load,
      ...at(L.row),
      ...op.v128Load,
      ...op.f32x4Mul,
      ...op.f32x4Add,
      ...op.set(L.acc),
    ]),
    ...op.get(L.acc),
    ...op.f32x4Lane(0),
    ...op.get(L.acc),
    ...op.f32x4Lane(1),
    ...op.f32Add,
    ...op.get(L.acc),
    ...op.f32x4Lane(2),
    ...op.get(L.acc),
    ...op.f32x4Lane(3),
    ...op.f32Add,
    ...op.f32Add,
    ...op.set(L.dot),
    // g = (label - sigmoid(dot)) * alpha, label = 1 for t = 0
    ...op.get(L.t),
    ...op.i32Eqz,
    ...op.f32ConvertI32U,
    ...op.get(L.dot),
    ...op.f32(maxExp),
    ...op.f32Ge,
    ...op.if(T.f32),
    ...op.f32(1),
    ...op.else,
    ...op.get(L.dot),
    ...op.f32(-maxExp),
    ...op.f32Le,
    ...op.if(T.f32),
    ...op.f32(0),
    ...op.else,
    ...op.get(P.sigmoid),
    ...op.get(L.dot),
    ...op.f32(maxExp),
    ...op.f32Add,
    ...op.f32(sigmoidSize / (2 * maxExp)),
    ...op.f32Mul,
    ...op.i32TruncF32S,
    ...op.i32(2),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.f32Load,
    ...op.end,
    ...op.end,
    ...op.f32Sub,
    ...op.get(P.alpha),
    ...op.f32Mul,
    ...op.tee(L.g),
    ...op.f32x4Splat,
    ...op.set(L.gv),
    // gradient += g * output[row]; output[row] += g * input[cIn]
    ...overRow([
      ...at(L.row),
      ...op.v128Load,
      ...op.set(L.o),
      ...at(P.grad),
      ...at(P.grad),
      ...op.v128Load,
      ...op.get(L.gv),
      ...op.get(L.o),
      ...op.f32x4Mul,
      ...op.f32x4Add,
      ...op.v128Store,
      ...at(L.row),
      ...op.get(L.o),
      ...op.get(L.gv),
      ...at(P.cIn),
      ...op.v128Load,
      ...op.f32x4Mul,
      ...op.f32x4Add,
      ...op.v128Store,
    ]),
    ...op.get(L.t),
    ...op.i32(1),
    ...op.i32Add,
    ...op.tee(L.t),
    ...op.get(P.count),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // input[cIn] += gradient
    ...overRow([
      ...at(P.cIn),
      ...at(P.cIn),
      ...op.v128Load,
      ...at(P.grad),
      ...op.v128Load,
      ...op.f32x4Add,
      ...op.v128Store,
    ]),
    ...op.end,
  ];
}

export function kernelModuleBytes(sigmoidSize: number, maxExp: number): Uint8Array<ArrayBuffer> {
  const { i32, f32, v128 } = T;
  const body = kernelBody(sigmoidSize, maxExp);
  const locals = vector(
    [
      [3, i32],
      [1, v128],
      [2, f32],
      [2, v128],
    ].map(([n, t]) => [...unsigned(n), t]),
  );
  const func = [...locals, ...body];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector([[0x60, ...vector([[i32], [i32], [f32], [i32], [i32], [i32], [i32]]), 0]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('trainPair'), 0x00, 0]])),
    ...section(10, vector([[...unsigned(func.length), ...func]])),
  ]);
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/**
 * Memory: the sigmoid table (plus one guard entry for a product that rounds up to the table's end), the targets,
 * the gradient row, then the input and output rows. `sigmoid` is the table over [-maxExp, maxExp).
 */
export function createSgnsKernel(
  rows: number,
  dims: number,
  maxTargets: number,
  sigmoid: ArrayLike<number>,
  maxExp: number,
): SgnsKernel {
  const stride = Math.ceil(dims / LANES) * LANES;
  const rowBytes = stride * 4;
  const sigmoidPtr = 0;
  const targetsPtr = align16((sigmoid.length + 1) * 4);
  const gradPtr = align16(targetsPtr + maxTargets * 4);
  const inputPtr = align16(gradPtr + rowBytes);
  const outputPtr = inputPtr + rows * rowBytes;
  const bytes = outputPtr + rows * rowBytes;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const table = new Float32Array(memory.buffer, sigmoidPtr, sigmoid.length + 1);
  table.set(sigmoid);
  table[sigmoid.length] = sigmoid[sigmoid.length - 1];
  const targetRows = new Int32Array(memory.buffer, targetsPtr, maxTargets);
  const module = new WebAssembly.Module(kernelModuleBytes(sigmoid.length, maxExp));
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.trainPair as (
    cIn: number,
    count: number,
    alpha: number,
    rowBytes: number,
    grad: number,
    targets: number,
    sigmoid: number,
  ) => void;
  return {
    input: new Float32Array(memory.buffer, inputPtr, rows * stride),
    output: new Float32Array(memory.buffer, outputPtr, rows * stride),
    stride,
    trainPair(center, targets, count, alpha) {
      for (let k = 0; k < count; k++) targetRows[k] = outputPtr + targets[k] * rowBytes;
      run(inputPtr + center * rowBytes, count, alpha, rowBytes, gradPtr, targetsPtr, sigmoidPtr);
    },
  };
}

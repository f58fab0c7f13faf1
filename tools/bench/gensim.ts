// Benchmark-only reference: gensim's skip-gram (Debian's python3-gensim) trained on the same sequences with the same
// hyperparameters, its vectors read back as ItemVectors so our own evaluation scores both. Never used by the service.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LEARNING_RATE, DEFAULT_SAMPLE, type Item2VecParams, type ItemVectors } from '../../src/recs/item2vec';
import { projectPath } from '../../src/platform/paths';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = projectPath('scripts', 'gensim-item2vec.py');

export interface GensimRun {
  model: ItemVectors;
  vocabMs: number;
  trainMs: number;
  cpuMs: number;
  words: number;
}

const importsGensim = () =>
  fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0;

/** Makes gensim importable (apt-get install python3-gensim as root when missing); otherwise says why not. */
export function ensureGensim(
  log: (line: string) => void = () => undefined,
): { ok: true } | { ok: false; reason: string } {
  if (importsGensim()) return { ok: true };
  if (!fs.existsSync(PYTHON))
    return { ok: false, reason: `${PYTHON} not found (gensim comparison needs Debian's python3 and python3-gensim)` };
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return {
      ok: false,
      reason:
        'python3-gensim is not installed and cannot be installed here (needs apt-get as root): sudo apt-get install python3-gensim',
    };
  }
  log('installing python3-gensim with apt-get (benchmark-only)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'python3-gensim'], { stdio: 'ignore', env })
      .status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
    if (!install())
      return {
        ok: false,
        reason: 'apt-get install python3-gensim failed (no such package for this distribution, or no network)',
      };
  }
  return importsGensim()
    ? { ok: true }
    : { ok: false, reason: 'python3-gensim installed but `import gensim` still fails' };
}

/** Trains gensim's Word2Vec (sg=1, hs=0, workers=1) on `sequences`; times are gensim's own (vocabulary + training). */
export function trainWithGensim(sequences: number[][], params: Item2VecParams): GensimRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-gensim-'));
  try {
    const p = {
      ...params,
      sample: params.sample ?? DEFAULT_SAMPLE,
      learningRate: params.learningRate ?? DEFAULT_LEARNING_RATE,
    };
    fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify(p));
    fs.writeFileSync(path.join(dir, 'sequences.txt'), sequences.map((s) => s.join(' ')).join('\n') + '\n');
    const out = path.join(dir, 'model');
    // a fixed hash seed: gensim seeds each initial vector from Python's (otherwise randomized) string hash; BLAS on 1 thread
    execFileSync(PYTHON, [SCRIPT, path.join(dir, 'params.json'), path.join(dir, 'sequences.txt'), out], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PYTHONHASHSEED: '0',
        OPENBLAS_NUM_THREADS: '1',
        OMP_NUM_THREADS: '1',
        MKL_NUM_THREADS: '1',
      },
    });
    return readGensimExport(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads what scripts/gensim-item2vec.py wrote: <out>.json (ids, counts, dims, times) and <out>.f32 (row-major floats). */
export function readGensimExport(out: string): GensimRun {
  const meta = JSON.parse(fs.readFileSync(out + '.json', 'utf8')) as {
    dims: number;
    ids: number[];
    counts: number[];
    vocabMs: number;
    trainMs: number;
    cpuMs: number;
    words: number;
  };
  const bytes = fs.readFileSync(out + '.f32');
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (vectors.length !== meta.ids.length * meta.dims)
    throw new Error(`gensim export: ${vectors.length} floats for ${meta.ids.length} ids x ${meta.dims} dims`);
  return {
    model: { dims: meta.dims, ids: meta.ids, counts: meta.counts, vectors },
    vocabMs: meta.vocabMs,
    trainMs: meta.trainMs,
    cpuMs: meta.cpuMs,
    words: meta.words,
  };
}

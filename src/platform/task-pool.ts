// Runs untrusted-input work (image parsing, EXIF, detectors) in worker threads with a hard time limit: a task that
// outlives it has its worker terminated (a synchronous endless loop cannot be interrupted any other way) and a fresh
// worker takes its place. The queue is bounded, so a flood is refused at once instead of piling up.
import { Worker, parentPort, workerData } from 'node:worker_threads';

export interface TaskModule {
  /** absolute path of the module exporting the handler (its __filename) */
  module: string;
  /** the export holding `(input) => output | Promise<output>` */
  exportName: string;
  /** an export run once when a worker starts, before it takes tasks (loading a model); the time limit excludes it */
  warmUp?: string;
}

export type TaskFailureKind = 'timeout' | 'busy' | 'crashed' | 'failed';

export class TaskError extends Error {
  constructor(
    readonly kind: TaskFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export interface TaskPoolOptions {
  size: number;
  /** wall-clock limit of one task, from the moment a worker starts it */
  timeoutMs: number;
  /** tasks allowed to wait for a worker; more are refused with kind 'busy' */
  maxQueue: number;
  /** heap limit of each worker (MB) */
  maxHeapMb?: number;
}

// from TypeScript sources (tsx, ts-jest) the worker registers tsx before loading the module; a build loads .js as is
const TSX_API = __filename.endsWith('.ts') ? require.resolve('tsx/cjs/api') : null;
const WORKER_ENTRY = `
  const { workerData } = require('node:worker_threads');
  if (workerData.tsx && !require.extensions['.ts']) require(workerData.tsx).register();
  require(workerData.pool).serveTasks();
`;

interface Task {
  input: unknown;
  transfer: ArrayBuffer[];
  resolve(v: unknown): void;
  reject(e: Error): void;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task;
  timer?: NodeJS.Timeout;
}

export class TaskPool<I, O> {
  private slots: Slot[] = [];
  private waiting: Task[] = [];
  private closed = false;
  /** tasks ended by the time limit since the pool started */
  timeouts = 0;

  constructor(
    private readonly source: TaskModule,
    private readonly opts: TaskPoolOptions,
  ) {
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn());
  }

  run(input: I, transfer: ArrayBuffer[] = []): Promise<O> {
    if (this.closed) return Promise.reject(new TaskError('failed', 'the task pool is closed'));
    const free = this.slots.find((s) => s.ready && !s.task);
    const taken = this.slots.filter((s) => s.task).length + this.waiting.length;
    if (!free && taken >= this.slots.length + this.opts.maxQueue)
      return Promise.reject(new TaskError('busy', 'every worker is busy'));
    return new Promise<O>((resolve, reject) => {
      const task: Task = { input, transfer, resolve: resolve as (v: unknown) => void, reject };
      if (free) this.start(free, task);
      else this.waiting.push(task);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.waiting.splice(0)) t.reject(new TaskError('failed', 'the task pool is closed'));
    await Promise.all(
      this.slots.map((s) => {
        clearTimeout(s.timer);
        s.task?.reject(new TaskError('failed', 'the task pool is closed'));
        return s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const limits = this.opts.maxHeapMb ? { maxOldGenerationSizeMb: this.opts.maxHeapMb } : undefined;
    const worker = new Worker(WORKER_ENTRY, {
      eval: true,
      resourceLimits: limits,
      workerData: { ...this.source, pool: __filename, tsx: TSX_API },
    });
    worker.unref(); // an idle pool never keeps the process alive
    const slot: Slot = { worker, ready: false };
    worker.on('message', (m: { ready?: boolean; ok: boolean; value?: unknown; message?: string }) => {
      if (m.ready) {
        slot.ready = true;
        this.next(slot);
        return;
      }
      const task = this.finish(slot);
      if (!task) return;
      if (m.ok) task.resolve(m.value);
      else task.reject(new TaskError('failed', m.message ?? 'the task failed'));
      this.next(slot);
    });
    worker.on('error', (err) => this.replace(slot, new TaskError('crashed', `worker crashed: ${err.message}`)));
    worker.on('exit', () => this.replace(slot, new TaskError('crashed', 'worker exited')));
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.timer = setTimeout(() => {
      this.timeouts++;
      this.replace(slot, new TaskError('timeout', `the task took longer than ${this.opts.timeoutMs} ms`));
    }, this.opts.timeoutMs);
    slot.worker.postMessage(task.input, task.transfer);
  }

  private finish(slot: Slot): Task | undefined {
    clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = undefined;
    return task;
  }

  private next(slot: Slot): void {
    if (!slot.ready || slot.task) return;
    const task = this.waiting.shift();
    if (task) this.start(slot, task);
  }

  /** Ends a worker (stuck, crashed or exited): its task fails with `error`, a new worker takes the slot. */
  private replace(slot: Slot, error: TaskError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced
    const task = this.finish(slot);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    task?.reject(error);
    if (this.closed) {
      this.slots.splice(index, 1);
      return;
    }
    const fresh = this.spawn();
    this.slots[index] = fresh;
    this.next(fresh);
  }
}

/** Worker side: loads the handler and answers each message with { ok, value } or { ok: false, message }. */
export function serveTasks(): void {
  const { module, exportName, warmUp } = workerData as TaskModule;
  const loaded = require(module);
  const handler = loaded[exportName] as (input: unknown) => unknown;
  // a failed warm-up is not fatal: the task that needs what it loads reports the failure itself
  Promise.resolve()
    .then(() => (warmUp ? loaded[warmUp]() : undefined))
    .catch(() => undefined)
    .then(() => parentPort!.postMessage({ ready: true }));
  parentPort!.on('message', (input) => {
    Promise.resolve()
      .then(() => handler(input))
      .then(
        (value) => parentPort!.postMessage({ ok: true, value }),
        (err: Error) => parentPort!.postMessage({ ok: false, message: String(err?.message ?? err).slice(0, 500) }),
      );
  });
}

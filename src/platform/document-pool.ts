// Builds bulk request bodies (NDJSON) from Postgres rows, in worker threads during a rebuild so that document
// building (the search keys) and JSON serialisation run beside the Postgres reads and the HTTP traffic.
// A worker loads the family's module itself (functions do not cross threads): `source` names the file and export.
import { Worker, parentPort, workerData } from 'node:worker_threads';

export interface DocumentSource {
  /** absolute path of the module exporting the family (its __filename) */
  module: string;
  /** the export holding an object with toDocument(row) */
  exportName: string;
}

/** body: UTF-8 NDJSON (bytes, not a string: the HTTP client would send a string's length as its byte count) */
export interface BuiltBulk {
  body: Uint8Array;
  docs: number;
  skipped: number;
}

const utf8 = new TextEncoder();

type ToDocument = (row: never) => Record<string, unknown> | null;

/** The bulk body for rows: an index action per document, rows without a document skipped. */
export function bulkBodyOf(
  toDocument: ToDocument,
  rows: Array<{ id: number | string }>,
  omitFields: string[] = [],
): BuiltBulk {
  const lines: string[] = [];
  let skipped = 0;
  for (const row of rows) {
    const doc = toDocument(row as never);
    if (!doc) {
      skipped++;
      continue;
    }
    for (const f of omitFields) delete doc[f];
    lines.push(`{"index":{"_id":${JSON.stringify(String(row.id))}}}`, JSON.stringify(doc));
  }
  return { body: utf8.encode(lines.length ? `${lines.join('\n')}\n` : ''), docs: lines.length / 2, skipped };
}

// Run from TypeScript (tsx, ts-jest) the worker registers tsx before loading the modules; from a build (dist/) it
// loads the compiled ones as they are. Inline, so the entry exists wherever this module runs.
const TSX_API = __filename.endsWith('.ts') ? require.resolve('tsx/cjs/api') : null;
const WORKER_ENTRY = `
  const { workerData } = require('node:worker_threads');
  if (workerData.tsx && !require.extensions['.ts']) require(workerData.tsx).register();
  require(workerData.pool).runDocumentWorker();
`;

interface Task {
  rows: unknown[];
  resolve(b: BuiltBulk): void;
  reject(e: Error): void;
}

/** A fixed set of worker threads taking build tasks in arrival order. */
export class DocumentPool {
  private idle: Worker[] = [];
  private waiting: Task[] = [];
  private running = new Map<Worker, Task>();
  private failure: Error | null = null;

  constructor(source: DocumentSource, size: number, omitFields: string[] = []) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_ENTRY, {
        eval: true,
        workerData: { ...source, omitFields, pool: __filename, tsx: TSX_API },
      });
      worker.on('message', (built: BuiltBulk) => this.finished(worker, null, built));
      worker.on('error', (err) => this.finished(worker, err, null));
      worker.on('exit', (code) => {
        if (code !== 0) this.finished(worker, new Error(`document worker exited with code ${code}`), null);
      });
      this.idle.push(worker);
    }
  }

  build(rows: unknown[]): Promise<BuiltBulk> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.running.keys()];
    this.idle = [];
    await Promise.all(all.map((w) => w.terminate()));
  }

  private dispatch() {
    while (this.idle.length && this.waiting.length) {
      const worker = this.idle.pop()!;
      const task = this.waiting.shift()!;
      this.running.set(worker, task);
      worker.postMessage(task.rows);
    }
  }

  private finished(worker: Worker, err: Error | null, built: BuiltBulk | null) {
    const task = this.running.get(worker);
    this.running.delete(worker);
    if (err) {
      // a failed worker fails its task and every later one: the rebuild stops and deletes its index
      this.failure = err;
      task?.reject(err);
      for (const t of this.waiting.splice(0)) t.reject(err);
      return;
    }
    this.idle.push(worker);
    task?.resolve(built!);
    this.dispatch();
  }
}

/** The worker side (WORKER_ENTRY calls this once TypeScript loading is registered). */
export function runDocumentWorker(): void {
  const { module, exportName, omitFields } = workerData as DocumentSource & { omitFields: string[] };
  const family = require(module)[exportName] as { toDocument: ToDocument };
  if (!family?.toDocument) throw new Error(`${module} has no export ${exportName} with toDocument`);
  parentPort!.on('message', (rows: Array<{ id: number | string }>) => {
    const built = bulkBodyOf(family.toDocument, rows, omitFields);
    parentPort!.postMessage(built, [built.body.buffer as ArrayBuffer]); // moved, not copied
  });
}

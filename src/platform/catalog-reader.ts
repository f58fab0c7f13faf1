// Generic catalog ingest shared by songs and products: CSV / JSON / NDJSON records with their source line,
// validation into rows, batched upserts, bad rows reported with line and reason, progress and a summary.
import fs from 'node:fs';
import path from 'node:path';

export interface SourceRecord { line: number; fields: Record<string, unknown> }

/** RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF, UTF-8 BOM); the first row names the columns. */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  let header: string[] | null = null;
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let first = true;
  const finishRow = function* (): Generator<SourceRecord> {
    row.push(field);
    field = '';
    const cells = row;
    row = [];
    if (cells.length === 1 && cells[0].trim() === '') return; // blank line
    if (!header) { header = cells.map((h) => h.trim()); return; }
    const fields: Record<string, unknown> = {};
    header.forEach((h, i) => { fields[h] = cells[i] ?? ''; });
    if (cells.length > header.length) fields.__extra = cells.slice(header.length);
    yield { line: rowLine, fields };
  };
  for await (const chunk of chunks) {
    let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (first) { text = text.replace(/^\uFEFF/, ''); first = false; }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') { field += '"'; i++; } else { quoted = false; afterQuote = true; }
        } else {
          if (ch === '\n') line++;
          field += ch;
        }
        continue;
      }
      if (ch === '"' && field === '' && !afterQuote) { quoted = true; continue; }
      if (ch === '"' && afterQuote) { field += '"'; quoted = true; afterQuote = false; continue; } // "" split across chunks
      afterQuote = false;
      if (ch === ',') { row.push(field); field = ''; continue; }
      if (ch === '\r') continue;
      if (ch === '\n') { yield* finishRow(); line++; rowLine = line; continue; }
      field += ch;
    }
  }
  if (quoted) throw new Error(`unterminated quoted field starting on line ${rowLine}`);
  if (field !== '' || row.length) yield* finishRow();
}

/** A JSON array of objects, or NDJSON (one object per line). Array records report their position as the line. */
export async function* readJsonRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  let text = '';
  for await (const c of chunks) text += typeof c === 'string' ? c : c.toString('utf8');
  text = text.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('[')) {
    const items = JSON.parse(text) as unknown[];
    if (!Array.isArray(items)) throw new Error('a JSON catalog must be an array of objects');
    // line of each top-level object: find where each one starts
    const starts = topLevelObjectLines(text);
    for (let i = 0; i < items.length; i++) yield { line: starts[i] ?? i + 1, fields: isObject(items[i]) ? items[i] as Record<string, unknown> : { __invalid: items[i] } };
    return;
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    let value: unknown;
    try { value = JSON.parse(l); } catch (err) { yield { line: i + 1, fields: { __invalid: `not valid JSON: ${(err as Error).message}` } }; continue; }
    yield { line: i + 1, fields: isObject(value) ? value as Record<string, unknown> : { __invalid: 'not a JSON object' } };
  }
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

function topLevelObjectLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) { if (ch === '\\') i++; else if (ch === '"') inString = false; continue; }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') { if (depth === 1 && ch === '{') out.push(line); depth++; }
    else if (ch === ']' || ch === '}') depth--;
  }
  return out;
}

/** Records from a .csv, .json, .ndjson or .jsonl file. */
export function readCatalogFile(file: string): AsyncGenerator<SourceRecord> {
  const ext = path.extname(file).toLowerCase();
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  if (ext === '.csv') return readCsvRecords(stream);
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return readJsonRecords(stream);
  stream.destroy();
  throw new Error(`unsupported catalog file type "${ext}" (use .csv, .json, .ndjson or .jsonl)`);
}

export interface RejectedRecord { line: number; reason: string }
export interface IngestSummary { source: string; read: number; inserted: number; updated: number; unchanged: number; rejected: number; errors: RejectedRecord[]; ms: number }
export type Validated<Row> = { row: Row; key: string } | { reason: string };

export interface IngestOptions<Row> {
  source: string;
  /** a row and its natural key, or the reason the record is refused */
  validate(fields: Record<string, unknown>): Validated<Row>;
  /** writes a batch (each natural key at most once); says how many were inserted and updated */
  upsert(rows: Row[]): Promise<{ inserted: number; updated: number }>;
  batchSize?: number;
  onProgress?: (p: { read: number; elapsedMs: number }) => void;
  /** errors kept in the summary (all are counted) */
  maxErrors?: number;
}

export async function ingestRecords<Row>(records: AsyncIterable<SourceRecord>, opts: IngestOptions<Row>): Promise<IngestSummary> {
  const started = Date.now();
  const summary: IngestSummary = { source: opts.source, read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], ms: 0 };
  const reject = (line: number, reason: string) => { summary.rejected++; if (summary.errors.length < (opts.maxErrors ?? 1000)) summary.errors.push({ line, reason }); };
  const firstLineOf = new Map<string, number>();
  const batchSize = opts.batchSize ?? 500;
  let batch: Row[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const r = await opts.upsert(batch);
    summary.inserted += r.inserted;
    summary.updated += r.updated;
    summary.unchanged += batch.length - r.inserted - r.updated;
    batch = [];
    opts.onProgress?.({ read: summary.read, elapsedMs: Date.now() - started });
  };
  for await (const rec of records) {
    summary.read++;
    if ('__invalid' in rec.fields) { reject(rec.line, String(rec.fields.__invalid)); continue; }
    if ('__extra' in rec.fields) { reject(rec.line, 'more cells than header columns'); continue; }
    const v = opts.validate(rec.fields);
    if ('reason' in v) { reject(rec.line, v.reason); continue; }
    const seen = firstLineOf.get(v.key);
    if (seen !== undefined) { reject(rec.line, `duplicate of line ${seen} (same ${v.key.split(':')[0]})`); continue; }
    firstLineOf.set(v.key, rec.line);
    batch.push(v.row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  summary.ms = Date.now() - started;
  return summary;
}

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

/**
 * A JSON array of objects, or NDJSON (one object per line), read as a stream: only one record is held at a time.
 * Array records report the line their object starts on.
 */
export async function* readJsonRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  let mode: 'unknown' | 'array' | 'ndjson' = 'unknown';
  let first = true;
  // NDJSON state
  let pending = '';
  let line = 0;
  // array state: a scanner over the top-level array, collecting one object's text at a time
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  let currentLine = 0;
  let arrayLine = 1;
  let closed = false;
  let scalar: number | null = null; // line of a non-object top-level item being skipped
  const ndjsonRecord = (raw: string, at: number): SourceRecord | undefined => {
    const l = raw.trim();
    if (!l) return undefined;
    let value: unknown;
    try { value = JSON.parse(l); } catch (err) { return { line: at, fields: { __invalid: `not valid JSON: ${(err as Error).message}` } }; }
    return { line: at, fields: isObject(value) ? value as Record<string, unknown> : { __invalid: 'not a JSON object' } };
  };
  for await (const c of chunks) {
    let text = typeof c === 'string' ? c : c.toString('utf8');
    if (first) { text = text.replace(/^\uFEFF/, ''); if (text) first = false; else continue; }
    if (mode === 'unknown') {
      const lead = text.trimStart();
      if (!lead) { pending += text; continue; }
      mode = lead.startsWith('[') ? 'array' : 'ndjson';
      text = pending + text;
      pending = '';
    }
    if (mode === 'ndjson') {
      pending += text;
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
        line++;
        const rec = ndjsonRecord(pending.slice(from, nl), line);
        if (rec) yield rec;
        from = nl + 1;
      }
      pending = pending.slice(from);
      continue;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\n') arrayLine++;
      if (depth >= 2 || scalar !== null) current += ch;
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (scalar !== null && depth === 1 && (ch === ',' || ch === ']')) {
        // a top-level item that is not an object (a string, number, ...): reported, not parsed
        yield { line: scalar, fields: { __invalid: 'not a JSON object' } };
        scalar = null;
        current = '';
      }
      if (ch === '"') { inString = true; if (depth === 1 && scalar === null) { scalar = arrayLine; current = ch; } continue; }
      if (ch === '[' || ch === '{') {
        if (closed) throw new Error(`unexpected content after the JSON array on line ${arrayLine}`);
        depth++;
        if (depth === 2 && scalar === null) { current = ch; currentLine = arrayLine; }
      } else if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 1 && scalar === null) {
          let value: unknown;
          try { value = JSON.parse(current); } catch (err) { throw new Error(`invalid JSON in the array item starting on line ${currentLine}: ${(err as Error).message}`); }
          yield { line: currentLine, fields: isObject(value) ? value as Record<string, unknown> : { __invalid: 'not a JSON object' } };
          current = '';
        } else if (depth === 0) closed = true;
      } else if (depth === 1 && scalar === null && !/[\s,]/.test(ch)) {
        scalar = arrayLine;
        current = ch;
      } else if (depth === 0 && !/\s/.test(ch)) {
        throw new Error(`a JSON catalog must be an array of objects (unexpected "${ch}" on line ${arrayLine})`);
      }
    }
  }
  if (mode === 'ndjson' && pending.trim()) { const rec = ndjsonRecord(pending, line + 1); if (rec) yield rec; }
  if (mode === 'array' && !closed) throw new Error('the JSON array is not closed (truncated file?)');
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

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

// Generic catalog ingest shared by songs and products: CSV (csv-parse) / JSON / NDJSON records with their source line,
// validation into rows, batched upserts, bad rows reported with line and reason, progress and a summary.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';

export interface SourceRecord { line: number; fields: Record<string, unknown> }

/** RFC 4180 CSV on csv-parse (quoted fields, "" escapes, CRLF or LF, UTF-8 BOM); the first row names the columns. */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  const parser = Readable.from(chunks).pipe(parse({
    bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'],
  }));
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length === 1 && record[0].trim() === '') continue; // a line of blanks
      if (!header) { header = record.map((h) => h.trim()); continue; }
      // csv-parse counts lines to the end of the record; a record spanning lines starts earlier by its embedded newlines
      const embedded = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      const fields: Record<string, unknown> = {};
      header.forEach((h, k) => { fields[h] = record[k] ?? ''; });
      if (record.length > header.length) fields.__extra = record.slice(header.length);
      yield { line: info.lines - embedded, fields };
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number; message: string };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new Error(`unterminated quoted field starting on line ${e.lines}`);
    throw err;
  }
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

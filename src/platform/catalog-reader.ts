// Generic catalog ingest shared by songs and products: CSV (csv-parse) / JSON arrays (stream-json) / NDJSON records
// with their source line, validation into rows, batched upserts, bad rows reported with line and reason, progress and a summary.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { parser, type Token } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';

export interface SourceRecord {
  line: number;
  fields: Record<string, unknown>;
}

/** RFC 4180 CSV on csv-parse (quoted fields, "" escapes, CRLF or LF, UTF-8 BOM); the first row names the columns. */
export async function* readCsvRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  const parser = Readable.from(chunks).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
    }),
  );
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length === 1 && record[0].trim() === '') continue; // a line of blanks
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      // csv-parse counts lines to the end of the record; a record spanning lines starts earlier by its embedded newlines
      const embedded = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      const fields: Record<string, unknown> = {};
      header.forEach((h, k) => {
        fields[h] = record[k] ?? '';
      });
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
 * Array records report the line their item starts on; NDJSON records their line. The kind is told by the first
 * character that is not white space ("[" is an array).
 */
export async function* readJsonRecords(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head = '';
  for (let r = await iterator.next(); ; r = await iterator.next()) {
    if (r.done) break;
    head += typeof r.value === 'string' ? r.value : r.value.toString('utf8');
    if (head.replace(/^\uFEFF/, '').trimStart()) break;
  }
  head = head.replace(/^\uFEFF/, '');
  const rest = (async function* () {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
  })();
  if (head.trimStart().startsWith('[')) yield* readJsonArray(rest);
  else yield* readNdjson(rest);
}

/** NDJSON through node:readline (LF or CRLF): a bad line is reported as a record and reading goes on. */
async function* readNdjson(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  let line = 0;
  for await (const text of readline.createInterface({ input: Readable.from(chunks), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, fields: { __invalid: `not valid JSON: ${(err as Error).message}` } };
      continue;
    }
    yield { line, fields: isObject(value) ? (value as Record<string, unknown>) : { __invalid: 'not a JSON object' } };
  }
}

/** stream-json's end-of-input marker (stream-chain's `none`, a registered symbol). */
const END_OF_INPUT = Symbol.for('object-stream.none');
// with streamValues off the parser sends whole keys, strings and numbers only: an item starts with one of these
const VALUE_STARTS = new Set([
  'startObject',
  'startArray',
  'stringValue',
  'numberValue',
  'nullValue',
  'trueValue',
  'falseValue',
]);

/**
 * A JSON array on stream-json's tokenizer and Assembler. The text is fed to the parser a line at a time, so every
 * token is known to come from the line being fed: an item's record carries the line of its first token, and a
 * syntax error names the line it was found on.
 */
async function* readJsonArray(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<SourceRecord> {
  const tokens = parser({ streamValues: false });
  let assembler: Assembler | undefined;
  let itemLine = 0;
  let depth = 0; // 1 inside the top-level array
  let line = 1;
  let closed = false;
  const feed = async function* (piece: string | typeof END_OF_INPUT): AsyncGenerator<SourceRecord> {
    try {
      for await (const token of tokens(piece as string) as AsyncIterable<Token>) {
        if (closed) throw new Error('unexpected content after the JSON array');
        if (depth === 0) {
          if (token.name !== 'startArray') throw new Error('a JSON catalog must be an array of objects');
          depth = 1;
          continue;
        }
        if (depth === 1 && !assembler) {
          if (token.name === 'endArray') {
            closed = true;
            continue;
          }
          if (!VALUE_STARTS.has(token.name)) continue;
          assembler = new Assembler();
          itemLine = line;
        }
        assembler!.consume(token);
        if (assembler!.done) {
          const value = assembler!.current;
          assembler = undefined;
          yield {
            line: itemLine,
            fields: isObject(value) ? (value as Record<string, unknown>) : { __invalid: 'not a JSON object' },
          };
        }
      }
    } catch (err) {
      if (piece === END_OF_INPUT && !closed) throw new Error('the JSON array is not closed (truncated file?)');
      throw new Error(`invalid JSON on line ${line}: ${(err as Error).message}`);
    }
  };
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      yield* feed(text.slice(from, nl + 1));
      line++;
      from = nl + 1;
    }
    if (from < text.length) yield* feed(text.slice(from));
  }
  yield* feed(END_OF_INPUT);
  if (!closed) throw new Error('the JSON array is not closed (truncated file?)');
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

export interface RejectedRecord {
  line: number;
  reason: string;
}
export interface IngestSummary {
  source: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RejectedRecord[];
  ms: number;
}
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

export async function ingestRecords<Row>(
  records: AsyncIterable<SourceRecord>,
  opts: IngestOptions<Row>,
): Promise<IngestSummary> {
  const started = Date.now();
  const summary: IngestSummary = {
    source: opts.source,
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: [],
    ms: 0,
  };
  const reject = (line: number, reason: string) => {
    summary.rejected++;
    if (summary.errors.length < (opts.maxErrors ?? 1000)) summary.errors.push({ line, reason });
  };
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
    if ('__invalid' in rec.fields) {
      reject(rec.line, String(rec.fields.__invalid));
      continue;
    }
    if ('__extra' in rec.fields) {
      reject(rec.line, 'more cells than header columns');
      continue;
    }
    const v = opts.validate(rec.fields);
    if ('reason' in v) {
      reject(rec.line, v.reason);
      continue;
    }
    const seen = firstLineOf.get(v.key);
    if (seen !== undefined) {
      reject(rec.line, `duplicate of line ${seen} (same ${v.key.split(':')[0]})`);
      continue;
    }
    firstLineOf.set(v.key, rec.line);
    batch.push(v.row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  summary.ms = Date.now() - started;
  return summary;
}

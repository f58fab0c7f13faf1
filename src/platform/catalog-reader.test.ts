import { ingestRecords, readCsvRecords, readJsonRecords, type SourceRecord } from './catalog-reader';

async function all(gen: AsyncGenerator<SourceRecord>) {
  const out: SourceRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}
async function* chunks(...parts: string[]) {
  for (const p of parts) yield p;
}

describe('readCsvRecords', () => {
  test("maps cells to header names and reports each record's line", async () => {
    const recs = await all(readCsvRecords(chunks('\uFEFFname,brand\n삼다수,제주\n\n백산수,농심\n')));
    expect(recs).toEqual([
      { line: 2, fields: { name: '삼다수', brand: '제주' } },
      { line: 4, fields: { name: '백산수', brand: '농심' } },
    ]);
  });

  test('handles quotes, escaped quotes, commas and newlines inside fields, CRLF, and chunk boundaries', async () => {
    const recs = await all(readCsvRecords(chunks('a,b\r\n"x, ""y""","multi\nline"\r\nz,', 'w\r\n')));
    expect(recs).toEqual([
      { line: 2, fields: { a: 'x, "y"', b: 'multi\nline' } },
      { line: 4, fields: { a: 'z', b: 'w' } },
    ]);
  });

  test('an unterminated quote is an error naming the line', async () => {
    await expect(all(readCsvRecords(chunks('a\n"oops\n')))).rejects.toThrow(/line 2/);
  });
});

describe('readJsonRecords', () => {
  test('JSON arrays report the line each object starts on', async () => {
    const recs = await all(readJsonRecords(chunks('[\n  {"a": 1},\n  {"a": "}{"}\n]')));
    expect(recs).toEqual([
      { line: 2, fields: { a: 1 } },
      { line: 3, fields: { a: '}{' } },
    ]);
  });

  test('NDJSON reports bad lines without stopping', async () => {
    const recs = await all(readJsonRecords(chunks('{"a":1}\nnot json\n[1]\n{"a":2}\n')));
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(recs[1].fields.__invalid).toMatch(/not valid JSON/);
    expect(recs[2].fields.__invalid).toBe('not a JSON object');
  });
});

describe('ingestRecords', () => {
  test('validates, refuses duplicates and bad rows with line and reason, upserts in batches, summarises', async () => {
    const batches: string[][] = [];
    const progress: number[] = [];
    const summary = await ingestRecords<string>(readCsvRecords(chunks('name,n\na,1\nb,x\na,2\nc,3\nd,4,extra\n')), {
      source: 'test.csv',
      batchSize: 1,
      validate: (f) =>
        /^\d+$/.test(String(f.n)) ? { row: String(f.name), key: `name:${f.name}` } : { reason: 'n must be a number' },
      upsert: async (rows) => {
        batches.push(rows);
        return { inserted: rows[0] === 'a' ? 1 : 0, updated: rows[0] === 'c' ? 1 : 0 };
      },
      onProgress: (p) => progress.push(p.read),
    });
    expect(batches).toEqual([['a'], ['c']]);
    expect(progress.length).toBe(2);
    expect(summary).toMatchObject({ source: 'test.csv', read: 5, inserted: 1, updated: 1, unchanged: 0, rejected: 3 });
    expect(summary.errors).toEqual([
      { line: 3, reason: 'n must be a number' },
      { line: 4, reason: 'duplicate of line 2 (same name)' },
      { line: 6, reason: 'more cells than header columns' },
    ]);
  });
});

describe('readJsonRecords streaming', () => {
  test('array items split across chunks, strings holding brackets, and non-object items', async () => {
    const recs = await all(
      readJsonRecords(chunks('\uFEFF[\n {"a": "x]', '}{\\"", "b": [1,\n2]},\n "s",\n 3,\n {"a": 2}\n]\n')),
    );
    expect(recs).toEqual([
      { line: 2, fields: { a: 'x]}{"', b: [1, 2] } },
      { line: 4, fields: { __invalid: 'not a JSON object' } },
      { line: 5, fields: { __invalid: 'not a JSON object' } },
      { line: 6, fields: { a: 2 } },
    ]);
  });

  test('NDJSON lines split across chunks, without a final newline', async () => {
    const recs = await all(readJsonRecords(chunks('{"a":', '1}\n\n{"a"', ':2}')));
    expect(recs).toEqual([
      { line: 1, fields: { a: 1 } },
      { line: 3, fields: { a: 2 } },
    ]);
  });

  test('a truncated array is an error', async () => {
    await expect(all(readJsonRecords(chunks('[{"a":1},', '{"a":')))).rejects.toThrow(/not closed/);
  });

  test('a syntax error, content after the array, or a top-level object are errors naming what and where', async () => {
    await expect(all(readJsonRecords(chunks('[\n{"a":1},\n{"a" 2}\n]')))).rejects.toThrow(/invalid JSON on line 3/);
    await expect(all(readJsonRecords(chunks('[{"a":1}]\n\n[2]')))).rejects.toThrow(/line 3/);
    expect(await all(readJsonRecords(chunks('{"a":1}')))).toEqual([{ line: 1, fields: { a: 1 } }]); // one line of NDJSON
  });
});

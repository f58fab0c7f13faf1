// Search-log documents Elasticsearch refuses with a per-item 429 (its write queue is full) are sent again, not
// counted as rejected and dropped. An overloaded Elasticsearch is hard to provoke on demand, so a local HTTP server
// stands in for its _bulk endpoint and answers as an overloaded node does (HTTP 200, "errors": true, status 429 and
// es_rejected_execution_exception on some items); the search_log rows still go to the real Postgres.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDeps, closeDeps } from '../support';
import { loadConfig } from '../../src/platform/config';
import { createEsClient } from '../../src/platform/elasticsearch';
import { createSearchLogWriter, OVERLOADED_RETRIES, splitBulkAnswer, type SearchLogEntry } from '../../src/searchlogs/writer';

const deps = testDeps();
afterAll(() => closeDeps(deps));

/** Answers _bulk from a script: for the n-th bulk request, which of its items (by position) are refused with 429. */
function overloadedBulkServer(refusals: Array<(doc: { query: string }) => boolean>) {
  const bulks: Array<Array<{ query: string }>> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-elastic-product', 'Elasticsearch');
      if (!req.url?.startsWith('/_bulk')) { res.end(JSON.stringify({ acknowledged: true })); return; } // the index template
      const lines = body.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const docs = lines.filter((_, i) => i % 2 === 1) as Array<{ query: string }>;
      const refuse = refusals[bulks.length] ?? (() => false);
      bulks.push(docs);
      const items = docs.map((doc) => (refuse(doc)
        ? { create: { _index: 'norae_search_logs', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' } } }
        : { create: { _index: 'norae_search_logs', _id: Math.random().toString(36).slice(2), status: 201, result: 'created' } }));
      res.end(JSON.stringify({ took: 1, errors: items.some((i) => i.create.status !== 201), items }));
    });
  });
  return { server, bulks };
}

async function writerAgainst(refusals: Array<(doc: { query: string }) => boolean>) {
  const fake = overloadedBulkServer(refusals);
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  const es = createEsClient(loadConfig({ ...process.env, ES_URL: url }));
  const writer = createSearchLogWriter({ pg: deps.pg, es, config: deps.config, logger: deps.logger });
  return { ...fake, writer, close: async () => { await writer.close(); await es.close(); fake.server.close(); } };
}

const entry = (query: string): SearchLogEntry => ({ at: new Date(), scope: 'songs', query, normalizedQuery: query, resultCount: 1, tookMs: 3 });
const queries = (docs: Array<{ query: string }>) => docs.map((d) => d.query).sort();

test('items refused with 429 are sent again, alone, and counted as written once indexed', async () => {
  const run = `bulk429-${process.pid}-${Date.now()}`;
  const odd = (doc: { query: string }) => /[13]$/.test(doc.query);
  const es = await writerAgainst([odd]);
  try {
    for (let i = 0; i < 4; i++) es.writer.add(entry(`${run}-${i}`));
    await es.writer.flush();
    expect(es.bulks.map(queries)).toEqual([[`${run}-0`, `${run}-1`, `${run}-2`, `${run}-3`], [`${run}-1`, `${run}-3`]]);
    expect(es.writer.stats().elasticsearch).toMatchObject({ written: 4, rejected: 0, dropped: 0, pending: 0 });
    // the durable copy is untouched by Elasticsearch's state
    expect(Number((await deps.pg.query('SELECT count(*) AS n FROM search_log WHERE query LIKE $1', [`${run}-%`])).rows[0].n)).toBe(4);
  } finally {
    await es.close();
  }
});

test('still refused after the retries of one flush: kept for the next flush, not dropped; bad documents stay rejected', async () => {
  const run = `bulk429-long-${process.pid}-${Date.now()}`;
  const stubborn = (doc: { query: string }) => doc.query.endsWith('-0');
  // refused on the first write and on every retry of that flush; accepted on the next flush
  const es = await writerAgainst(Array.from({ length: OVERLOADED_RETRIES + 1 }, () => stubborn));
  try {
    es.writer.add(entry(`${run}-0`));
    es.writer.add(entry(`${run}-1`));
    await es.writer.flush();
    expect(es.bulks).toHaveLength(OVERLOADED_RETRIES + 1);
    expect(es.writer.stats().elasticsearch).toMatchObject({ written: 1, rejected: 0, dropped: 0, pending: 1 });
    await es.writer.flush();
    expect(queries(es.bulks[es.bulks.length - 1])).toEqual([`${run}-0`]);
    expect(es.writer.stats().elasticsearch).toMatchObject({ written: 2, rejected: 0, dropped: 0, pending: 0 });
  } finally {
    await es.close();
  }
});

test('splitBulkAnswer: 429 items are "for now", other item errors are for good, the rest indexed', () => {
  const answer = {
    took: 1, errors: true,
    items: [
      { create: { _index: 'i', _id: 'a', status: 201 } },
      { create: { _index: 'i', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
      { create: { _index: 'i', status: 400, error: { type: 'document_parsing_exception', reason: 'bad field' } } },
    ],
  };
  expect(splitBulkAnswer(['ok', 'busy', 'bad'], answer)).toEqual({ overloaded: ['busy'], refused: [{ item: 'bad', error: answer.items[2].create.error }] });
  expect(splitBulkAnswer(['ok'], { took: 1, errors: false, items: [{ create: { _index: 'i', _id: 'a', status: 201 } }] })).toEqual({ overloaded: [], refused: [] });
});

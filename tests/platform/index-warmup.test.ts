// The warm-up before an alias swap (issue 24), on the real stack: what it sends, to which index, and that the swap
// happens whatever the warm-up finds. No timings are asserted: only where the requests went and what is reported.
import type { estypes } from '@elastic/elasticsearch';
import { testDeps, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { aliasTargets, rebuildIndex, type IndexFamily } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { saveModel } from '../../src/recs/vectors';
import { buildVectorIndex, songVectorsAlias } from '../../src/recs/vector-index';
import { songVectorsWarmup } from '../../src/recs/vector-warmup';
import { createRng } from '../../src/platform/prng';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../../src/songs/ingest';

// a time limit the shared test machine reaches even when noise keeps the two indices' p95 apart
const deps = testDeps({ INDEX_WARMUP_MS: '8000', INDEX_WARMUP_TOLERANCE: '1.25' });
jest.setTimeout(90_000);
const others: Deps[] = [];
const alias = indexName(deps.config, songsFamily.name);
const VERSIONS = ['warmup-test-a', 'warmup-test-b'];

/** A pass-through spy on the real client: every search's index and body, and when the alias moved. */
function watch(d: Deps) {
  const search = jest.spyOn(d.es, 'search');
  const swap = jest.spyOn(d.es.indices, 'updateAliases');
  return {
    /** searches sent before the last alias update, by index */
    beforeSwap(index: string): estypes.SearchRequest[] {
      const swappedAt = Math.max(...swap.mock.invocationCallOrder);
      return search.mock.calls.flatMap((c, i) => {
        const req = c[0] as estypes.SearchRequest;
        return req.index === index && search.mock.invocationCallOrder[i] < swappedAt ? [req] : [];
      });
    },
    searchesOf: (index: string) =>
      search.mock.calls.filter((c) => (c[0] as estypes.SearchRequest).index === index).length,
    restore() {
      search.mockRestore();
      swap.mockRestore();
    },
  };
}

async function dropSongIndices(): Promise<void> {
  const found = Object.keys(
    await deps.es.indices.get({ index: `${alias}-*`, allow_no_indices: true, expand_wildcards: 'open' }),
  );
  for (const index of found) await deps.es.indices.delete({ index });
}

beforeAll(async () => {
  // the sample catalog, so the indices hold songs the replayed queries find
  if (Number((await deps.pg.query('SELECT count(*) FROM songs')).rows[0].count) === 0) {
    await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES, undefined, { fullMerge: true });
  }
  await deps.pg.query('DELETE FROM search_log');
  await deps.pg.query(
    `INSERT INTO search_log (searched_at, scope, query, normalized_query, result_count, took_ms) VALUES
       (now() - interval '1 hour', 'songs', '밤편지 아이유', '밤편지 아이유', 1, 5),
       (now() - interval '2 hours', 'songs', '밤편지 아이유', '밤편지 아이유', 1, 5),
       (now() - interval '3 hours', 'songs', '좋은 날', '좋은 날', 1, 5),
       (now() - interval '2 days', 'songs', '어제그제검색어', '어제그제검색어', 0, 5),
       (now() - interval '1 hour', 'products', '상품검색어', '상품검색어', 0, 5)`,
  );
});
afterAll(async () => {
  await deps.pg.query('DELETE FROM search_log');
  await deps.pg.query('DELETE FROM rec_models WHERE version = ANY($1)', [VERSIONS]);
  const vectors = Object.keys(
    await deps.es.indices.get({ index: `${songVectorsAlias(deps.config)}-*`, allow_no_indices: true }),
  );
  for (const index of vectors) await deps.es.indices.delete({ index });
  // later suites expect a songs alias as prepare.ts left it
  await rebuildIndex(deps, songsFamily);
  for (const d of others) await closeDeps(d);
  await closeDeps(deps);
});

test('a first build (no old index) warms the new index by name for one round, then swaps', async () => {
  await dropSongIndices();
  const spy = watch(deps);
  try {
    const summary = await rebuildIndex(deps, songsFamily);
    expect(summary.indexed).toBeGreaterThan(0);
    expect(summary.warmup).toMatchObject({ rounds: 1, stoppedBy: 'no_old_index', failed: 0, p95: { old: null } });
    expect(summary.warmup!.queries).toBeGreaterThan(0);
    const sent = spy.beforeSwap(summary.index);
    expect(sent.length).toBe(summary.warmup!.sent);
    expect(spy.searchesOf(alias)).toBe(0);
    expect(await aliasTargets(deps.es, alias)).toEqual([summary.index]);
  } finally {
    spy.restore();
  }
});

test("a rebuild replays the last day's logged song searches on the new and the old index by name before the swap", async () => {
  const [old] = await aliasTargets(deps.es, alias);
  const spy = watch(deps);
  try {
    const summary = await rebuildIndex(deps, songsFamily);
    const warmup = summary.warmup!;
    expect(warmup.rounds).toBeGreaterThanOrEqual(1);
    expect(['matched', 'time_limit']).toContain(warmup.stoppedBy);
    expect(warmup.queries).toBeGreaterThan(0);
    expect(warmup.p95.old).not.toBeNull();
    expect(warmup.p95.new).not.toBeNull();
    const toNew = spy.beforeSwap(summary.index);
    expect(toNew.length).toBe(warmup.sent);
    expect(spy.beforeSwap(old).length).toBeGreaterThan(0);
    // by name only: nothing of the warm-up went through the alias (live traffic's way in)
    expect(spy.searchesOf(alias)).toBe(0);
    const bodies = toNew.map((r) => JSON.stringify(r));
    // the logged searches, as keystrokes (completion suggesters) and as full searches; not older ones, products or the fixed mix
    expect(bodies.some((b) => b.includes('밤편지') && b.includes('"suggest"'))).toBe(true);
    expect(bodies.some((b) => b.includes('아이유') && b.includes('"aggs"'))).toBe(true);
    expect(bodies.some((b) => b.includes('좋은'))).toBe(true);
    expect(bodies.some((b) => b.includes('어제그제') || b.includes('상품검색'))).toBe(false);
    expect(bodies.some((b) => b.includes('dkdldb'))).toBe(false);
    expect(await aliasTargets(deps.es, alias)).toEqual([summary.index]);
  } finally {
    spy.restore();
  }
});

test('with an empty search log the fixed mix of data/songs/warmup-queries.json is replayed', async () => {
  const saved = await deps.pg.query('DELETE FROM search_log RETURNING *');
  const spy = watch(deps);
  try {
    const summary = await rebuildIndex(deps, songsFamily);
    expect(summary.warmup!.queries).toBeGreaterThan(0);
    expect(spy.beforeSwap(summary.index).some((r) => JSON.stringify(r).includes('dkdldb'))).toBe(true);
  } finally {
    spy.restore();
    await deps.pg.query(
      `INSERT INTO search_log (searched_at, scope, query, normalized_query, result_count, took_ms)
       SELECT searched_at, scope, query, normalized_query, result_count, took_ms FROM jsonb_to_recordset($1::jsonb)
         AS r(searched_at timestamptz, scope text, query text, normalized_query text, result_count int, took_ms int)`,
      [JSON.stringify(saved.rows)],
    );
  }
});

test('INDEX_WARMUP_MS=0: no warm-up runs and the summary has none', async () => {
  const off = testDeps({ INDEX_WARMUP_MS: '0' });
  others.push(off);
  const spy = watch(off);
  try {
    const summary = await rebuildIndex(off, songsFamily);
    expect(summary.warmup).toBeUndefined();
    expect(spy.beforeSwap(summary.index)).toHaveLength(0);
    expect(await aliasTargets(off.es, alias)).toEqual([summary.index]);
  } finally {
    spy.restore();
  }
});

test('requests the new index rejects end the warm-up as failed, reported, and the alias still swaps', async () => {
  const rejected: IndexFamily<never> = {
    ...(songsFamily as unknown as IndexFamily<never>),
    documentSource: undefined,
    warmup: { requests: async () => [{ query: { no_such_query_type: {} } } as unknown as estypes.SearchRequest] },
  };
  const summary = await rebuildIndex(deps, rejected, undefined, { workers: 0 });
  expect(summary.warmup).toMatchObject({ stoppedBy: 'failed', rounds: 1, queries: 1 });
  expect(summary.warmup!.failed).toBeGreaterThan(0);
  expect(summary.warmup!.error).toMatch(/no_such_query_type|parsing|unknown/i);
  expect(await aliasTargets(deps.es, alias)).toEqual([summary.index]);
});

test('a profile that throws is reported as failed, and the alias still swaps', async () => {
  const broken: IndexFamily<never> = {
    ...(songsFamily as unknown as IndexFamily<never>),
    documentSource: undefined,
    warmup: {
      requests: async () => {
        throw new Error('search log unreadable');
      },
    },
  };
  const summary = await rebuildIndex(deps, broken, undefined, { workers: 0 });
  expect(summary.warmup).toMatchObject({ stoppedBy: 'failed', rounds: 0, error: 'search log unreadable' });
  expect(await aliasTargets(deps.es, alias)).toEqual([summary.index]);
});

test('a time limit shorter than the warm-up ends it as time_limit, and the alias still swaps', async () => {
  const hurried = testDeps({ INDEX_WARMUP_MS: '1' });
  others.push(hurried);
  const summary = await rebuildIndex(hurried, songsFamily);
  expect(summary.warmup!.stoppedBy).toBe('time_limit');
  expect(await aliasTargets(hurried.es, alias)).toEqual([summary.index]);
});

test("a vector index promotion warms the new model's index with kNN requests by name before the alias serves it", async () => {
  const { rows } = await deps.pg.query<{ id: string }>(
    'SELECT id FROM songs WHERE deleted_at IS NULL ORDER BY id LIMIT 60',
  );
  const ids = rows.map((r) => Number(r.id));
  const rng = createRng(24);
  for (const version of VERSIONS) {
    const vectors = Float32Array.from({ length: ids.length * 32 }, () => rng.next() - 0.5);
    await saveModel(
      deps.pg,
      { version, params: {}, metrics: {}, stats: {} },
      { dims: 32, ids, vectors, counts: ids.map(() => 3) },
    );
  }
  // another suite may have left a promoted vector index: then the first build has an old index to match
  const hadOld = (await aliasTargets(deps.es, songVectorsAlias(deps.config))).length > 0;
  const first = await buildVectorIndex(deps, VERSIONS[0], undefined, undefined, songVectorsWarmup);
  expect(first.indexed).toBeGreaterThan(0);
  if (hadOld) expect(['matched', 'time_limit']).toContain(first.warmup!.stoppedBy);
  else expect(first.warmup).toMatchObject({ stoppedBy: 'no_old_index', rounds: 1, failed: 0 });
  expect(first.warmup!.failed).toBe(0);
  const spy = watch(deps);
  try {
    const second = await buildVectorIndex(deps, VERSIONS[1], undefined, undefined, songVectorsWarmup);
    expect(['matched', 'time_limit']).toContain(second.warmup!.stoppedBy);
    expect(second.warmup!.failed).toBe(0);
    const toNew = spy.beforeSwap(second.index);
    expect(toNew.some((r) => r.knn)).toBe(true);
    expect(spy.beforeSwap(first.index).some((r) => r.knn)).toBe(true);
    expect(spy.searchesOf(songVectorsAlias(deps.config))).toBe(0);
    expect(await aliasTargets(deps.es, songVectorsAlias(deps.config))).toEqual([second.index]);
  } finally {
    spy.restore();
  }
});

import { redisReady, testDeps, closeDeps } from '../support';
import { recordSearch } from '../../src/events/record-search';
import { dailyIndexName, deleteExpiredSearchLogs, searchLogsPattern } from '../../src/searchlogs/indices';
import { deleteIndicesWithPrefix } from '../../src/platform/index-admin';
import { readJson } from '../../src/platform/index-admin';

describe('search logs in daily Elasticsearch indices', () => {
  const deps = testDeps({ SEARCH_LOG_RETENTION_DAYS: '7' });
  const prefix = `${deps.config.esIndexPrefix}search-logs-`;

  beforeAll(async () => {
    await redisReady(deps.redis);
    await deleteIndicesWithPrefix(deps.es, prefix).catch(() => 0);
  });
  afterAll(() => closeDeps(deps));

  test('searches land in the index of their UTC day with the mapped fields', async () => {
    const day1 = new Date('2025-06-01T10:00:00Z');
    const day2 = new Date('2025-06-02T10:00:00Z');
    await recordSearch(
      deps,
      { userId: 5, gender: 'female', ageBand: '20s', ip: '127.0.0.1' },
      { scope: 'songs', query: '너의 의미', resultCount: 4, tookMs: 12.4 },
      day1,
    );
    await recordSearch(
      deps,
      { ip: '127.0.0.1' },
      { scope: 'products', query: '없는상품', resultCount: 0, tookMs: 3 },
      day2,
    );
    await deps.writers.searchLogs.flush();
    await deps.es.indices.refresh({ index: searchLogsPattern(deps.config) });
    const hits1 = await deps.es.search({ index: dailyIndexName(deps.config, day1) });
    expect(hits1.hits.hits.map((h) => h._source)).toEqual([
      {
        timestamp: '2025-06-01T10:00:00.000Z',
        scope: 'songs',
        query: '너의 의미',
        normalized_query: '너의의미',
        result_count: 4,
        took_ms: 12,
        gender: 'female',
        age_band: '20s',
        user_id: '5',
        zero_result: false,
      },
    ]);
    const hits2 = await deps.es.search({
      index: dailyIndexName(deps.config, day2),
      query: { term: { zero_result: true } },
    });
    expect(hits2.hits.hits).toHaveLength(1);
  });

  test('the daily indices get exactly the mapping in mappings/search-logs.json', async () => {
    const mapping = await deps.es.indices.getMapping({
      index: dailyIndexName(deps.config, new Date('2025-06-01T00:00:00Z')),
    });
    const actual = Object.values(mapping)[0].mappings.properties;
    const expected = readJson<{ mappings: { properties: Record<string, unknown> } }>('mappings/search-logs.json')
      .mappings.properties;
    expect(Object.keys(actual ?? {}).sort()).toEqual(Object.keys(expected).sort());
  });

  test('retention deletes daily indices older than searchLogRetentionDays and keeps the rest', async () => {
    const now = new Date('2025-06-20T12:00:00Z');
    await recordSearch(
      deps,
      { ip: '127.0.0.1' },
      { scope: 'songs', query: '최근', resultCount: 1, tookMs: 1 },
      new Date('2025-06-13T01:00:00Z'),
    );
    await deps.writers.searchLogs.flush();
    const r = await deleteExpiredSearchLogs(deps, now);
    expect(r.deleted).toEqual([`${prefix}2025.06.01`, `${prefix}2025.06.02`]);
    const left = Object.keys(await deps.es.indices.get({ index: searchLogsPattern(deps.config) }));
    expect(left).toEqual([`${prefix}2025.06.13`]);
  });

  test('a search_log row Postgres refuses (NUL byte) is set aside; the others in its batch are written to both logs', async () => {
    const before = deps.writers.stats().searchLogs;
    const at = new Date('2025-06-13T02:00:00Z');
    for (const query of ['nul-a', 'nul-\u0000b', 'nul-c']) {
      deps.writers.searchLogs.add({ at, scope: 'songs', query, normalizedQuery: query, resultCount: 1, tookMs: 1 });
    }
    await deps.writers.searchLogs.flush();
    const { rows } = await deps.pg.query(`SELECT query FROM search_log WHERE query LIKE 'nul-%' ORDER BY query`);
    expect(rows).toEqual([{ query: 'nul-a' }, { query: 'nul-c' }]);
    const after = deps.writers.stats().searchLogs;
    expect(after.postgres.rejected - before.postgres.rejected).toBe(1);
    expect(after.postgres.written - before.postgres.written).toBe(2);
    expect(after.elasticsearch.written - before.elasticsearch.written).toBe(3);
  });
});

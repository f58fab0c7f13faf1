// recordSearch is the one place "a search happened" is written: trending, the search logs and the behaviour events.
import { testDeps, closeDeps, redisReady } from '../support';
import { recordSearch } from '../../src/events/record-search';
import type { Caller } from '../../src/core/caller';
import { readTrending } from '../../src/trending/store';
import { clearTrending } from '../trending/helpers';
import { issueSession } from '../../src/events/sessions';

const deps = testDeps({ TRENDING_MIN_USERS: '1' });
beforeAll(async () => {
  await redisReady(deps.redis);
  await clearTrending(deps.redis, deps.config.redisPrefix);
});
afterAll(() => closeDeps(deps));

const rows = async (sql: string, q: string) => (await deps.pg.query(sql, [q])).rows;

test('a song search is counted for trending and written once to search_log and once to events', async () => {
  const caller: Caller = { userId: 77, gender: 'female', ageBand: '30s', sessionId: 'sess-record-1', ip: '10.0.0.1' };
  const now = new Date();
  const hits = [{ id: 901, title: '기록 테스트', artist: '기록가수' }];
  expect(
    (await recordSearch(deps, caller, { scope: 'songs', query: '기록 테스트', resultCount: 2, tookMs: 4, hits }, now))
      .trending,
  ).toBe('counted');
  await deps.writers.flush();
  expect(await rows('SELECT user_id, gender, age_band, scope FROM search_log WHERE query = $1', '기록 테스트')).toEqual(
    [{ user_id: '77', gender: 'female', age_band: '30s', scope: 'songs' }],
  );
  expect(
    await rows(
      "SELECT user_id::int, session_id, actor FROM events WHERE kind = 'search' AND query = $1",
      '기록 테스트',
    ),
  ).toEqual([{ user_id: 77, session_id: 'sess-record-1', actor: 'u:77' }]);
  const trending = await readTrending(
    deps.redis,
    deps.config,
    { scope: 'songs', gender: 'female', ageBand: '30s' },
    now,
  );
  expect(trending.items.map((i) => i.query)).toContain('기록 테스트');
});

test('a product search goes to search_log with its scope and trending, not to the song behaviour events', async () => {
  await recordSearch(deps, { ip: '10.0.0.2' }, { scope: 'products', query: '기록 상품', resultCount: 1, tookMs: 2 });
  await deps.writers.flush();
  expect(await rows('SELECT scope FROM search_log WHERE query = $1', '기록 상품')).toEqual([{ scope: 'products' }]);
  expect(await rows('SELECT 1 FROM events WHERE query = $1', '기록 상품')).toEqual([]);
});

test('a search that found songs without naming one (words left unmatched) is logged but not counted for trending', async () => {
  const hits = [{ id: 902, title: '밤편지', artist: '아이유' }];
  const res = await recordSearch(
    deps,
    { userId: 78, ip: '10.0.0.3' },
    { scope: 'songs', query: '아이유 내가만든아무말', resultCount: 5, tookMs: 3, hits },
  );
  expect(res.trending).toBe('ignored');
  expect(
    (
      await recordSearch(
        deps,
        { userId: 78, ip: '10.0.0.3' },
        { scope: 'songs', query: '아이유 밤편지', resultCount: 5, tookMs: 3, hits },
      )
    ).trending,
  ).toBe('counted');
  await deps.writers.flush();
  // other suites search the same text: only this user's row is this test's
  expect(
    await rows(
      "SELECT count(*)::int AS n FROM search_log WHERE query = $1 AND user_id = '78'",
      '아이유 내가만든아무말',
    ),
  ).toEqual([{ n: 1 }]);
});

test('an anonymous search event counts for its session only when this server issued it', async () => {
  const issued = await issueSession(deps, '10.0.0.4');
  await recordSearch(
    deps,
    { ip: '10.0.0.4', sessionId: issued.id },
    { scope: 'songs', query: '세션 검색 1', resultCount: 0, tookMs: 1 },
  );
  await recordSearch(
    deps,
    { ip: '10.0.0.4', sessionId: 'made-up-session-1' },
    { scope: 'songs', query: '세션 검색 2', resultCount: 0, tookMs: 1 },
  );
  await recordSearch(
    deps,
    { ip: '10.0.0.4', sessionId: 'ns_' + 'x'.repeat(32) },
    { scope: 'songs', query: '세션 검색 3', resultCount: 0, tookMs: 1 },
  );
  await deps.writers.flush();
  const actors = (
    await deps.pg.query(`SELECT query, actor, ip_subject FROM events WHERE query LIKE '세션 검색 %' ORDER BY query`)
  ).rows;
  expect(actors).toEqual([
    { query: '세션 검색 1', actor: `s:${issued.id}`, ip_subject: '10.0.0.4' },
    { query: '세션 검색 2', actor: null, ip_subject: null },
    { query: '세션 검색 3', actor: null, ip_subject: null }, // shaped like an issued id, but never issued
  ]);
});

// recordSearch is the one place "a search happened" is written: trending, the search logs and the behaviour events.
import { testDeps, closeDeps, redisReady } from '../support';
import { recordSearch } from '../../src/events/record-search';
import type { Caller } from '../../src/users/caller';
import { readTrending } from '../../src/trending/store';
import { clearTrending } from '../trending/helpers';

const deps = testDeps();
beforeAll(async () => { await redisReady(deps.redis); await clearTrending(deps.redis, deps.config.redisPrefix); });
afterAll(() => closeDeps(deps));

const rows = async (sql: string, q: string) => (await deps.pg.query(sql, [q])).rows;

test('a song search is counted for trending and written once to search_log and once to events', async () => {
  const caller: Caller = { userId: 77, gender: 'female', ageBand: '30s', sessionId: 'sess-record-1', ip: '10.0.0.1' };
  const now = new Date();
  expect((await recordSearch(deps, caller, { scope: 'songs', query: '기록 테스트', resultCount: 2, tookMs: 4 }, now)).trending).toBe('counted');
  await deps.writers.flush();
  expect(await rows('SELECT user_id, gender, age_band, scope FROM search_log WHERE query = $1', '기록 테스트'))
    .toEqual([{ user_id: '77', gender: 'female', age_band: '30s', scope: 'songs' }]);
  expect(await rows("SELECT user_id::int, session_id FROM events WHERE kind = 'search' AND query = $1", '기록 테스트'))
    .toEqual([{ user_id: 77, session_id: 'sess-record-1' }]);
  const trending = await readTrending(deps.redis, deps.config, { scope: 'songs', gender: 'female', ageBand: '30s' }, now);
  expect(trending.items.map((i) => i.query)).toContain('기록 테스트');
});

test('a product search goes to search_log with its scope and trending, not to the song behaviour events', async () => {
  await recordSearch(deps, { ip: '10.0.0.2' }, { scope: 'products', query: '기록 상품', resultCount: 1, tookMs: 2 });
  await deps.writers.flush();
  expect(await rows('SELECT scope FROM search_log WHERE query = $1', '기록 상품')).toEqual([{ scope: 'products' }]);
  expect(await rows("SELECT 1 FROM events WHERE query = $1", '기록 상품')).toEqual([]);
});

import { redisReady, testDeps, closeDeps } from '../support';
import { countSearch, readTrending, bucketTtlSeconds } from '../../src/trending/store';
import { recordSearch } from '../../src/events/record-search';
import { minuteOf } from '../../src/trending/scoring';
import { at, clearTrending } from './helpers';

describe('trending on real Redis', () => {
  // one signed-in user is enough here: the minimum is tested on its own below
  const deps = testDeps({
    TRENDING_WINDOW_MINUTES: '60',
    TRENDING_HALF_LIFE_MINUTES: '20',
    TRENDING_CACHE_SECONDS: '0',
    TRENDING_MIN_USERS: '1',
  });
  const { redis, config } = deps;
  let searcher = 0;
  const count = (query: string, minute: number, extra: Record<string, string> = {}) =>
    countSearch(redis, config, { scope: 'songs', query, userId: ++searcher, ...extra }, at(minute));
  const top = async (minute: number, opts: Record<string, string> = {}) =>
    (await readTrending(redis, config, { scope: 'songs', ...opts }, at(minute))).items;

  beforeAll(() => redisReady(redis));
  beforeEach(() => clearTrending(redis, config.redisPrefix));
  afterAll(async () => {
    await deps.writers.searchLogs.flush();
    await closeDeps(deps);
  });

  test('only searches inside the sliding window count', async () => {
    await count('오래된노래', -59); // the 60-minute window ending at minute 0 starts at -59
    await count('최근노래', -58);
    expect((await top(0)).map((i) => i.key)).toEqual(expect.arrayContaining(['오래된노래', '최근노래']));
    expect((await top(1)).map((i) => i.key)).toEqual(['최근노래']);
  });

  test('recent minutes weigh more: 3 searches now beat 5 searches 50 minutes ago', async () => {
    for (let i = 0; i < 5; i++) await count('옛날곡', -50);
    for (let i = 0; i < 3; i++) await count('요즘곡', 0);
    const items = await top(0);
    expect(items.map((i) => i.key)).toEqual(['요즘곡', '옛날곡']);
    expect(items[0].score).toBeCloseTo(3, 5);
    expect(items[1].score).toBeCloseTo(5 * Math.pow(0.5, 50 / 20), 3);
  });

  test('one user repeating a query counts once per window, again after the window', async () => {
    expect(await count('밤양갱', 0, { actor: 'u:1' })).toBe('counted');
    expect(await count('밤 양갱', 1, { actor: 'u:1' })).toBe('duplicate');
    expect(await count('밤양갱', 59, { actor: 'u:1' })).toBe('duplicate');
    expect(await count('밤양갱', 2, { actor: 'u:2' })).toBe('counted');
    expect((await top(2))[0].score).toBeCloseTo(Math.pow(0.5, 2 / 20) + 1, 2);
    expect(await count('밤양갱', 60, { actor: 'u:1' })).toBe('counted');
  });

  test('spacing and width variants count together and show the most common surface form', async () => {
    await count('너의 의미', 0);
    await count('너의 의미', 0);
    await count('너의의미', 0);
    await count('ＩＵ', 0);
    const items = await top(0);
    expect(items[0]).toMatchObject({ key: '너의의미', query: '너의 의미', score: 3 });
    expect(items[1]).toMatchObject({ key: 'iu', query: 'IU' });
  });

  test('entries are flagged up, down, new or same against the previous window', async () => {
    // previous window (minutes -119..-60): B > A > D
    for (let i = 0; i < 5; i++) await count('BBB', -70);
    for (let i = 0; i < 3; i++) await count('AAA', -70);
    await count('DDD', -70);
    // current window (minutes -59..0): A > B > D > C(new)
    for (let i = 0; i < 6; i++) await count('AAA', 0);
    for (let i = 0; i < 4; i++) await count('BBB', 0);
    for (let i = 0; i < 2; i++) await count('DDD', 0);
    await count('CCC', 0);
    const items = await top(0);
    expect(items.map((i) => [i.key, i.rank, i.movement, i.previous_rank])).toEqual([
      ['aaa', 1, 'up', 2],
      ['bbb', 2, 'down', 1],
      ['ddd', 3, 'same', 3],
      ['ccc', 4, 'new', null],
    ]);
  });

  test('at most `limit` entries, best first', async () => {
    for (let n = 1; n <= 12; n++) for (let i = 0; i < n; i++) await count(`곡${n}`, 0);
    const items = await top(0);
    expect(items).toHaveLength(10);
    expect(items[0].key).toBe('곡12');
    expect(items[9].key).toBe('곡3');
  });

  test('buckets and dedup markers carry a TTL so they expire on their own', async () => {
    await count('만료테스트', 0, { actor: 'u:9' });
    const minute = minuteOf(at(0));
    const bucketTtl = await redis.ttl(`trend:songs:all:${minute}`);
    expect(bucketTtl).toBeGreaterThan(bucketTtlSeconds(60) - 10);
    expect(bucketTtl).toBeLessThanOrEqual(bucketTtlSeconds(60));
    const seenTtl = await redis.ttl('trend:songs:seen:u:9:만료테스트');
    expect(seenTtl).toBeGreaterThan(0);
    expect(seenTtl).toBeLessThanOrEqual(61 * 60);
    expect(await redis.ttl('trend:songs:form:만료테스트')).toBeGreaterThan(0);
  });

  test('a search counts in its demographic buckets and the all bucket, not in others', async () => {
    await count('여성이십대곡', 0, { gender: 'female', ageBand: '20s' } as Record<string, string>);
    await count('남성곡', 0, { gender: 'male' });
    expect((await top(0)).map((i) => i.key).sort()).toEqual(['남성곡', '여성이십대곡']);
    expect((await top(0, { gender: 'female' })).map((i) => i.key)).toEqual(['여성이십대곡']);
    expect((await top(0, { ageBand: '20s' })).map((i) => i.key)).toEqual(['여성이십대곡']);
    expect((await top(0, { gender: 'female', ageBand: '20s' })).map((i) => i.key)).toEqual(['여성이십대곡']);
    expect(await top(0, { gender: 'male', ageBand: '20s' })).toEqual([]);
    expect((await top(0, { gender: 'male' })).map((i) => i.key)).toEqual(['남성곡']);
  });

  test('offensive queries are neither counted nor shown, even if already in a bucket', async () => {
    expect(await count('씨발 노래', 0)).toBe('ignored');
    await redis.zincrby(`trend:songs:all:${minuteOf(at(0))}`, 50, '개새끼');
    await count('좋은날', 0);
    expect((await top(0)).map((i) => i.key)).toEqual(['좋은날']);
  });

  test('scopes are counted separately', async () => {
    await countSearch(redis, config, { scope: 'products', query: '무라벨 생수', userId: 1 }, at(0));
    expect(await top(0)).toEqual([]);
    expect((await readTrending(redis, config, { scope: 'products' }, at(0))).items[0].query).toBe('무라벨 생수');
  });

  test('recordSearch counts hits, skips zero-result searches and appends every search to search_log', async () => {
    const before = Number((await deps.pg.query('SELECT count(*) FROM search_log')).rows[0].count);
    const hits = [{ id: 4242, title: '로그 테스트', artist: '기록가수' }];
    expect(
      (
        await recordSearch(
          deps,
          { userId: 42, gender: 'female', ageBand: '20s', ip: '127.0.0.1' },
          { scope: 'songs', query: '로그 테스트', resultCount: 3, tookMs: 12, hits },
          at(0),
        )
      ).trending,
    ).toBe('counted');
    expect(
      (
        await recordSearch(
          deps,
          { userId: 42, ip: '127.0.0.1' },
          { scope: 'songs', query: '로그테스트', resultCount: 3, tookMs: 9, hits },
          at(1),
        )
      ).trending,
    ).toBe('duplicate');
    expect(
      (
        await recordSearch(
          deps,
          { ip: '127.0.0.1' },
          { scope: 'songs', query: '없는노래xyz', resultCount: 0, tookMs: 5 },
          at(1),
        )
      ).trending,
    ).toBe('ignored');
    expect((await top(1, { gender: 'female', ageBand: '20s' })).map((i) => [i.key, i.query])).toEqual([
      ['song:4242', '로그 테스트'],
    ]);
    await deps.writers.searchLogs.flush();
    const rows = (
      await deps.pg.query(
        'SELECT query, normalized_query, user_id, gender, age_band, result_count FROM search_log ORDER BY id DESC LIMIT 3',
      )
    ).rows;
    expect(Number((await deps.pg.query('SELECT count(*) FROM search_log')).rows[0].count)).toBe(before + 3);
    expect(rows.reverse()).toEqual([
      {
        query: '로그 테스트',
        normalized_query: '로그테스트',
        user_id: '42',
        gender: 'female',
        age_band: '20s',
        result_count: 3,
      },
      {
        query: '로그테스트',
        normalized_query: '로그테스트',
        user_id: '42',
        gender: null,
        age_band: null,
        result_count: 3,
      },
      {
        query: '없는노래xyz',
        normalized_query: '없는노래xyz',
        user_id: null,
        gender: null,
        age_band: null,
        result_count: 0,
      },
    ]);
  });

  test('with a cache, a list is computed once per minute and shared until it expires', async () => {
    const cached = { ...config, trending: { ...config.trending, cacheSeconds: 30 } };
    await count('캐시곡', 0);
    const first = await readTrending(redis, cached, { scope: 'songs' }, at(0));
    await count('새곡', 0);
    await count('새곡', 0);
    const [again, parallel] = await Promise.all([
      readTrending(redis, cached, { scope: 'songs' }, at(0)),
      readTrending(redis, cached, { scope: 'songs' }, at(0)),
    ]);
    expect(again).toEqual(first);
    expect(parallel).toEqual(first);
    const ttl = await redis.ttl(`trend:cache:songs:all:10:${minuteOf(at(0))}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    expect((await readTrending(redis, cached, { scope: 'songs' }, at(1))).items[0].key).toBe('새곡');
  });
});

describe('a term is shown only once enough different signed-in users searched it', () => {
  const deps = testDeps({ TRENDING_WINDOW_MINUTES: '60', TRENDING_CACHE_SECONDS: '0', TRENDING_MIN_USERS: '3' });
  const { redis, config } = deps;
  const count = (minute: number, who: { userId?: number; actor?: string }, extra: Record<string, string> = {}) =>
    countSearch(redis, config, { scope: 'songs', query: '밤편지', key: 'song:7', ...who, ...extra }, at(minute));
  const top = async (minute: number, opts: Record<string, string> = {}) =>
    (await readTrending(redis, config, { scope: 'songs', ...opts }, at(minute))).items;

  beforeAll(() => redisReady(redis));
  beforeEach(() => clearTrending(redis, config.redisPrefix));
  afterAll(() => closeDeps(deps));

  test('anonymous addresses and one user repeating never make the minimum; the third user does', async () => {
    for (let i = 0; i < 50; i++) await count(0, { actor: `ip:10.0.${i}.1` });
    await count(0, { userId: 1, actor: 'u:1' });
    await count(1, { userId: 1, actor: 'u:1' });
    await count(1, { userId: 2, actor: 'u:2' });
    expect(await top(1)).toEqual([]);
    await count(2, { userId: 3, actor: 'u:3' });
    expect(await top(2)).toEqual([expect.objectContaining({ key: 'song:7', query: '밤편지', rank: 1 })]);
  });

  test('users count in the window only, and per segment', async () => {
    await count(-70, { userId: 1, actor: 'u:1' }, { gender: 'female' });
    await count(0, { userId: 2, actor: 'u:2' }, { gender: 'female' });
    await count(0, { userId: 3, actor: 'u:3' }, { gender: 'male' });
    expect(await top(0)).toEqual([]); // the first user's search left the window
    await count(0, { userId: 4, actor: 'u:4' }, { gender: 'male' });
    expect((await top(0)).map((i) => i.key)).toEqual(['song:7']);
    expect(await top(0, { gender: 'male' })).toEqual([]); // two of them are men
  });
});

import { redisReady, testDeps, closeDeps } from '../support';
import { documentedRequest as request } from '../api-contract';
import { trendingRoutes } from '../../src/trending/routes';
import { countSearch } from '../../src/trending/store';
import { appWith } from '../app-with';
import { clearTrending } from './helpers';

describe('GET /api/trending and /api/me/trending', () => {
  const deps = testDeps({ TRENDING_MIN_USERS: '1' }); // the minimum is tested in store.test.ts
  const app = appWith(deps, (a) => a.use(trendingRoutes(deps)));

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearTrending(deps.redis, deps.config.redisPrefix);
    const now = new Date();
    for (let i = 0; i < 3; i++)
      await countSearch(
        deps.redis,
        deps.config,
        { scope: 'songs', query: '밤양갱', gender: 'female', ageBand: '20s', userId: i + 1 },
        now,
      );
    await countSearch(
      deps.redis,
      deps.config,
      { scope: 'songs', query: '소주 한 잔', gender: 'male', ageBand: '40s', userId: 4 },
      now,
    );
    await countSearch(deps.redis, deps.config, { scope: 'products', query: '무라벨 생수', userId: 5 }, now);
  });
  afterAll(() => closeDeps(deps));

  test('defaults to songs for everyone, best first, with movement flags', async () => {
    const res = await request(app).get('/api/trending');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      scope: 'songs',
      segment: 'all',
      window_minutes: deps.config.trending.windowMinutes,
    });
    expect(res.body.items.map((i: { query: string }) => i.query)).toEqual(['밤양갱', '소주 한 잔']);
    expect(res.body.items[0]).toMatchObject({ rank: 1, movement: 'new', previous_rank: null });
  });

  test('filters by scope, gender and age band', async () => {
    expect(
      (await request(app).get('/api/trending?scope=products')).body.items.map((i: { query: string }) => i.query),
    ).toEqual(['무라벨 생수']);
    expect(
      (await request(app).get('/api/trending?gender=male')).body.items.map((i: { query: string }) => i.query),
    ).toEqual(['소주 한 잔']);
    expect((await request(app).get('/api/trending?gender=female&age=20s')).body).toMatchObject({
      segment: 'ga:female:20s',
      items: [{ query: '밤양갱' }],
    });
  });

  test.each([
    ['scope=albums', 'scope'],
    ['gender=robot', 'gender'],
    ['age=twenties', 'age'],
    ['limit=0', 'limit'],
    ['scope=songs&scope=products', 'scope'],
  ])('%s is a 400 naming the parameter', async (qs, parameter) => {
    const res = await request(app).get(`/api/trending?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter } });
  });

  test('/api/me/trending needs a signed-in user', async () => {
    const res = await request(app).get('/api/me/trending');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  test("/api/me/trending reads the caller's own demographic", async () => {
    const res = await request(app)
      .get('/api/me/trending')
      .set('x-test-user', '77')
      .set('x-test-gender', 'male')
      .set('x-test-age', '40~49');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ segment: 'ga:male:40s', items: [{ query: '소주 한 잔' }] });
  });
});

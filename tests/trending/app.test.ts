// The whole app (tests/support.ts) with the real bearer-token auth from src/users: the caller's profile drives
// /api/me/trending and proof uploads.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps, clearKeys, redisReady } from '../support';
import { exifSeoulDate } from '../../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, proofPhoto } from '../../tools/fixtures/proof-photos';
import { hashToken } from '../../src/users/accounts';
import { countSearch } from '../../src/trending/store';
import { clearTrending } from './helpers';

describe('trending and proofs in the full app with real sign-in', () => {
  const deps = testDeps({ TRENDING_MIN_USERS: '1' }); // the minimum is tested in store.test.ts
  const app = testApp(deps);
  const now = new Date();
  deps.clock = () => now; // a proof's "today in Seoul" does not move between making the photo and checking it
  let token = '';

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearTrending(deps.redis, deps.config.redisPrefix);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    const birthYear = new Date().getUTCFullYear() - 25; // a 20s user
    const res = await request(app)
      .post('/api/auth/signup')
      .send({
        email: `trend-${process.pid}-${Date.now()}@example.com`,
        password: 'correct horse battery',
        gender: 'female',
        birth_year: birthYear,
      });
    expect(res.status).toBe(201);
    token = res.body.token;
    await countSearch(
      deps.redis,
      deps.config,
      { scope: 'songs', query: '여자 이십대 노래', gender: 'female', ageBand: '20s', userId: 1 },
      now,
    );
    await countSearch(
      deps.redis,
      deps.config,
      { scope: 'songs', query: '남자 노래', gender: 'male', ageBand: '20s', userId: 2 },
      now,
    );
  });
  afterAll(async () => {
    await deps.writers.searchLogs.flush();
    await closeDeps(deps);
  });

  test('/api/me/trending is 401 without a token and follows the profile with one', async () => {
    expect((await request(app).get('/api/me/trending')).status).toBe(401);
    const res = await request(app).get('/api/me/trending').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ segment: 'ga:female:20s', items: [{ query: '여자 이십대 노래' }] });
  });

  test('GET /api/trending works for anyone', async () => {
    const res = await request(app).get('/api/trending');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { query: string }) => i.query).sort()).toEqual(['남자 노래', '여자 이십대 노래']);
  });

  test('a signed-in user can submit a proof and sees the points', async () => {
    const product = await deps.pg.query<{ id: string }>(
      `INSERT INTO products (natural_key, name, brand, category, no_label, source) VALUES ($1, '라벨프리 탄산수', '테스트', '탄산수', 'full', 'test') RETURNING id`,
      [`name:app-test|${process.pid}-${Date.now()}`],
    );
    await deps.pg.query(
      'UPDATE users SET email_verified_at = now() WHERE id = (SELECT user_id FROM auth_tokens WHERE token_hash = $1)',
      [hashToken(token)],
    );
    const res = await request(app)
      .post(`/api/products/${product.rows[0].id}/proofs`)
      .set('authorization', `Bearer ${token}`)
      .attach('photo', await proofPhoto(DETECTABLE_BOTTLE_SEEDS[25], exifSeoulDate(now)), {
        filename: 'p.jpg',
        contentType: 'image/jpeg',
      });
    expect(res.status).toBe(201);
    expect(res.body.balance).toBe(10);
    expect((await request(app).get('/api/me/points').set('authorization', `Bearer ${token}`)).body).toEqual({
      balance: 10,
    });
    expect((await request(app).post(`/api/products/${product.rows[0].id}/proofs`)).status).toBe(401);
  });
});

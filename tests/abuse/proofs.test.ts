import { clearKeys, redisReady, testDeps, closeDeps } from '../support';
import { documentedRequest as request } from '../api-contract';
import { rewardRoutes } from '../../src/abuse/routes';
import { exifSeoulDate, jpegWithExif } from '../../src/abuse/exif-fixture';
import { appWith } from './helpers';

describe('reward proofs (real Postgres)', () => {
  const deps = testDeps({ REWARD_MAX_PROOF_BYTES: String(5 * 1024 * 1024), REWARD_PROOFS_PER_DAY: '2', REWARD_POINTS_PER_PROOF: '10' });
  const app = appWith(deps, (a) => a.use(rewardRoutes(deps)));
  let productId = 0;
  let n = 0;
  const user = () => String(process.pid * 1000 + ++n);
  // the app's clock is frozen at one instant, so "today in Seoul" is the same day for the photo and the server
  const now = new Date();
  deps.clock = () => now;
  const todayPhoto = () => jpegWithExif({ dateTimeOriginal: exifSeoulDate(now) });
  const post = (userId: string | undefined, photo: Buffer | undefined, opts: { product?: number; action?: string; filename?: string; contentType?: string } = {}) => {
    let r = request(app).post(`/api/products/${opts.product ?? productId}/proofs`);
    if (userId) r = r.set('x-test-user', userId);
    if (opts.action) r = r.field('action', opts.action);
    if (photo) r = r.attach('photo', photo, { filename: opts.filename ?? 'proof.jpg', contentType: opts.contentType ?? 'image/jpeg' });
    return r;
  };

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    const r = await deps.pg.query<{ id: string }>(
      `INSERT INTO products (natural_key, name, brand, category, no_label, source) VALUES ($1, '무라벨 생수 2L', '테스트', 'water', 'full', 'test')
       ON CONFLICT (natural_key) DO UPDATE SET updated_at = now() RETURNING id`, [`name:proof-test|${process.pid}`]);
    productId = Number(r.rows[0].id);
  });
  afterAll(() => closeDeps(deps));

  test('a photo taken today is accepted and earns points in the ledger', async () => {
    const u = user();
    const res = await post(u, todayPhoto());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ product_id: productId, action: 'purchase', points: 10, balance: 10 });
    const ledger = await deps.pg.query('SELECT delta, reason FROM point_ledger WHERE user_id = $1', [u]);
    expect(ledger.rows).toEqual([{ delta: 10, reason: 'proof:purchase' }]);
    expect((await request(app).get('/api/me/points').set('x-test-user', u)).body).toEqual({ balance: 10 });
  });

  test('without a signed-in user it is 401', async () => {
    const res = await post(undefined, todayPhoto());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  test('a photo without an EXIF date is refused with no_exif_date', async () => {
    const res = await post(user(), jpegWithExif());
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('no_exif_date');
  });

  test('a photo taken yesterday is refused with not_taken_today', async () => {
    const res = await post(user(), jpegWithExif({ dateTimeOriginal: exifSeoulDate(new Date(now.getTime() - 86_400_000)) }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('not_taken_today');
  });

  test('the same photo twice is refused with duplicate_photo, even from another user', async () => {
    const photo = todayPhoto();
    expect((await post(user(), photo)).status).toBe(201);
    const res = await post(user(), photo);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('duplicate_photo');
  });

  test('a third proof for the same action on one day is refused with daily_limit_reached; another action is not', async () => {
    const u = user();
    expect((await post(u, todayPhoto())).status).toBe(201);
    expect((await post(u, todayPhoto())).status).toBe(201);
    const res = await post(u, todayPhoto());
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('daily_limit_reached');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    expect((await post(u, todayPhoto(), { action: 'recycle' })).status).toBe(201);
    expect((await request(app).get('/api/me/points').set('x-test-user', u)).body).toEqual({ balance: 30 });
  });

  test('a file over the size limit is refused with too_large', async () => {
    const big = jpegWithExif({ dateTimeOriginal: exifSeoulDate(new Date()), padding: 5 * 1024 * 1024 + 10 });
    const res = await post(user(), big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });

  test('a non-image is refused with not_an_image, whatever its name and content type say', async () => {
    const res = await post(user(), Buffer.from('%PDF-1.7 not a photo'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('not_an_image');
  });

  test('a missing photo, an unknown action and an unknown product are told apart', async () => {
    expect((await post(user(), undefined).field('action', 'purchase')).body.error.code).toBe('missing_photo');
    const bad = await post(user(), todayPhoto(), { action: 'steal' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.parameter).toBe('action');
    const missing = await post(user(), todayPhoto(), { product: 999_999_999 });
    expect(missing.status).toBe(404);
  });

  test('refused proofs earn nothing', async () => {
    const u = user();
    await post(u, jpegWithExif());
    await post(u, Buffer.from('nope'));
    expect((await request(app).get('/api/me/points').set('x-test-user', u)).body).toEqual({ balance: 0 });
  });
});

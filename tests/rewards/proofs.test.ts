import { clearKeys, redisReady, testDeps, closeDeps } from '../support';
import { documentedRequest as request } from '../api-contract';
import sharp from 'sharp';
import { rewardRoutes } from '../../src/rewards/routes';
import { exifSeoulDate, jpegWithExif } from '../../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, proofPhoto, scenePhoto, withExif } from '../../tools/fixtures/proof-photos';
import { appWith } from '../app-with';

// Real photos (seeded scenes with a bottle), the real object detector in its worker, real Postgres.
describe('reward proofs (real Postgres, real detector)', () => {
  const OPERATOR = 'operator-token-for-proof-tests';
  const deps = testDeps({
    REWARD_MAX_PROOF_BYTES: String(5 * 1024 * 1024),
    REWARD_PROOFS_PER_DAY: '2',
    REWARD_POINTS_PER_PROOF: '10',
    REWARD_PROOFS_PER_IP_PER_DAY: '1000',
    OPERATOR_TOKEN: OPERATOR,
    REWARD_PHOTO_PARSE_TIMEOUT_MS: '60000',
  });
  const app = appWith(deps, (a) => a.use(rewardRoutes(deps)));
  const products: Record<string, number> = {};
  const BOTTLE_SEEDS = DETECTABLE_BOTTLE_SEEDS.slice(0, 25); // the other slices belong to tests/trending and tests/web
  let next = 0;
  let seed = 5000; // for e-mails and scenes without a bottle
  // the app's clock is frozen at one instant, so "today in Seoul" is the same day for the photo and the server
  const now = new Date();
  deps.clock = () => now;
  const today = exifSeoulDate(now);
  const todayPhoto = (opts: { bottle?: boolean } = {}) => {
    if (opts.bottle === false) return proofPhoto(++seed, today, opts);
    if (next >= BOTTLE_SEEDS.length) throw new Error('add seeds from scripts/eval-proof-photos.ts to BOTTLE_SEEDS');
    return proofPhoto(BOTTLE_SEEDS[next++], today, opts);
  };
  const post = (
    userId: number | undefined,
    photo: Buffer | undefined,
    opts: { product?: number; action?: string; filename?: string; contentType?: string; ip?: string } = {},
  ) => {
    let r = request(app)
      .post(`/api/products/${opts.product ?? products.water}/proofs`)
      .set('x-forwarded-for', opts.ip ?? '10.1.2.3');
    if (userId) r = r.set('x-test-user', String(userId));
    if (opts.action) r = r.field('action', opts.action);
    if (photo)
      r = r.attach('photo', photo, {
        filename: opts.filename ?? 'proof.jpg',
        contentType: opts.contentType ?? 'image/jpeg',
      });
    return r;
  };
  const newUser = async (verified = true) => {
    const r = await deps.pg.query<{ id: string }>(
      'INSERT INTO users (email, email_verified_at) VALUES ($1, $2) RETURNING id',
      [`proof-${process.pid}-${++seed}@example.com`, verified ? new Date() : null],
    );
    return Number(r.rows[0].id);
  };
  const balance = async (u: number) =>
    (await request(app).get('/api/me/points').set('x-test-user', String(u))).body.balance;
  const operator = (path: string) => request(app).post(path).set('x-operator-token', OPERATOR);

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    for (const [key, category] of [
      ['water', '생수'],
      ['snack', '과자'],
    ]) {
      const r = await deps.pg.query<{ id: string }>(
        `INSERT INTO products (natural_key, name, brand, category, no_label, source) VALUES ($1, $2, '테스트', $3, 'full', 'test')
         ON CONFLICT (natural_key) DO UPDATE SET updated_at = now() RETURNING id`,
        [`name:proof-test-${key}|${process.pid}`, `무라벨 ${category}`, category],
      );
      products[key] = Number(r.rows[0].id);
    }
  });
  afterAll(() => closeDeps(deps));

  test('a photo of a bottle taken today is accepted and earns points; the model result and a metadata-free copy are kept', async () => {
    const u = await newUser();
    const res = await post(u, await todayPhoto());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      product_id: products.water,
      action: 'purchase',
      status: 'accepted',
      verdict: 'object_found',
      points: 10,
      balance: 10,
    });
    const ledger = await deps.pg.query('SELECT delta, reason FROM point_ledger WHERE user_id = $1', [String(u)]);
    expect(ledger.rows).toEqual([{ delta: 10, reason: 'proof:purchase' }]);
    const proof = await deps.pg.query(
      'SELECT p.detections, p.detector, p.width, p.height, ph.jpeg FROM reward_proofs p JOIN proof_photos ph ON ph.proof_id = p.id WHERE p.id = $1',
      [res.body.proof_id],
    );
    expect(proof.rows[0].detections.some((d: { label: string }) => d.label === 'bottle')).toBe(true);
    expect(proof.rows[0].detector).toMatch(/centernet/);
    expect([proof.rows[0].width, proof.rows[0].height]).toEqual([640, 480]);
    const stored: Buffer = proof.rows[0].jpeg;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from(today.slice(0, 10)))).toBe(false);
  });

  test('a photo without the product kind of object is refused with object_not_found, earns nothing, and its model result is kept', async () => {
    const u = await newUser();
    const res = await post(u, await todayPhoto({ bottle: false }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('object_not_found');
    expect(res.body.error.details.wanted).toEqual(['bottle']);
    const kept = await deps.pg.query('SELECT status, verdict, detections FROM reward_proofs WHERE id = $1', [
      res.body.error.details.proof_id,
    ]);
    expect(kept.rows[0]).toMatchObject({ status: 'rejected', verdict: 'object_missing' });
    expect(Array.isArray(kept.rows[0].detections)).toBe(true);
    expect(await balance(u)).toBe(0);
  });

  test('a product the detector cannot check waits for an operator (202, no points); approve earns them, a second decision is refused', async () => {
    const u = await newUser();
    const res = await post(u, await todayPhoto(), { product: products.snack });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending_review', verdict: 'category_unchecked', points: 0, balance: 0 });
    const queue = await request(app).get('/api/operator/proofs').set('x-operator-token', OPERATOR);
    expect(queue.status).toBe(200);
    expect(queue.body.proofs.map((p: { proof_id: number }) => p.proof_id)).toContain(res.body.proof_id);
    expect((await request(app).get('/api/operator/proofs')).status).toBe(401);
    const approved = await operator(`/api/operator/proofs/${res.body.proof_id}/review`).send({ decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ proof_id: res.body.proof_id, status: 'accepted', points: 10 });
    expect(await balance(u)).toBe(10);
    expect(
      (await operator(`/api/operator/proofs/${res.body.proof_id}/review`).send({ decision: 'approve' })).status,
    ).toBe(409);
    expect(
      (await operator(`/api/operator/proofs/${res.body.proof_id}/review`).send({ decision: 'maybe' })).status,
    ).toBe(400);
  });

  test('when the detector cannot run, a checkable proof waits for an operator instead of earning points', async () => {
    const blind = testDeps({
      REWARD_DETECTOR: 'false',
      OPERATOR_TOKEN: OPERATOR,
      REWARD_PROOFS_PER_IP_PER_DAY: '1000',
      REWARD_PHOTO_PARSE_TIMEOUT_MS: '60000',
    });
    blind.clock = () => now;
    const blindApp = appWith(blind, (a) => a.use(rewardRoutes(blind)));
    try {
      const u = await newUser();
      const res = await request(blindApp)
        .post(`/api/products/${products.water}/proofs`)
        .set('x-test-user', String(u))
        .attach('photo', await todayPhoto(), { filename: 'p.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ status: 'pending_review', verdict: 'detector_unavailable', points: 0 });
      const kept = await deps.pg.query('SELECT detections, detector_error FROM reward_proofs WHERE id = $1', [
        res.body.proof_id,
      ]);
      expect(kept.rows[0]).toEqual({ detections: null, detector_error: 'detector disabled' });
      expect(await balance(u)).toBe(0);
    } finally {
      await closeDeps(blind);
    }
  });

  test('an operator reverses an accepted proof: a negative ledger row, once', async () => {
    const u = await newUser();
    const res = await post(u, await todayPhoto());
    expect(res.status).toBe(201);
    const reversed = await operator(`/api/operator/proofs/${res.body.proof_id}/reverse`).send({ note: 'fraud ring' });
    expect(reversed.status).toBe(200);
    expect(reversed.body).toMatchObject({ status: 'reversed', points: -10, balance: 0 });
    expect((await operator(`/api/operator/proofs/${res.body.proof_id}/reverse`).send({})).status).toBe(409);
    const ledger = await deps.pg.query('SELECT delta, reason FROM point_ledger WHERE user_id = $1 ORDER BY id', [
      String(u),
    ]);
    expect(ledger.rows).toEqual([
      { delta: 10, reason: 'proof:purchase' },
      { delta: -10, reason: 'reversal:proof' },
    ]);
  });

  test('the same photo resized, recompressed, a little cropped or with other metadata is a duplicate across users (409)', async () => {
    const original = await todayPhoto();
    expect((await post(await newUser(), original)).status).toBe(201);
    const pixels = sharp(original);
    const { width, height } = await pixels.metadata();
    const variants = [
      withExif(await sharp(original).resize(420).jpeg({ quality: 80 }).toBuffer(), { dateTimeOriginal: today }),
      withExif(await sharp(original).jpeg({ quality: 45 }).toBuffer(), {
        dateTimeOriginal: today,
        offsetTimeOriginal: '+09:00',
      }),
      withExif(
        await sharp(original)
          .extract({ left: 16, top: 12, width: width! - 32, height: height! - 24 })
          .jpeg()
          .toBuffer(),
        { dateTimeOriginal: today },
      ),
    ];
    for (const variant of variants) {
      const res = await post(await newUser(), variant);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('duplicate_photo');
    }
  });

  test('without a verified e-mail no proof earns points (403)', async () => {
    const res = await post(await newUser(false), await todayPhoto());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('email_not_verified');
  });

  test('a thumbnail or a solid fill is not a photo; no EXIF date or yesterday is refused', async () => {
    const u = await newUser();
    expect((await post(u, jpegWithExif({ dateTimeOriginal: today }))).body.error.code).toBe('not_a_photo');
    const flat = withExif(
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2255aa' } })
        .jpeg()
        .toBuffer(),
      { dateTimeOriginal: today },
    );
    expect((await post(u, flat)).body.error.code).toBe('not_a_photo');
    const undated = await post(u, await scenePhoto(BOTTLE_SEEDS[next++], { bottle: true }));
    expect(undated.status).toBe(422);
    expect(undated.body.error.code).toBe('no_exif_date');
    const old = await post(
      u,
      await proofPhoto(BOTTLE_SEEDS[next++], exifSeoulDate(new Date(now.getTime() - 86_400_000))),
    );
    expect(old.status).toBe(422);
    expect(old.body.error.code).toBe('not_taken_today');
  });

  test('a third proof for the same action on one day is refused with daily_limit_reached; another action is not', async () => {
    const u = await newUser();
    expect((await post(u, await todayPhoto())).status).toBe(201);
    expect((await post(u, await todayPhoto())).status).toBe(201);
    const res = await post(u, await todayPhoto());
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('daily_limit_reached');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    expect((await post(u, await todayPhoto(), { action: 'recycle' })).status).toBe(201);
    expect(await balance(u)).toBe(30);
  });

  test('one address cannot earn for many accounts: the per-address daily cap', async () => {
    const capped = testDeps({
      REWARD_PROOFS_PER_IP_PER_DAY: '2',
      OPERATOR_TOKEN: OPERATOR,
      REWARD_PHOTO_PARSE_TIMEOUT_MS: '60000',
    });
    capped.clock = () => now;
    const cappedApp = appWith(capped, (a) => a.use(rewardRoutes(capped)));
    try {
      const ip = `10.9.${process.pid % 250}.77`;
      const send = async () =>
        request(cappedApp)
          .post(`/api/products/${products.water}/proofs`)
          .set('x-forwarded-for', ip)
          .set('x-test-user', String(await newUser()))
          .attach('photo', await todayPhoto(), { filename: 'p.jpg', contentType: 'image/jpeg' });
      for (let i = 0; i < 2; i++) {
        const res = await send();
        expect([res.status, res.body.error?.code]).toEqual([201, undefined]);
      }
      const third = await send();
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('address_daily_limit_reached');
    } finally {
      await closeDeps(capped);
    }
  });

  test('without a signed-in user it is 401; a non-image is 415; bad fields are told apart', async () => {
    expect((await post(undefined, await todayPhoto())).status).toBe(401);
    const u = await newUser();
    const pdf = await post(u, Buffer.from('%PDF-1.7 not a photo'), {
      filename: 'photo.jpg',
      contentType: 'image/jpeg',
    });
    expect(pdf.status).toBe(415);
    expect(pdf.body.error.code).toBe('not_an_image');
    expect((await post(u, undefined).field('action', 'purchase')).body.error.code).toBe('missing_photo');
    const bad = await post(u, await todayPhoto(), { action: 'steal' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.parameter).toBe('action');
    expect((await post(u, await todayPhoto(), { product: 999_999_999 })).status).toBe(404);
    const big = jpegWithExif({ dateTimeOriginal: today, padding: 5 * 1024 * 1024 + 10 });
    const tooBig = await post(u, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('too_large');
    expect(await balance(u)).toBe(0);
  });
});

// Proof uploads against a real server and raw sockets: the limits that keep one sender from holding the process.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { clearKeys, redisReady, testDeps, closeDeps } from '../support';
import { createHttpApp } from '../../src/platform/http';
import { limitWrites } from '../../src/limits/rate-limit';
import { rewardRoutes } from '../../src/rewards/routes';
import { photoUpload } from '../../src/rewards/photo-upload';
import { exifSeoulDate, heicWithZeroLengthBox, jpegWithExif } from '../../tools/fixtures/exif-images';
import { DETECTABLE_BOTTLE_SEEDS, scenePhoto, withExif } from '../../tools/fixtures/proof-photos';
import { appWith } from '../app-with';

const BOUNDARY = 'norae-test-boundary';
const part = (photo: Buffer, filename = 'proof.jpg') =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

/** Sends a raw HTTP request; resolves with the status line and body once the server answers (or closes). */
function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string | number>,
  body: Buffer,
  opts: { sendBytes?: number } = {},
) {
  const socket = net.connect(port, '127.0.0.1');
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  socket.write(body.subarray(0, opts.sendBytes ?? body.length));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
    });
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({
        status,
        body: Buffer.from(text.split('\r\n\r\n').slice(1).join('\r\n\r\n'), 'latin1').toString('utf8'),
      });
    });
    socket.on('error', reject);
  });
  return { socket, answer };
}

const listen = (app: ReturnType<typeof createHttpApp>) =>
  new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as AddressInfo).port;
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setImmediate(r));
};

describe('proof uploads: one request never holds the process (real Postgres)', () => {
  // these tests are about reading the upload, not about who earns points: the e-mail rule is off
  const deps = testDeps({
    REWARD_MAX_PROOF_BYTES: String(1024 * 1024),
    REWARD_UPLOAD_DEADLINE_MS: '400',
    REWARD_PROOFS_PER_DAY: '50',
    REWARD_REQUIRE_VERIFIED_EMAIL: 'false',
    REWARD_PHOTO_PARSE_TIMEOUT_MS: '60000',
  });
  const now = new Date();
  deps.clock = () => now;
  let server: Server;
  let productId = 0;
  const path = () => `/api/products/${productId}/proofs`;
  const user = (n: number) => ({ 'x-test-user': String(process.pid * 1000 + n), Connection: 'close' });

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    const r = await deps.pg.query<{ id: string }>(
      `INSERT INTO products (natural_key, name, brand, category, no_label, source) VALUES ($1, '무라벨 생수 500ml', '테스트', '생수', 'full', 'test')
       ON CONFLICT (natural_key) DO UPDATE SET updated_at = now() RETURNING id`,
      [`name:upload-limits|${process.pid}`],
    );
    productId = Number(r.rows[0].id);
    server = await listen(appWith(deps, (a) => a.use(rewardRoutes(deps))));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await closeDeps(deps);
  });

  test('the ~100-byte HEIC that hangs the EXIF reader gets a 422 and the server keeps answering', async () => {
    const body = part(heicWithZeroLengthBox(), 'proof.heic');
    const { answer } = rawRequest(portOf(server), path(), { ...user(1), 'Content-Length': body.length }, body);
    const res = await answer;
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body).error.code).toBe('malformed_image');
    const ok = rawRequest(
      portOf(server),
      '/nothing-here',
      { Connection: 'close', 'Content-Length': 0 },
      Buffer.alloc(0),
    );
    expect((await ok.answer).status).toBe(404);
  });

  test('a NUL and trailing text in the EXIF date are not stored: only the date itself reaches taken_at', async () => {
    const photo = withExif(await scenePhoto(DETECTABLE_BOTTLE_SEEDS[35], { bottle: true }), {
      dateTimeOriginal: `${exifSeoulDate(now)}\u0000${'x'.repeat(200)}`,
    });
    const body = part(photo);
    const res = await rawRequest(portOf(server), path(), { ...user(2), 'Content-Length': body.length }, body).answer;
    expect(res.status).toBe(201);
    const row = await deps.pg.query('SELECT taken_at FROM reward_proofs WHERE id = $1', [
      JSON.parse(res.body).proof_id,
    ]);
    expect(row.rows[0].taken_at).toBe(exifSeoulDate(now));
  });

  test('a declared length over the limit is refused with 413 before the body is read', async () => {
    const { socket, answer } = rawRequest(
      portOf(server),
      path(),
      { ...user(3), 'Content-Length': 50 * 1024 * 1024 },
      Buffer.alloc(0),
    );
    const res = await answer;
    socket.destroy();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('too_large');
  });

  test('a body that grows past the limit without declaring it is cut off at the limit with 413', async () => {
    const big = part(jpegWithExif({ dateTimeOriginal: exifSeoulDate(now), padding: 2 * 1024 * 1024 }));
    const { socket, answer } = rawRequest(
      portOf(server),
      path(),
      { ...user(4), 'Transfer-Encoding': 'chunked' },
      Buffer.alloc(0),
    );
    socket.write(`${big.length.toString(16)}\r\n`);
    socket.write(big);
    socket.write('\r\n0\r\n\r\n');
    const res = await answer;
    expect(res.status).toBe(413);
  });

  test('a sender slower than the deadline gets 408 upload_too_slow and its connection is closed', async () => {
    const body = part(jpegWithExif({ dateTimeOriginal: exifSeoulDate(now) }));
    const { answer } = rawRequest(portOf(server), path(), { ...user(5), 'Content-Length': body.length }, body, {
      sendBytes: 40,
    });
    const res = await answer; // resolves on close: the server closed it, the client never finished
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).error.code).toBe('upload_too_slow');
  });
});

describe('proof uploads: the concurrency cap holds with Redis down', () => {
  // Redis on a port nobody listens on: the write limit lets requests through, the upload cap must not
  const deps = testDeps({ REDIS_URL: 'redis://127.0.0.1:1', REWARD_MAX_PROOF_BYTES: String(1024 * 1024) });
  const upload = photoUpload({ maxBytes: 1024 * 1024, deadlineMs: 60_000, concurrent: 2 });
  let server: Server;
  beforeAll(async () => {
    server = await listen(
      createHttpApp(deps.logger, (app) => {
        app.use(limitWrites(deps));
        app.post('/upload', upload, (req, res) => {
          res.status(201).json({ bytes: req.upload?.size ?? 0 });
        });
      }),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await closeDeps(deps);
  });

  test('two slow uploads in flight: a third is refused at once with 503 busy, and a slot frees when one ends', async () => {
    const body = part(jpegWithExif());
    const slow = [1, 2].map(() =>
      rawRequest(portOf(server), '/upload', { 'Content-Length': body.length, Connection: 'close' }, body, {
        sendBytes: 50,
      }),
    );
    await until(() => upload.inFlight() === 2);
    const third = await rawRequest(
      portOf(server),
      '/upload',
      { 'Content-Length': body.length, Connection: 'close' },
      body,
    ).answer;
    expect(third.status).toBe(503);
    expect(JSON.parse(third.body).error.code).toBe('busy');
    slow[0].socket.end(body.subarray(50));
    expect((await slow[0].answer).status).toBe(201);
    await until(() => upload.inFlight() === 1);
    const fourth = await rawRequest(
      portOf(server),
      '/upload',
      { 'Content-Length': body.length, Connection: 'close' },
      body,
    ).answer;
    expect(fourth.status).toBe(201);
    slow[1].socket.destroy();
    await until(() => upload.inFlight() === 0);
  });
});

import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { createPgPool } from '../../src/platform/postgres';
import {
  createEventWriter,
  dropOldEventPartitions,
  ensureEventPartition,
  insertEvents,
  partitionName,
} from '../../src/events/store';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const app = testApp(deps);
let songs: number[] = [];
let token = '';

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, ['users', 'songs', 'catalog_entries', 'events']);
  const { rows } = await deps.pg.query<{ id: string }>(
    `INSERT INTO songs (title, artist, merge_rule, merge_score, merge_key) SELECT 'e' || i, 'a', 'fixture', 1, 'e' || i FROM generate_series(1, 3) i RETURNING id`,
  );
  songs = rows.map((r) => Number(r.id));
  token = (
    await request(app)
      .post('/api/auth/signup')
      .send({ email: `ev-${Date.now()}@example.com`, password: 'password1' })
  ).body.token;
});
afterAll(() => closeDeps(deps));

const countFor = async (session: string) =>
  Number((await deps.pg.query('SELECT count(*) AS n FROM events WHERE session_id = $1', [session])).rows[0].n);

describe('event storage', () => {
  test('rows land in a daily partition named after the UTC day, created on first use', async () => {
    const at = new Date('2024-02-29T23:59:59.000Z');
    await insertEvents(deps.pg, [{ kind: 'view', songId: songs[0], sessionId: 'sess-partition', at }]);
    const { rows } = await deps.pg.query(
      `SELECT tableoid::regclass::text AS part FROM events WHERE session_id = 'sess-partition'`,
    );
    expect(rows).toEqual([{ part: 'events_20240229' }]);
    expect(partitionName(new Date('2024-03-01T00:00:00Z'))).toBe('events_20240301');
    await expect(ensureEventPartition(deps.pg, at)).resolves.toBe('events_20240229'); // idempotent
  });

  test('concurrent writers creating the same day partition do not fail', async () => {
    const at = new Date('2024-05-05T12:00:00Z');
    await Promise.all(
      [1, 2, 3, 4].map((i) =>
        insertEvents(deps.pg, [
          { kind: 'view', songId: songs[0], sessionId: 'sess-race', at: new Date(at.getTime() + i) },
        ]),
      ),
    );
    expect(await countFor('sess-race')).toBe(4);
  });

  test('old day partitions are dropped by retention, recent ones kept', async () => {
    const now = new Date('2024-06-10T10:00:00Z');
    await ensureEventPartition(deps.pg, new Date('2024-06-09T00:00:00Z'));
    const dropped = await dropOldEventPartitions(deps.pg, 30, now);
    expect(dropped).toEqual(expect.arrayContaining(['events_20240229', 'events_20240505']));
    expect(dropped).not.toContain('events_20240609');
  });
});

describe('the event batcher', () => {
  afterEach(() => jest.useRealTimers());

  test('writes after maxItems events without waiting for the timer', async () => {
    const writer = createEventWriter(deps, { maxItems: 3, flushMs: 60_000 });
    for (let i = 0; i < 2; i++) writer.add({ kind: 'view', songId: songs[0], sessionId: 'sess-batch-n' });
    await writer.idle();
    expect(await countFor('sess-batch-n')).toBe(0);
    writer.add({ kind: 'view', songId: songs[0], sessionId: 'sess-batch-n' });
    await writer.idle(); // no flush() here: the third event alone must have started the write
    expect(await countFor('sess-batch-n')).toBe(3);
  });

  test('writes after flushMs when fewer than maxItems arrived', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const writer = createEventWriter(deps, { maxItems: 1000, flushMs: 50 });
    writer.add({ kind: 'sang', songId: songs[1], sessionId: 'sess-batch-t' });
    expect(writer.pending).toBe(1);
    jest.advanceTimersByTime(50);
    jest.useRealTimers();
    await writer.idle();
    expect(writer.pending).toBe(0);
    expect(await countFor('sess-batch-t')).toBe(1);
  });

  test('adding never waits for Postgres: 10k events are queued before any write starts', async () => {
    const writer = createEventWriter(deps, { maxItems: 100_000, flushMs: 60_000 });
    for (let i = 0; i < 10_000; i++) writer.add({ kind: 'search', query: 'q', sessionId: 'sess-cheap' });
    expect(writer.pending).toBe(10_000);
    expect(writer.stats().written).toBe(0);
    await writer.close();
    expect(await countFor('sess-cheap')).toBe(10_000);
  });

  test('a row Postgres refuses (NUL byte in a text column) is set aside without blocking the rows around it', async () => {
    const writer = createEventWriter(deps, { maxItems: 100, flushMs: 60_000 });
    for (let i = 0; i < 7; i++)
      writer.add({ kind: 'search', query: i === 3 ? 'bad\u0000query' : `q${i}`, sessionId: 'sess-nul' });
    await writer.flush();
    expect(await countFor('sess-nul')).toBe(6);
    expect(writer.stats()).toMatchObject({ pending: 0, written: 6, rejected: 1, failedWrites: 0 });
    writer.add({ kind: 'search', query: 'after', sessionId: 'sess-nul' });
    await writer.flush();
    expect(await countFor('sess-nul')).toBe(7);
  });

  test('Postgres down: the batch waits in the buffer for the next flush, overflow dropped and counted', async () => {
    const broken = { ...deps, pg: createPgPool({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' }) };
    const writer = createEventWriter(broken, { maxItems: 100, flushMs: 60_000, maxBuffered: 3 });
    for (let i = 0; i < 5; i++) writer.add({ kind: 'search', query: `d${i}`, sessionId: 'sess-down' });
    await writer.flush();
    expect(writer.stats()).toMatchObject({ pending: 3, dropped: 2, written: 0, rejected: 0, failedWrites: 1 });
    await broken.pg.end();
  });

  test('closing the deps writes what the writers hold and reports counts on deps.writers.stats()', async () => {
    const own = testDeps();
    own.writers.events.add({ kind: 'search', query: 'on close', sessionId: 'sess-close' });
    expect(own.writers.stats().events.pending).toBe(1);
    await closeDeps(own);
    expect(own.writers.stats().events).toMatchObject({ pending: 0, written: 1 });
    expect(await countFor('sess-close')).toBe(1);
  });
});

describe('POST /api/events', () => {
  test('records view and sang events for a signed-in user or an anonymous session', async () => {
    const anon = await request(app)
      .post('/api/events')
      .set('x-session-id', 'sess-client-1')
      .send({ kind: 'view', song_id: songs[0] });
    expect(anon.status).toBe(202);
    const many = await request(app)
      .post('/api/events')
      .set('authorization', `Bearer ${token}`)
      .set('x-session-id', 'sess-client-2')
      .send({
        events: [
          { kind: 'view', song_id: songs[1] },
          { kind: 'sang', song_id: songs[1] },
        ],
      });
    expect(many.body).toEqual({ accepted: 2, counted: true });
    await deps.writers.events.flush();
    const { rows } = await deps.pg.query(
      `SELECT kind, song_id::int, user_id IS NOT NULL AS signed_in, session_id FROM events WHERE session_id LIKE 'sess-client-%' ORDER BY session_id, kind DESC`,
    );
    expect(rows).toEqual([
      { kind: 'view', song_id: songs[0], signed_in: false, session_id: 'sess-client-1' },
      { kind: 'view', song_id: songs[1], signed_in: true, session_id: 'sess-client-2' },
      { kind: 'sang', song_id: songs[1], signed_in: true, session_id: 'sess-client-2' },
    ]);
  });

  test('a session issued by POST /api/sessions makes anonymous events count; a made-up one is kept but not counted', async () => {
    const issued = await request(app).post('/api/sessions').set('x-forwarded-for', '10.0.0.9');
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      session_id: expect.stringMatching(/^ns_[\w-]{32}$/),
      expires_at: expect.any(String),
    });
    expect(new Date(issued.body.expires_at).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    const other = (await request(app).post('/api/sessions')).body.session_id;
    expect(other).not.toBe(issued.body.session_id);

    const counted = await request(app)
      .post('/api/events')
      .set('x-session-id', issued.body.session_id)
      .send({ kind: 'sang', song_id: songs[2] });
    expect(counted.body).toEqual({ accepted: 1, counted: true });
    const madeUp = await request(app)
      .post('/api/events')
      .set('x-session-id', 'sess-made-up-1')
      .send({ kind: 'sang', song_id: songs[2] });
    expect(madeUp.status).toBe(202);
    expect(madeUp.body).toEqual({ accepted: 1, counted: false });
    await deps.writers.events.flush();
    const { rows } = await deps.pg.query(
      `SELECT session_id, actor FROM events WHERE session_id IN ($1, 'sess-made-up-1') ORDER BY actor NULLS LAST`,
      [issued.body.session_id],
    );
    expect(rows).toEqual([
      { session_id: issued.body.session_id, actor: `s:${issued.body.session_id}` },
      { session_id: 'sess-made-up-1', actor: null },
    ]);
  });

  test.each([
    [{ kind: 'save', song_id: 1 }, 'kind'],
    [{ kind: 'view' }, 'song_id'],
    [{ kind: 'view', song_id: '1' }, 'song_id'],
    [{ events: [] }, 'events'],
  ])('rejects %j naming %s', async (body, field) => {
    const res = await request(app).post('/api/events').set('x-session-id', 'sess-invalid').send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe(field);
  });

  test('unknown songs and a missing session are 400', async () => {
    const unknown = await request(app)
      .post('/api/events')
      .set('x-session-id', 'sess-invalid')
      .send({ kind: 'view', song_id: 987654 });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_song', details: { song_ids: [987654] } });
    const anonymous = await request(app).post('/api/events').send({ kind: 'view', song_id: songs[0] });
    expect(anonymous.body.error.code).toBe('missing_session');
  });
});

describe('sessions with Redis down', () => {
  const down = testDeps({ REDIS_URL: 'redis://127.0.0.1:1' });
  const downApp = testApp(down);
  afterAll(() => closeDeps(down));

  test('no session can be issued (503), and events are still accepted, not counted', async () => {
    const issued = await request(downApp).post('/api/sessions');
    expect(issued.status).toBe(503);
    expect(issued.body.error).toMatchObject({ code: 'dependency_unavailable', details: { dependency: 'redis' } });
    const res = await request(downApp)
      .post('/api/events')
      .set('x-session-id', `ns_${'a'.repeat(32)}`)
      .send({ kind: 'view', song_id: songs[0] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, counted: false });
  });
});

import { documentedRequest as request } from '../api-contract';
import { testDeps, closeDeps, clearKeys } from '../support';
import { createApp } from '../../src/app';
import { createHttpApp } from '../../src/platform/http';
import { authenticate } from '../../src/users/auth';
import { roomLink, roomQrSvg, roomRoutes } from '../../src/rooms/routes';
import { closeIdleRooms, CODE_ALPHABET, DEFAULT_ROOM_LIMITS, type RoomDeps } from '../../src/rooms/rooms';
import { listen, openStream, seedSongs, type SeedSong } from './helpers';

const deps = testDeps();
let nowMs = Date.now();
deps.clock = () => new Date(nowMs);
const app = createApp(deps);
let songs: SeedSong[] = [];
const tjOnly = () => songs[songs.length - 2];
const kyOnly = () => songs[songs.length - 1];

async function signUp() {
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `room-${Math.random().toString(36).slice(2)}@example.com`, password: 'password1' });
  return { id: res.body.user?.id ?? res.body.id, authorization: `Bearer ${res.body.token}` };
}

async function newRoom(brand: 'tj' | 'ky' = 'tj', a = app, headers: Record<string, string> = {}) {
  const res = await request(a).post('/api/rooms').set(headers).send({ brand, display_name: '방장' });
  expect(res.status).toBe(201);
  return {
    code: res.body.room.code as string,
    host: { 'x-room-token': res.body.member_token as string },
    body: res.body,
  };
}
async function join(code: string, name = '친구', a = app, headers: Record<string, string> = {}) {
  const res = await request(a).post(`/api/rooms/${code}/join`).set(headers).send({ display_name: name });
  expect(res.status).toBe(200);
  return { 'x-room-token': res.body.member_token as string };
}
const add = (code: string, who: Record<string, string>, songId: number, extra: Record<string, unknown> = {}, a = app) =>
  request(a)
    .post(`/api/rooms/${code}/items`)
    .set(who)
    .send({ song_id: songId, ...extra });
const state = async (code: string, who: Record<string, string>) =>
  (await request(app).get(`/api/rooms/${code}`).set(who).expect(200)).body;

beforeAll(async () => {
  await deps.pg.query('TRUNCATE rooms RESTART IDENTITY CASCADE');
  songs = await seedSongs(deps);
});
beforeEach(() => clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*'));
afterAll(() => closeDeps(deps));

describe('starting and joining', () => {
  test('an anonymous creator gets a 6-character code without lookalikes and a member token; a friend joins by the code', async () => {
    const { code, host, body } = await newRoom();
    expect(code).toHaveLength(6);
    expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    expect(body.member).toMatchObject({ display_name: '방장', is_creator: true, signed_in: false });
    const friend = await join(code.toLowerCase(), '민지');
    const s = await state(code, friend);
    expect(s.members.map((m: { display_name: string }) => m.display_name)).toEqual(['방장', '민지']);
    expect(s.me.display_name).toBe('민지');
    expect(s.room).toMatchObject({ code, brand: 'tj', closed_at: null, last_seq: 2 });
    expect((await state(code, host)).me.is_creator).toBe(true);
  });

  test('the room needs membership: no token is 401, an unknown code 404', async () => {
    const { code } = await newRoom();
    expect((await request(app).get(`/api/rooms/${code}`)).status).toBe(401);
    expect((await request(app).get(`/api/rooms/${code}`).set({ 'x-room-token': 'rm_nottherealtoken' })).status).toBe(
      401,
    );
    expect((await request(app).post('/api/rooms/ZZZZZZ/join').send({ display_name: 'x' })).status).toBe(404);
    expect((await request(app).post(`/api/rooms/${code}/join`).send({})).body.error.code).toBe('invalid_field');
  });

  test('a signed-in member is known by the session without the token', async () => {
    const user = await signUp();
    const { code } = await newRoom('tj', app, { authorization: user.authorization });
    const s = await state(code, { authorization: user.authorization });
    expect(s.me).toMatchObject({ signed_in: true, is_creator: true });
  });
});

describe('the queue', () => {
  test("an item shows the number for the room's brand, who added it and its key memo", async () => {
    const { code, host } = await newRoom('ky');
    const friend = await join(code, '지수');
    const res = await add(code, friend, songs[0].id, { key_shift: -2, note: '한 키 낮게' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: songs[0].ky_no,
      added_by_name: '지수',
      key_shift: -2,
      note: '한 키 낮게',
      state: 'queued',
    });
    expect((await state(code, host)).queue.map((i: { song_id: number }) => i.song_id)).toEqual([songs[0].id]);
  });

  test("a song the room's brand lacks is refused with the other brand's number", async () => {
    const { code, host } = await newRoom('tj');
    const res = await add(code, host, kyOnly().id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'song_not_on_brand',
      details: { brand: 'tj', other_brand: 'ky', other_no: kyOnly().ky_no },
    });
    const ky = await newRoom('ky');
    expect((await add(ky.code, ky.host, tjOnly().id)).body.error.details).toMatchObject({
      other_brand: 'tj',
      other_no: tjOnly().tj_no,
    });
    expect((await add(ky.code, ky.host, 999999999)).status).toBe(404);
  });

  test('adding from a saved list brings its key memo for everyone', async () => {
    const user = await signUp();
    const auth = { authorization: user.authorization };
    const list = await request(app).post('/api/lists').set(auth).send({ name: '내 십팔번' });
    await request(app).put(`/api/lists/${list.body.id}/songs/${songs[2].id}`).set(auth);
    await request(app)
      .patch(`/api/lists/${list.body.id}/songs/${songs[2].id}`)
      .set(auth)
      .send({ key_shift: 3, note: '후렴 조심' });
    const { code } = await newRoom();
    const me = await join(code, '회원', app, auth);
    const res = await add(code, me, songs[2].id, { source: 'list', list_id: list.body.id });
    expect(res.status).toBe(201);
    const other = await join(code, '손님');
    expect((await state(code, other)).queue[0]).toMatchObject({
      source: 'list',
      key_shift: 3,
      note: '후렴 조심',
      added_by_name: '회원',
    });
    // someone else's list, or an anonymous member, is refused
    expect((await add(code, other, songs[2].id, { source: 'list', list_id: list.body.id })).status).toBe(401);
  });

  test('two moves of the same item at once: both apply in some order and every item stays exactly once', async () => {
    const { code, host } = await newRoom();
    const friend = await join(code);
    const ids: number[] = [];
    for (const s of songs.slice(0, 5)) ids.push((await add(code, host, s.id)).body.id);
    const [a, b] = await Promise.all([
      request(app).patch(`/api/rooms/${code}/items/${ids[4]}`).set(host).send({ after_item_id: null }),
      request(app).patch(`/api/rooms/${code}/items/${ids[4]}`).set(friend).send({ after_item_id: ids[1] }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const order = (await state(code, host)).queue.map((i: { id: number }) => i.id);
    expect([...order].sort((x: number, y: number) => x - y)).toEqual(ids);
    const top = [ids[4], ids[0], ids[1], ids[2], ids[3]];
    const afterSecond = [ids[0], ids[1], ids[4], ids[2], ids[3]];
    expect([JSON.stringify(top), JSON.stringify(afterSecond)]).toContain(JSON.stringify(order));
    // the events record both moves, numbered without gaps
    const seqs = (
      await deps.pg.query(
        'SELECT seq FROM room_events e JOIN rooms r ON r.id = e.room_id WHERE r.code = $1 ORDER BY seq',
        [code],
      )
    ).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  test('moves of two different items at once and two adds at once lose nothing', async () => {
    const { code, host } = await newRoom();
    const friend = await join(code);
    const ids: number[] = [];
    for (const s of songs.slice(0, 4)) ids.push((await add(code, host, s.id)).body.id);
    const results = await Promise.all([
      request(app).patch(`/api/rooms/${code}/items/${ids[3]}`).set(host).send({ after_item_id: null }),
      request(app).patch(`/api/rooms/${code}/items/${ids[0]}`).set(friend).send({ after_item_id: ids[3] }),
      add(code, host, songs[5].id),
      add(code, friend, songs[6].id),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 201, 201]);
    const queue = (await state(code, host)).queue;
    expect(queue).toHaveLength(6);
    expect(new Set(queue.map((i: { id: number }) => i.id)).size).toBe(6);
    expect(new Set(queue.map((i: { position: string }) => i.position)).size).toBe(6);
    expect(
      queue
        .slice(-2)
        .map((i: { song_id: number }) => i.song_id)
        .sort(),
    ).toEqual([songs[5].id, songs[6].id].sort());
  });

  test('members remove their own songs; the creator may remove any', async () => {
    const { code, host } = await newRoom();
    const friend = await join(code);
    const other = await join(code, '다른 친구');
    const mine = (await add(code, host, songs[0].id)).body.id;
    const theirs = (await add(code, friend, songs[1].id)).body.id;
    expect((await request(app).delete(`/api/rooms/${code}/items/${mine}`).set(other)).status).toBe(403);
    expect((await request(app).delete(`/api/rooms/${code}/items/${theirs}`).set(friend)).status).toBe(204);
    expect((await request(app).delete(`/api/rooms/${code}/items/${mine}`).set(host)).status).toBe(204);
    expect((await state(code, host)).queue).toEqual([]);
  });

  test('"지금 부르는 중" then "불렀어요": the song moves to the history and a signed-in singer gets a sang event', async () => {
    const user = await signUp();
    const { code, host } = await newRoom();
    const me = await join(code, '회원', app, { authorization: user.authorization });
    const item = (await add(code, me, songs[3].id)).body.id;
    const second = (await add(code, host, songs[4].id)).body.id;
    expect((await request(app).post(`/api/rooms/${code}/items/${item}/singing`).set(host)).status).toBe(204);
    expect((await state(code, host)).queue.map((i: { state: string }) => i.state)).toEqual(['singing', 'queued']);
    await request(app).post(`/api/rooms/${code}/items/${second}/singing`).set(host).expect(204);
    expect((await state(code, host)).queue.map((i: { state: string }) => i.state)).toEqual(['queued', 'singing']);
    expect((await request(app).post(`/api/rooms/${code}/items/${item}/sang`).set(host).send({})).status).toBe(204);
    const s = await state(code, host);
    expect(s.sang.map((i: { id: number }) => i.id)).toEqual([item]);
    expect(s.queue.map((i: { id: number }) => i.id)).toEqual([second]);
    await deps.writers.flush();
    const userId = (
      await deps.pg.query(
        'SELECT user_id FROM room_members WHERE token_hash IS NOT NULL AND display_name = $1 ORDER BY id DESC LIMIT 1',
        ['회원'],
      )
    ).rows[0].user_id;
    const events = await deps.pg.query(
      `SELECT actor FROM events WHERE kind = 'sang' AND song_id = $1 AND user_id = $2`,
      [songs[3].id, userId],
    );
    expect(events.rows).toEqual([{ actor: `u:${userId}` }]);
  });
});

describe('closing, expiry and history', () => {
  test('only the creator closes; afterwards changes are 410 and signed-in members save the songs as a list', async () => {
    const user = await signUp();
    const auth = { authorization: user.authorization };
    const { code, host } = await newRoom();
    const me = await join(code, '회원', app, auth);
    const a = (await add(code, host, songs[0].id)).body.id;
    await add(code, me, songs[1].id);
    await request(app).post(`/api/rooms/${code}/items/${a}/sang`).set(host).send({}).expect(204);
    expect((await request(app).post(`/api/rooms/${code}/save-list`).set(me)).status).toBe(409); // still open
    expect((await request(app).post(`/api/rooms/${code}/close`).set(me)).status).toBe(403);
    expect((await request(app).post(`/api/rooms/${code}/close`).set(host)).status).toBe(204);
    expect((await add(code, me, songs[2].id)).status).toBe(410);
    expect((await request(app).post(`/api/rooms/${code}/save-list`).set(host)).status).toBe(401); // anonymous
    const saved = await request(app).post(`/api/rooms/${code}/save-list`).set(me);
    expect(saved.status).toBe(201);
    const list = await request(app).get(`/api/lists/${saved.body.list_id}`).set(auth);
    expect(list.body.songs.map((s: { song_id: number }) => s.song_id)).toEqual([songs[0].id, songs[1].id]);
  });

  test('a room idle for longer than the limit closes on its next access, and the sweep closes the others', async () => {
    const { code, host } = await newRoom();
    await add(code, host, songs[0].id).expect(201);
    const other = await newRoom();
    nowMs += (DEFAULT_ROOM_LIMITS.idleHours - 0.5) * 3_600_000;
    expect((await add(code, host, songs[1].id)).status).toBe(201); // activity keeps it open
    nowMs += (DEFAULT_ROOM_LIMITS.idleHours + 0.5) * 3_600_000;
    const res = await add(code, host, songs[2].id);
    expect(res.status).toBe(410);
    expect(res.body.error).toMatchObject({ code: 'room_closed', details: { reason: 'idle' } });
    const rd: RoomDeps = { ...deps, limits: DEFAULT_ROOM_LIMITS };
    expect(await closeIdleRooms(rd)).toBeGreaterThanOrEqual(1);
    expect((await request(app).get(`/api/rooms/${other.code}`).set(other.host)).body.room.closed_reason).toBe('idle');
    const kinds = (
      await deps.pg.query(
        `SELECT kind FROM room_events e JOIN rooms r ON r.id = e.room_id WHERE r.code = $1 ORDER BY seq`,
        [code],
      )
    ).rows.map((r) => r.kind);
    expect(kinds).toEqual(['created', 'added', 'added', 'closed']);
  });
});

describe('limits', () => {
  const limits = {
    ...DEFAULT_ROOM_LIMITS,
    maxMembers: 3,
    maxQueue: 3,
    addsPerMinutePerMember: 2,
    joinsPerMinutePerCode: 4,
    joinsPerMinutePerIp: 6,
  };
  const limited = createHttpApp(deps.logger, (a) => {
    a.use(authenticate(deps));
    a.use(roomRoutes(deps, limits));
  });

  test('members per room, queue length and adds per minute per member', async () => {
    const { code, host } = await newRoom('tj', limited);
    const b = await join(code, 'b', limited);
    await join(code, 'c', limited);
    const full = await request(limited).post(`/api/rooms/${code}/join`).send({ display_name: 'd' });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('room_full');
    expect((await add(code, host, songs[0].id, {}, limited)).status).toBe(201);
    expect((await add(code, host, songs[1].id, {}, limited)).status).toBe(201);
    const third = await add(code, host, songs[2].id, {}, limited);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect((await add(code, b, songs[2].id, {}, limited)).status).toBe(201);
    const over = await add(code, b, songs[3].id, {}, limited);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('queue_full');
  });

  test('join attempts are limited per code and per address, unknown codes counting too', async () => {
    const { code } = await newRoom('tj', limited);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await request(limited)
            .post(`/api/rooms/${code}/join`)
            .send({ display_name: `n${i}` })
        ).status,
      );
    // 2 joins fill the room (409 after), the 5th attempt on the code is over its limit of 4
    expect(statuses).toEqual([200, 200, 409, 409, 429]);
    const guesses: number[] = [];
    for (let i = 0; i < 2; i++)
      guesses.push((await request(limited).post('/api/rooms/ABCDEF/join').send({ display_name: 'g' })).status);
    expect(guesses).toEqual([404, 429]);
  });
});

describe('the live stream', () => {
  let server: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server.close());

  test('streams every change in order, and a reconnect with Last-Event-ID gets exactly what it missed', async () => {
    const { code, host } = await newRoom();
    const friend = await join(code);
    const s1 = await openStream(server.url, code, friend);
    expect(s1.status).toBe(200);
    await s1.waitFor(2); // created, joined replayed from Postgres
    const a = (await add(code, host, songs[0].id)).body.id;
    const b = (await add(code, host, songs[1].id)).body.id;
    await request(app).patch(`/api/rooms/${code}/items/${b}`).set(friend).send({ after_item_id: null }).expect(200);
    const seen = await s1.waitFor(5);
    expect(seen.map((e) => e.kind)).toEqual(['created', 'joined', 'added', 'added', 'moved']);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(seen[4]).toMatchObject({ item_id: b, after_item_id: null });
    s1.close();
    // changes while the phone is away
    await request(app).delete(`/api/rooms/${code}/items/${a}`).set(host).expect(204);
    await add(code, host, songs[2].id).expect(201);
    const s2 = await openStream(server.url, code, { ...friend, 'last-event-id': '5' });
    await add(code, host, songs[3].id).expect(201);
    const resumed = await s2.waitFor(3);
    expect(resumed.map((e) => [e.seq, e.kind])).toEqual([
      [6, 'removed'],
      [7, 'added'],
      [8, 'added'],
    ]);
    await request(app).post(`/api/rooms/${code}/close`).set(host).expect(204);
    await s2.waitFor(4);
    await s2.ended; // the stream ends after `closed`
    expect(s2.events.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
  });

  test('a stream without membership is refused', async () => {
    const { code } = await newRoom();
    const s = await openStream(server.url, code, {});
    expect(s.status).toBe(401);
  });
});

describe('the join QR code', () => {
  test("is an SVG of the PUBLIC_URL join link for that code (not the request's Host), and a malformed code is 404", async () => {
    const { code } = await newRoom();
    const res = await request(app)
      .get(`/api/rooms/${code}/qr.svg`)
      .set('Host', 'evil.example')
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8')
          .on('data', (c: string) => {
            text += c;
          })
          .on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body as unknown as string;
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(roomLink(deps.config.publicUrl, code)).toBe(`${new URL(deps.config.publicUrl).origin}/#/room/${code}`);
    expect(svg).toBe(await roomQrSvg(deps.config.publicUrl, code));
    expect(svg).not.toBe(await roomQrSvg('http://evil.example', code));
    expect((await request(app).get('/api/rooms/0OIL10/qr.svg')).status).toBe(404);
  });
});

import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const app = testApp(deps);
let songs: number[] = [];
let alice: { authorization: string };
let bob: { authorization: string };

async function insertSongs(count: number): Promise<number[]> {
  const { rows } = await deps.pg.query<{ id: string }>(
    `INSERT INTO songs (title, artist, tj_no, merge_rule, merge_score, merge_key)
     SELECT '곡 ' || i, '가수 ' || (i % 3), (90000 + i)::text, 'fixture', 1, 'k' || i FROM generate_series(1, $1) i RETURNING id`,
    [count],
  );
  return rows.map((r) => Number(r.id));
}

async function account(name: string) {
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `${name}-${Date.now()}@example.com`, password: 'password1' });
  return { authorization: `Bearer ${res.body.token}` };
}

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, ['users', 'songs', 'catalog_entries', 'events']);
  songs = await insertSongs(6);
  alice = await account('alice');
  bob = await account('bob');
});
afterAll(() => closeDeps(deps));

const newList = async (auth: { authorization: string }, name: string) => {
  const res = await request(app).post('/api/lists').set(auth).send({ name });
  expect(res.status).toBe(201);
  return res.body.id as number;
};
const order = async (auth: { authorization: string }, listId: number) =>
  (
    (await request(app).get(`/api/lists/${listId}`).set(auth)).body.songs as Array<{
      song_id: number;
      position: number;
    }>
  ).map((s) => s.song_id);

describe('saved lists', () => {
  test('a user keeps several named lists', async () => {
    const a = await newList(alice, '발라드');
    const b = await newList(alice, '회식용');
    const res = await request(app).get('/api/lists').set(alice);
    expect(res.body.lists.map((l: { id: number; name: string }) => [l.id, l.name])).toEqual(
      expect.arrayContaining([
        [a, '발라드'],
        [b, '회식용'],
      ]),
    );
    const dup = await request(app).post('/api/lists').set(alice).send({ name: '발라드' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('list_name_taken');
    expect((await request(app).post('/api/lists').set(alice).send({ name: '  ' })).status).toBe(400);
  });

  test('adding keeps order, is idempotent, and refuses songs that do not exist', async () => {
    const id = await newList(alice, 'order');
    for (const s of [songs[2], songs[0], songs[1]])
      expect((await request(app).put(`/api/lists/${id}/songs/${s}`).set(alice)).status).toBe(201);
    const again = await request(app).put(`/api/lists/${id}/songs/${songs[0]}`).set(alice);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ added: false, position: 1 });
    expect(await order(alice, id)).toEqual([songs[2], songs[0], songs[1]]);
    const missing = await request(app).put(`/api/lists/${id}/songs/999999`).set(alice);
    expect(missing.status).toBe(404);
    const list = (await request(app).get(`/api/lists/${id}`).set(alice)).body;
    expect(list.song_count).toBe(3);
    expect(list.songs[0]).toMatchObject({ song_id: songs[2], position: 0, title: '곡 3', tj_no: '90003' });
  });

  test('removing closes the gap; moving puts a song at a position', async () => {
    const id = await newList(alice, 'moves');
    for (const s of songs.slice(0, 5)) await request(app).put(`/api/lists/${id}/songs/${s}`).set(alice);
    expect((await request(app).delete(`/api/lists/${id}/songs/${songs[1]}`).set(alice)).status).toBe(204);
    expect(await order(alice, id)).toEqual([songs[0], songs[2], songs[3], songs[4]]);
    const moved = await request(app).patch(`/api/lists/${id}/songs/${songs[4]}`).set(alice).send({ position: 0 });
    expect(moved.status).toBe(200);
    expect(moved.body.songs.map((s: { song_id: number; position: number }) => [s.song_id, s.position])).toEqual([
      [songs[4], 0],
      [songs[0], 1],
      [songs[2], 2],
      [songs[3], 3],
    ]);
    await request(app).patch(`/api/lists/${id}/songs/${songs[4]}`).set(alice).send({ position: 99 });
    expect(await order(alice, id)).toEqual([songs[0], songs[2], songs[3], songs[4]]);
    expect(
      (await request(app).patch(`/api/lists/${id}/songs/${songs[1]}`).set(alice).send({ position: 0 })).status,
    ).toBe(404);
    expect(
      (await request(app).patch(`/api/lists/${id}/songs/${songs[0]}`).set(alice).send({ position: -1 })).status,
    ).toBe(400);
  });

  test('a key memo (-6..+6) and a note stay with the song, survive a move, and are cleared with null', async () => {
    const id = await newList(alice, 'keys');
    for (const s of songs.slice(0, 2)) await request(app).put(`/api/lists/${id}/songs/${s}`).set(alice);
    const set = await request(app)
      .patch(`/api/lists/${id}/songs/${songs[1]}`)
      .set(alice)
      .send({ key_shift: -3, note: '  2절 빠르게  ' });
    expect(set.status).toBe(200);
    expect(set.body.songs[1]).toMatchObject({ song_id: songs[1], key_shift: -3, note: '2절 빠르게' });
    const moved = await request(app).patch(`/api/lists/${id}/songs/${songs[1]}`).set(alice).send({ position: 0 });
    expect(moved.body.songs[0]).toMatchObject({ song_id: songs[1], key_shift: -3, note: '2절 빠르게' });
    expect(moved.body.songs[1]).toMatchObject({ song_id: songs[0], key_shift: null, note: null });
    const keyOnly = await request(app).patch(`/api/lists/${id}/songs/${songs[1]}`).set(alice).send({ key_shift: 6 });
    expect(keyOnly.body.songs[0]).toMatchObject({ key_shift: 6, note: '2절 빠르게' });
    const cleared = await request(app)
      .patch(`/api/lists/${id}/songs/${songs[1]}`)
      .set(alice)
      .send({ key_shift: null, note: '' });
    expect(cleared.body.songs[0]).toMatchObject({ key_shift: null, note: null });
  });

  test.each([
    [{ key_shift: 7 }, 'key_shift'],
    [{ key_shift: 1.5 }, 'key_shift'],
    [{ note: 'x'.repeat(201) }, 'note'],
    [{}, 'position'],
  ])('a memo %j is a 400 naming %s', async (body, field) => {
    const id = await newList(alice, `bad memo ${field} ${JSON.stringify(body).length}`);
    await request(app).put(`/api/lists/${id}/songs/${songs[0]}`).set(alice);
    const res = await request(app).patch(`/api/lists/${id}/songs/${songs[0]}`).set(alice).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', details: { field } });
  });

  test('only the owner sets a memo; a song not in the list is a 404', async () => {
    const id = await newList(alice, 'private memo');
    await request(app).put(`/api/lists/${id}/songs/${songs[0]}`).set(alice);
    expect(
      (await request(app).patch(`/api/lists/${id}/songs/${songs[0]}`).set(bob).send({ key_shift: 1 })).status,
    ).toBe(403);
    expect(
      (await request(app).patch(`/api/lists/${id}/songs/${songs[3]}`).set(alice).send({ key_shift: 1 })).status,
    ).toBe(404);
  });

  test('rename and delete', async () => {
    const id = await newList(alice, 'old name');
    const renamed = await request(app).patch(`/api/lists/${id}`).set(alice).send({ name: 'new name' });
    expect(renamed.body).toMatchObject({ id, name: 'new name' });
    expect((await request(app).delete(`/api/lists/${id}`).set(alice)).status).toBe(204);
    expect((await request(app).get(`/api/lists/${id}`).set(alice)).status).toBe(404);
  });

  test('only the owner reads or changes a list: 401 without a token, 403 for someone else', async () => {
    const id = await newList(alice, 'private');
    await request(app).put(`/api/lists/${id}/songs/${songs[0]}`).set(alice);
    expect((await request(app).get(`/api/lists/${id}`)).status).toBe(401);
    expect((await request(app).get('/api/lists')).status).toBe(401);
    const attempts = [
      request(app).get(`/api/lists/${id}`).set(bob),
      request(app).patch(`/api/lists/${id}`).set(bob).send({ name: 'mine now' }),
      request(app).delete(`/api/lists/${id}`).set(bob),
      request(app).put(`/api/lists/${id}/songs/${songs[1]}`).set(bob),
      request(app).delete(`/api/lists/${id}/songs/${songs[0]}`).set(bob),
      request(app).patch(`/api/lists/${id}/songs/${songs[0]}`).set(bob).send({ position: 0 }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await order(alice, id)).toEqual([songs[0]]);
    expect((await request(app).get('/api/lists').set(bob)).body.lists).toEqual([]);
  });

  test('add and remove are logged as save and unsave events with the session id', async () => {
    const id = await newList(alice, 'logged');
    await request(app).put(`/api/lists/${id}/songs/${songs[5]}`).set(alice).set('x-session-id', 'sess-lists-1');
    await request(app).put(`/api/lists/${id}/songs/${songs[5]}`).set(alice).set('x-session-id', 'sess-lists-1'); // no second save
    await request(app).delete(`/api/lists/${id}/songs/${songs[5]}`).set(alice).set('x-session-id', 'sess-lists-1');
    await deps.writers.events.flush();
    const { rows } = await deps.pg.query(
      `SELECT kind, song_id::int, session_id FROM events WHERE session_id = 'sess-lists-1' ORDER BY occurred_at, kind DESC`,
    );
    expect(rows).toEqual([
      { kind: 'save', song_id: songs[5], session_id: 'sess-lists-1' },
      { kind: 'unsave', song_id: songs[5], session_id: 'sess-lists-1' },
    ]);
  });
});

// Two real API processes on one database and one Redis: a change made through one reaches a stream held by the
// other (Redis pub/sub), and a stream that resumes on the other process replays from Postgres.
import request from 'supertest';
import { testDeps, closeDeps } from '../support';
import { killApiProcess, startApiProcess, type ApiProcess } from '../ops/api-process';
import { openStream, seedSongs, type SeedSong } from './helpers';

const deps = testDeps();
let a: ApiProcess | undefined;
let b: ApiProcess | undefined;
let songs: SeedSong[] = [];

beforeAll(async () => {
  songs = await seedSongs(deps, 6, 'p');
  [a, b] = await Promise.all([startApiProcess({}), startApiProcess({})]);
}, 180_000);
afterAll(async () => {
  killApiProcess(a);
  killApiProcess(b);
  await closeDeps(deps);
});

test('a stream on one process hears changes made on the other, and resumes on either without loss or repeat', async () => {
  const created = await request(a!.url).post('/api/rooms').send({ brand: 'tj', display_name: '방장' }).expect(201);
  const code = created.body.room.code;
  const host = { 'x-room-token': created.body.member_token };
  const joined = await request(b!.url).post(`/api/rooms/${code}/join`).send({ display_name: '친구' }).expect(200);
  const friend = { 'x-room-token': joined.body.member_token };

  const onB = await openStream(b!.url, code, friend);
  await onB.waitFor(2);
  for (const s of songs.slice(0, 3))
    await request(a!.url).post(`/api/rooms/${code}/items`).set(host).send({ song_id: s.id }).expect(201);
  const seen = await onB.waitFor(5);
  expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  expect(seen.slice(2).map((e) => (e.item as { song_id: number }).song_id)).toEqual(songs.slice(0, 3).map((s) => s.id));
  onB.close();

  await request(b!.url).post(`/api/rooms/${code}/items`).set(friend).send({ song_id: songs[3].id }).expect(201);
  const onA = await openStream(a!.url, code, { ...friend, 'last-event-id': '5' });
  await request(b!.url).post(`/api/rooms/${code}/items`).set(friend).send({ song_id: songs[4].id }).expect(201);
  const resumed = await onA.waitFor(2);
  expect(resumed.map((e) => e.seq)).toEqual([6, 7]);
  onA.close();
}, 60_000);

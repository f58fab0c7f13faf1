// Sing-next for a room on a trained model: a small catalog in taste clusters (tests/recs/helpers.ts).
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { trainRecs } from '../../src/recs/train';
import { buildSongsIndex, seedCatalog, seedSessions, type ClusterSong } from '../recs/helpers';
import { followedSeed, seedWeights } from '../../src/rooms/sing-next';

const deps = testDeps({ RECS_EPOCHS: '15', RECS_MIN_COUNT: '1' });
const app = testApp(deps);
let songs: ClusterSong[] = [];

beforeAll(async () => {
  songs = await seedCatalog(deps);
  await seedSessions(deps, songs);
  await buildSongsIndex(deps);
  await trainRecs(deps, { inProcess: true });
}, 120_000);
afterAll(() => closeDeps(deps));

test('seed weights favour the newest song, and a candidate follows the seed most like it', () => {
  expect(seedWeights(3)).toEqual([0.25, 0.5, 1]);
  expect(
    followedSeed(
      [1, 0],
      [
        { vector: [1, 0], weight: 0.25 },
        { vector: [0, 1], weight: 1 },
      ],
    ),
  ).toBe(0);
});

test("after the room sings a cluster, sing-next offers that cluster on the room's brand, leaves out what it sang or queued, and names the song it follows", async () => {
  const created = await request(app).post('/api/rooms').send({ brand: 'tj', display_name: '방장' });
  const { code } = created.body.room;
  const host = { 'x-room-token': created.body.member_token };
  const before = await request(app).get(`/api/rooms/${code}/next?k=5`).set(host);
  expect(before.status).toBe(200);
  expect(before.body.items.every((i: { source: string }) => i.source === 'popular')).toBe(true);

  const cluster1 = songs.filter((s) => s.cluster === 1 && s.tj_no);
  const sung = cluster1.slice(0, 3);
  for (const s of sung) {
    const item = (await request(app).post(`/api/rooms/${code}/items`).set(host).send({ song_id: s.id })).body.id;
    await request(app).post(`/api/rooms/${code}/items/${item}/sang`).set(host).send({}).expect(204);
  }
  const queued = cluster1[3];
  await request(app).post(`/api/rooms/${code}/items`).set(host).send({ song_id: queued.id }).expect(201);
  const res = await request(app).get(`/api/rooms/${code}/next?k=6`).set(host);
  expect(res.status).toBe(200);
  const items = res.body.items as Array<{
    id: number;
    number: string;
    reason: string;
    source: string;
    after_song_id: number;
  }>;
  expect(items).toHaveLength(6);
  const byId = new Map(songs.map((s) => [s.id, s]));
  const fromModel = items.filter((i) => i.source === 'item2vec');
  expect(fromModel.length).toBeGreaterThanOrEqual(4);
  expect(fromModel.filter((i) => byId.get(i.id)!.cluster === 1).length).toBeGreaterThanOrEqual(
    Math.ceil(fromModel.length * 0.75),
  );
  const excluded = new Set([...sung, queued].map((s) => s.id));
  expect(items.some((i) => excluded.has(i.id))).toBe(false);
  expect(items.every((i) => i.number === byId.get(i.id)!.tj_no)).toBe(true);
  for (const i of fromModel) {
    const seed = sung.find((s) => s.id === i.after_song_id)!;
    expect(i.reason).toBe(`방금 부른 '${seed.title}' 다음에 많이 불러요`);
  }

  // sing one of the suggestions: it leaves the list, and the list follows the new last song
  const pick = fromModel[0];
  const item = (
    await request(app).post(`/api/rooms/${code}/items`).set(host).send({ song_id: pick.id, source: 'next' })
  ).body.id;
  await request(app).post(`/api/rooms/${code}/items/${item}/sang`).set(host).send({}).expect(204);
  const after = (await request(app).get(`/api/rooms/${code}/next?k=6`).set(host)).body.items as typeof items;
  expect(after.some((i) => i.id === pick.id)).toBe(false);
}, 60_000);

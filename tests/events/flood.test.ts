// A scripted flood of POST /api/events against the real app, Postgres, Elasticsearch and Redis: made-up session ids
// move neither popularity (the real rescoring), the training sequences, the model's neighbours (/similar) nor the
// popular lists; one signed-in user's repeats count as a couple of songs sung, sessions issued to one address count
// as little as the caps say, and one account's many saved lists train like a few.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps, clearKeys, redisReady } from '../support';
import { rescorePopularity } from '../../src/songs/popularity';
import { trainRecs } from '../../src/recs/train';
import { loadTrainingSequences, MAX_LISTS_PER_USER } from '../../src/recs/sequences';
import { popularSongs } from '../../src/recs/popular';
import { COUNTING, countedEventsSql } from '../../src/events/counting';
import { EVENT_WEIGHTS } from '../../src/songs/popularity';
import { buildSongsIndex, seedCatalog, seedSessions, type ClusterSong } from '../recs/helpers';

const deps = testDeps({ RECS_EPOCHS: '15', RECS_MIN_COUNT: '1', TRUST_PROXY: 'loopback' });
const app = testApp(deps);
let songs: ClusterSong[] = [];
let target: ClusterSong;
let partners: ClusterSong[];
// every scoring and training looks at the same moment, after every event of the test
const scoreAt = new Date(Date.now() + 3_600_000);

const popularity = async () =>
  (
    await deps.pg.query<{ song_id: string; events_score: number; popularity: number }>(
      'SELECT song_id, events_score, popularity FROM song_popularity ORDER BY song_id',
    )
  ).rows;
const eventsScoreOf = async (id: number) =>
  Number(
    (await deps.pg.query('SELECT events_score FROM song_popularity WHERE song_id = $1', [id])).rows[0]?.events_score ??
      0,
  );
const similar = async (id: number) => {
  const res = await request(app).get(`/api/songs/${id}/similar?k=10`).set('x-forwarded-for', '10.200.0.1');
  expect(res.status).toBe(200);
  expect(res.body.source).toBe('item2vec');
  return res.body.items.map((i: { id: number; score: number }) => [i.id, i.score]);
};
const popularList = async () => {
  await clearKeys(deps.redis, deps.config.redisPrefix, `${deps.config.redisPrefix}recs:popular:*`);
  return (await popularSongs(deps, {}, { k: 10, now: scoreAt })).items.map((s) => s.id);
};
const everCounted = () =>
  countedEventsSql({ kinds: ['sang', 'view'], after: "'-infinity'::timestamptz", until: "'infinity'::timestamptz" });
const post = (events: Array<{ kind: 'view' | 'sang'; song_id: number }>, headers: Record<string, string>) =>
  request(app).post('/api/events').set(headers).send({ events });

/** 50 events a request: the target sung between songs of another taste cluster, over and over. */
const floodBatch = () =>
  Array.from({ length: 50 }, (_, i) =>
    i % 2
      ? { kind: 'view' as const, song_id: partners[(i >> 1) % partners.length].id }
      : { kind: 'sang' as const, song_id: target.id },
  );

beforeAll(async () => {
  await redisReady(deps.redis);
  songs = await seedCatalog(deps);
  await seedSessions(deps, songs);
  await buildSongsIndex(deps);
  target = songs.filter((s) => s.cluster === 2)[7];
  partners = songs.filter((s) => s.cluster === 0).slice(0, 6);
  await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
}, 60_000);
afterAll(() => closeDeps(deps));

test('made-up session ids: popularity, training sequences, /similar and popular lists stay exactly as they were', async () => {
  await rescorePopularity(deps, { now: scoreAt });
  const popularityBefore = await popularity();
  const sequencesBefore = await loadTrainingSequences(deps.pg, scoreAt);
  await trainRecs(deps, { inProcess: true, now: scoreAt });
  const similarBefore = await similar(target.id);
  const partnerBefore = await similar(partners[0].id);
  const popularBefore = await popularList();

  // 60 requests a minute per address, 50 events each, each request from a new session id (some shaped like issued ones)
  for (let r = 0; r < 40; r++) {
    const session =
      r % 4 === 0 ? `ns_${String(r).padStart(32, 'x')}` : `flood-${r}-${Math.random().toString(36).slice(2, 10)}`;
    const res = await post(floodBatch(), { 'x-session-id': session, 'x-forwarded-for': `10.201.${r >> 4}.${r & 15}` });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 50, counted: false });
  }
  await deps.writers.events.flush();
  expect(
    Number(
      (await deps.pg.query('SELECT count(*) AS n FROM events WHERE song_id = $1 AND kind = $2', [target.id, 'sang']))
        .rows[0].n,
    ),
  ).toBe(40 * 25);

  await rescorePopularity(deps, { now: scoreAt });
  expect(await popularity()).toEqual(popularityBefore);
  expect(await loadTrainingSequences(deps.pg, scoreAt)).toEqual(sequencesBefore);
  const retrained = await trainRecs(deps, { inProcess: true, now: scoreAt, force: true });
  expect(retrained.promoted).toBe(true);
  expect(await similar(target.id)).toEqual(similarBefore);
  expect(await similar(partners[0].id)).toEqual(partnerBefore);
  expect(await popularList()).toEqual(popularBefore);
}, 120_000);

test("one signed-in user's flood counts as the song sung a couple of times, however many times it is sent", async () => {
  const signup = await request(app)
    .post('/api/auth/signup')
    .set('x-forwarded-for', '10.202.0.1')
    .send({ email: `flood-${process.pid}-${Date.now()}@example.com`, password: 'correct horse battery' });
  expect(signup.status).toBe(201);
  const auth = { authorization: `Bearer ${signup.body.token}`, 'x-forwarded-for': '10.202.0.1' };
  await rescorePopularity(deps, { now: scoreAt });
  const before = await eventsScoreOf(target.id);
  for (let r = 0; r < 20; r++)
    expect((await post(floodBatch(), { ...auth, 'x-session-id': `user-flood-${r}-aaaa` })).body).toEqual({
      accepted: 50,
      counted: true,
    });
  await deps.writers.events.flush();
  await rescorePopularity(deps, { now: scoreAt });
  // 500 sang events of today, at most perItemPerDay of them counted, at the weight of a fresh sang
  expect((await eventsScoreOf(target.id)) - before).toBeCloseTo(COUNTING.perItemPerDay * EVENT_WEIGHTS.sang, 1);
  // the user's whole day is one training sequence, not one per client-chosen session id
  const counted = await deps.pg.query(
    `SELECT count(*)::int AS n, count(DISTINCT actor)::int AS actors FROM ${everCounted()} c WHERE user_id = $1`,
    [signup.body.user.id],
  );
  expect(counted.rows[0]).toEqual({ n: COUNTING.perItemPerDay * (1 + partners.length), actors: 1 });
});

test('sessions issued to one address count at most the per-address caps, at the anonymous weight', async () => {
  await rescorePopularity(deps, { now: scoreAt });
  const before = await eventsScoreOf(target.id);
  const ip = { 'x-forwarded-for': '10.203.0.1' };
  for (let r = 0; r < 20; r++) {
    const issued = await request(app).post('/api/sessions').set(ip);
    expect(issued.status).toBe(201);
    expect((await post(floodBatch(), { ...ip, 'x-session-id': issued.body.session_id })).body).toEqual({
      accepted: 50,
      counted: true,
    });
  }
  await deps.writers.events.flush();
  await rescorePopularity(deps, { now: scoreAt });
  expect((await eventsScoreOf(target.id)) - before).toBeCloseTo(
    COUNTING.perItemPerDay * EVENT_WEIGHTS.sang * COUNTING.anonymousWeight,
    1,
  );
  const counted = await deps.pg.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE song_id = $2)::int AS target FROM ${everCounted()} c WHERE ip_subject = $1`,
    ['10.203.0.1', target.id],
  );
  expect(counted.rows[0].n).toBeLessThanOrEqual(COUNTING.addressPerDay);
  expect(counted.rows[0].target).toBe(COUNTING.perItemPerDay);
});

test("one account's saved lists train as its newest few, however many it makes", async () => {
  const signup = await request(app)
    .post('/api/auth/signup')
    .set('x-forwarded-for', '10.204.0.1')
    .send({ email: `lists-${process.pid}-${Date.now()}@example.com`, password: 'correct horse battery' });
  expect(signup.status).toBe(201);
  const before = await loadTrainingSequences(deps.pg, scoreAt);
  for (let l = 0; l < 25; l++) {
    const list = await deps.pg.query<{ id: string }>(
      'INSERT INTO song_lists (user_id, name) VALUES ($1, $2) RETURNING id',
      [signup.body.user.id, `flood ${l}`],
    );
    await deps.pg.query('INSERT INTO song_list_entries (list_id, song_id, position) VALUES ($1, $2, 0), ($1, $3, 1)', [
      list.rows[0].id,
      target.id,
      partners[l % partners.length].id,
    ]);
  }
  const after = await loadTrainingSequences(deps.pg, scoreAt);
  expect(after.lists - before.lists).toBe(MAX_LISTS_PER_USER);
});

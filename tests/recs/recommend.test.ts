import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { indexName } from '../../src/platform/elasticsearch';
import { trainRecs, type TrainSummary } from '../../src/recs/train';
import { vectorsForSongs } from '../../src/recs/vectors';
import { songVectorsAlias } from '../../src/recs/vector-index';
import { aliasTargets } from '../../src/platform/index-admin';
import { buildKnnSearch, knnHits } from '../../src/recs/recommend';
import { buildSongsIndex, seedCatalog, seedSessions, type ClusterSong } from './helpers';

// a fast model for a 60-song catalog; the dimensions must match mappings/song-vectors.json
const deps = testDeps({ RECS_EPOCHS: '15', RECS_MIN_COUNT: '1' });
const app = testApp(deps);
let songs: ClusterSong[] = [];
let first: TrainSummary;
const byId = (id: number) => songs.find((s) => s.id === id)!;
const alias = indexName(deps.config, 'songs');
const vectorsAlias = songVectorsAlias(deps.config);

async function signUp(extra: Record<string, unknown> = {}) {
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `recs-${Math.random().toString(36).slice(2)}@example.com`, password: 'password1', ...extra });
  return { authorization: `Bearer ${res.body.token}` };
}

async function saveSongs(auth: { authorization: string }, ids: number[]) {
  const list = await request(app)
    .post('/api/lists')
    .set(auth)
    .send({ name: `saved ${Math.random()}` });
  for (const id of ids)
    expect((await request(app).put(`/api/lists/${list.body.id}/songs/${id}`).set(auth)).status).toBe(201);
}

beforeAll(async () => {
  songs = await seedCatalog(deps);
  await seedSessions(deps, songs);
  await buildSongsIndex(deps);
}, 60_000);
afterAll(() => closeDeps(deps));

describe('before any model exists', () => {
  test('recommendations fall back to popular songs and say so', async () => {
    const user = await signUp();
    const res = await request(app).get('/api/me/recommendations?k=5').set(user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_version: null, source: 'popular' });
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((i: { source: string }) => i.source === 'popular')).toBe(true);
  });

  test('recommendations need a token', async () => {
    expect((await request(app).get('/api/me/recommendations')).status).toBe(401);
  });
});

describe('training', () => {
  beforeAll(async () => {
    first = await trainRecs(deps); // in a worker thread, as the cron job runs it
  }, 60_000);

  test('records a promoted model version with params, metrics and vectors in Postgres', async () => {
    expect(first.promoted).toBe(true);
    const row = (await deps.pg.query('SELECT * FROM rec_models WHERE version = $1', [first.version])).rows[0];
    expect(row).toMatchObject({ promoted: true, algorithm: 'item2vec-sgns', decision: 'no current model' });
    expect(row.params).toMatchObject({ dimensions: 32, epochs: 15, seed: deps.config.recs.seed });
    expect(row.metrics.model.cases).toBeGreaterThan(10);
    const vectors = await vectorsForSongs(
      deps.pg,
      songs.map((s) => s.id),
    );
    expect(vectors.size).toBe(songs.length);
    expect([...vectors.values()][0].vector).toHaveLength(32);
  });

  test('learns the clusters: beats popularity on held-out sessions', () => {
    expect(first.metrics.model.hitRate).toBeGreaterThan(first.metrics.popularity.hitRate);
  });

  test('the promoted vectors are served from their own force-merged index, not the songs index', async () => {
    expect(first.serving?.index).toMatchObject({ alias: vectorsAlias, indexed: songs.length });
    const doc = await deps.es.get<{ model_version: string; brands: string[] }>({
      index: vectorsAlias,
      id: String(songs[0].id),
    });
    expect(doc._source!.model_version).toBe(first.version);
    expect(await deps.es.cat.segments({ index: vectorsAlias, format: 'json' })).toHaveLength(1);
    const text = await deps.es.get<Record<string, unknown>>({ index: alias, id: String(songs[0].id) });
    expect(text._source).not.toHaveProperty('vector');
  });

  test('each song has a stored neighbour list of the promoted model, best first, without itself', async () => {
    const { rows } = await deps.pg.query<{ song_id: string; neighbour_ids: string[]; scores: number[] }>(
      'SELECT song_id, neighbour_ids, scores FROM song_neighbours WHERE model_version = $1',
      [first.version],
    );
    expect(rows).toHaveLength(songs.length);
    for (const r of rows) {
      expect(r.neighbour_ids).toHaveLength(songs.length - 1);
      expect(r.neighbour_ids.map(Number)).not.toContain(Number(r.song_id));
      expect([...r.scores].sort((a, b) => b - a)).toEqual(r.scores);
    }
  });

  test('a worse model is kept but not promoted, and the index keeps the current vectors', async () => {
    const worse = await trainRecs(deps, { inProcess: true, params: { epochs: 1, learningRate: 1e-6 } });
    expect(worse.promoted).toBe(false);
    expect(worse.metrics.current?.version).toBe(first.version);
    expect(worse.metrics.model.hitRate).toBeLessThan(worse.metrics.current!.hitRate);
    expect(worse.decision).toMatch(/< current/);
    const promoted = (await deps.pg.query('SELECT version FROM rec_models WHERE promoted')).rows;
    expect(promoted).toEqual([{ version: first.version }]);
    const doc = await deps.es.get<{ model_version: string }>({ index: vectorsAlias, id: String(songs[0].id) });
    expect(doc._source!.model_version).toBe(first.version);
  }, 60_000);

  test('two trainings cannot run at once', async () => {
    const params = { epochs: 1, learningRate: 1e-6 };
    const results = await Promise.allSettled([
      trainRecs(deps, { inProcess: true, params }),
      trainRecs(deps, { inProcess: true, params }),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason.message).toMatch(/recs:train is already running/);
  }, 60_000);
});

describe('serving', () => {
  test('recommends unsaved songs from the cluster of what the user saved, naming the model', async () => {
    const user = await signUp();
    const cluster0 = songs.filter((s) => s.cluster === 0);
    const saved = [cluster0[0].id, cluster0[6].id, cluster0[12].id];
    await saveSongs(user, saved);
    const res = await request(app).get('/api/me/recommendations?k=6').set(user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_version: first.version, source: 'item2vec' });
    const items = res.body.items as Array<{ id: number; artist: string; source: string }>;
    expect(items).toHaveLength(6);
    expect(items.some((i) => saved.includes(i.id))).toBe(false);
    expect(items.filter((i) => byId(i.id).cluster === 0).length).toBeGreaterThanOrEqual(5);
    const perArtist = new Map<string, number>();
    for (const i of items) perArtist.set(i.artist, (perArtist.get(i.artist) ?? 0) + 1);
    expect(Math.max(...perArtist.values())).toBeLessThanOrEqual(deps.config.recs.maxPerArtist);
  });

  test('brand=ky only returns songs with a KY number, brand=tj only with a TJ number', async () => {
    const user = await signUp();
    await saveSongs(user, [songs.find((s) => s.cluster === 1)!.id]);
    for (const brand of ['ky', 'tj'] as const) {
      const res = await request(app).get(`/api/me/recommendations?k=8&brand=${brand}`).set(user);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const item of res.body.items) expect(item[`${brand}_no`]).not.toBeNull();
    }
    expect((await request(app).get('/api/me/recommendations?brand=joysound').set(user)).status).toBe(400);
    expect((await request(app).get('/api/me/recommendations?k=0').set(user)).status).toBe(400);
  });

  test('similar songs come from the same cluster and exclude the song itself', async () => {
    const song = songs.find((s) => s.cluster === 2)!;
    const res = await request(app).get(`/api/songs/${song.id}/similar?k=5`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ song_id: song.id, model_version: first.version, source: 'item2vec' });
    const ids = res.body.items.map((i: { id: number }) => i.id);
    expect(ids).not.toContain(song.id);
    expect(ids.filter((id: number) => byId(id).cluster === 2).length).toBeGreaterThanOrEqual(4);
    expect((await request(app).get('/api/songs/99999999/similar')).status).toBe(404);
  });

  test('a page of similar songs read from the head of the stored list equals the page from the whole list', async () => {
    const { capPerArtist } = await import('../../src/recs/profile');
    const { promotedNeighbours } = await import('../../src/recs/neighbours');
    for (const song of songs.filter((_, i) => i % 6 === 0)) {
      const whole = (await promotedNeighbours(deps.pg, song.id))!;
      expect(whole.complete).toBe(true);
      expect((await promotedNeighbours(deps.pg, song.id, 3))!).toMatchObject({
        complete: false,
        items: whole.items.slice(0, 3),
      });
      for (const [k, brand] of [
        [2, undefined],
        [4, 'ky'],
        [6, 'tj'],
      ] as const) {
        const expected = capPerArtist(
          whole.items.filter((n) => n.id !== song.id && (!brand || (brand === 'tj' ? n.tj_no : n.ky_no))),
          deps.config.recs.maxPerArtist,
          k,
        );
        const res = await request(app).get(`/api/songs/${song.id}/similar?k=${k}${brand ? `&brand=${brand}` : ''}`);
        expect(
          res.body.items.filter((i: { source: string }) => i.source === 'item2vec').map((i: { id: number }) => i.id),
        ).toEqual(expected.map((n) => n.id));
      }
    }
  });

  test('the kNN request narrows by brand only and reads doc values', () => {
    const req = buildKnnSearch([0.1, 0.2], { brand: 'tj', candidates: 50 });
    expect(req.knn).toMatchObject({ field: 'vector', k: 50, num_candidates: 100, filter: { term: { brands: 'tj' } } });
    // no filter at all without a brand: HNSW's unfiltered search; saved songs and other models are dropped after
    expect(buildKnnSearch([0.1, 0.2], { candidates: 50 }).knn).not.toHaveProperty('filter');
    // what re-ranking and the artist cap need comes back as doc values, not as fetched hits
    expect(req).toMatchObject({
      _source: false,
      stored_fields: '_none_',
      docvalue_fields: ['id', 'occurrences', 'artist_key', 'model_version'],
    });
  });

  test('kNN hits are read from doc values, cosine recovered from the score', async () => {
    const version = (await deps.pg.query<{ version: string }>('SELECT version FROM rec_models WHERE promoted')).rows[0]
      .version;
    const [{ song_id: songId, vector }] = (
      await deps.pg.query<{ song_id: string; vector: number[] }>(
        'SELECT song_id, vector FROM song_vectors WHERE model_version = $1 ORDER BY song_id LIMIT 1',
        [version],
      )
    ).rows;
    const song = byId(Number(songId));
    const hits = knnHits(await deps.es.search({ index: vectorsAlias, ...buildKnnSearch(vector, { candidates: 10 }) }));
    expect(hits[0]).toMatchObject({ id: song.id, version });
    expect(hits[0].cosine).toBeCloseTo(1, 3);
    expect(hits.every((h) => Number.isInteger(h.id) && h.occurrences >= 0 && h.artistKey.length > 0)).toBe(true);
  });
});

describe('cold start', () => {
  test('a user without history gets what their age band and gender sing', async () => {
    const year = new Date().getUTCFullYear();
    const [hitA, hitB] = [songs[1], songs[45]];
    // three women in their 20s sing hitA, three men in their 40s sing hitB (more than anything else)
    for (let i = 0; i < 3; i++) {
      const w = await signUp({ gender: 'female', birth_year: year - 24 });
      const m = await signUp({ gender: 'male', birth_year: year - 44 });
      for (let j = 0; j < 10; j++) {
        await request(app).post('/api/events').set(w).send({ kind: 'sang', song_id: hitA.id });
        await request(app).post('/api/events').set(m).send({ kind: 'sang', song_id: hitB.id });
      }
    }
    await deps.writers.events.flush();
    const woman = await signUp({ gender: 'female', birth_year: year - 22 });
    const man = await signUp({ gender: 'male', birth_year: year - 41 });
    const forWoman = await request(app).get('/api/me/recommendations?k=3').set(woman);
    const forMan = await request(app).get('/api/me/recommendations?k=3').set(man);
    expect(forWoman.body).toMatchObject({ source: 'popular', segment: { gender: 'female', ageBand: '20s' } });
    expect(forWoman.body.items[0].id).toBe(hitA.id);
    expect(forMan.body).toMatchObject({ source: 'popular', segment: { gender: 'male', ageBand: '40s' } });
    expect(forMan.body.items[0].id).toBe(hitB.id);
  });
});

describe('promoting a new model', () => {
  test('the live vector alias keeps serving the current model until the new index is built, then swaps to it', async () => {
    const [before] = await aliasTargets(deps.es, vectorsAlias);
    const during: Array<Promise<unknown>> = [];
    const knnOld = () =>
      deps.es.search<{ model_version: string }>({
        index: vectorsAlias,
        size: 5,
        _source: ['model_version'],
        query: { match_all: {} },
      });
    const second = await trainRecs(deps, {
      inProcess: true,
      force: true,
      onProgress: (p) => {
        if (p.step === 'indexing' && !during.length) during.push(knnOld());
      },
    });
    const [served] = (await Promise.all(during)) as Array<Awaited<ReturnType<typeof knnOld>>>;
    expect(served.hits.hits.map((h) => h._source!.model_version)).toEqual(Array(5).fill(first.version));
    expect(await aliasTargets(deps.es, vectorsAlias)).toEqual([second.serving!.index.index]);
    expect(await deps.es.indices.exists({ index: before })).toBe(false);
    const song = songs[0];
    const res = await request(app).get(`/api/songs/${song.id}/similar?k=3`);
    expect(res.body).toMatchObject({ model_version: second.version, source: 'item2vec' });
    const lists = await deps.pg.query('SELECT DISTINCT model_version FROM song_neighbours');
    expect(lists.rows).toEqual([{ model_version: second.version }]);
  }, 60_000);
});

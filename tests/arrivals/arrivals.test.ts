// The 신곡 list, arrival watches and the inbox against real Postgres: catalogs loaded through the real ingest and merge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { ingestSongFiles, upsertCatalogEntries } from '../../src/songs/ingest';
import { mergeCatalogChanges } from '../../src/songs/merge-store';
import { deliverArrivals } from '../../src/arrivals/watches';
import { seoulMonth } from '../../src/arrivals/new-songs';
import type { CatalogEntry } from '../../src/songs/catalog-entry';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
// 01:00 on 1 May 2030 in Seoul, still 30 April in UTC: the default month is Seoul's
deps.clock = () => new Date('2030-04-30T16:00:00Z');
const app = testApp(deps);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-arrivals-'));
type Auth = { authorization: string };
let alice: Auth;
let bob: Auth;

const entry = (
  brand: 'tj' | 'ky',
  no: string,
  title: string,
  singer: string,
  release: string | null = null,
): CatalogEntry => ({ brand, no, title, singer, composer: null, lyricist: null, release });

function catalogFile(name: string, rows: CatalogEntry[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(rows.map((r) => ({ ...r, release: r.release ?? '' }))));
  return file;
}

async function account(name: string): Promise<Auth> {
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `${name}-${Date.now()}@example.com`, password: 'password1' });
  return { authorization: `Bearer ${res.body.token}` };
}

const songByNumber = async (brand: 'tj' | 'ky', no: string) =>
  Number((await deps.pg.query(`SELECT id FROM songs WHERE ${brand}_no = $1 AND deleted_at IS NULL`, [no])).rows[0].id);
const numbersOf = (items: Array<{ no: string; tj_no: string | null; ky_no: string | null; title: string }>) =>
  items.map((s) => [s.title, s.no, s.tj_no, s.ky_no]);

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, [
    'users',
    'songs',
    'catalog_entries',
    'song_merge_overrides',
    'song_merge_state',
    'catalog_entry_blocks',
    'catalog_alias_edges',
    'arrival_watches',
    'inbox_messages',
  ]);
  const tj = catalogFile('tj.json', [
    entry('tj', '95001', '새벽 세 시', '하늘빛', '2030-05-03'),
    entry('tj', '95002', '기다리는 노래', '하늘빛', '2030-05-12'),
    entry('tj', '95003', '지난달 노래', '하늘빛', '2030-04-28'),
    entry('tj', '95004', '날짜 없는 노래', '구름'),
  ]);
  const ky = catalogFile('ky.json', [
    entry('ky', '88001', '새벽 세 시', '하늘빛', '2030-05-10'),
    entry('ky', '88003', '금영에만 있는 노래', '바람', '2030-05-02'),
  ]);
  await ingestSongFiles(deps.pg, [tj, ky]);
  alice = await account('alice');
  bob = await account('bob');
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await closeDeps(deps);
});

describe('GET /api/songs/new', () => {
  test("this month in Seoul by default: the brand's new songs, newest first, with the other brand's number", async () => {
    const tj = await request(app).get('/api/songs/new?brand=tj');
    expect(tj.status).toBe(200);
    expect(tj.body).toMatchObject({ brand: 'tj', month: '2030-05', total: 2 });
    expect(numbersOf(tj.body.items)).toEqual([
      ['기다리는 노래', '95002', '95002', null],
      ['새벽 세 시', '95001', '95001', '88001'],
    ]);
    expect(tj.body.items[1]).toMatchObject({
      artist: '하늘빛',
      date: '2030-05-03',
      dated: true,
      id: await songByNumber('tj', '95001'),
    });

    const ky = await request(app).get('/api/songs/new?brand=ky&month=2030-05');
    expect(numbersOf(ky.body.items)).toEqual([
      ['새벽 세 시', '88001', '95001', '88001'],
      ['금영에만 있는 노래', '88003', null, '88003'],
    ]);
    const april = await request(app).get('/api/songs/new?brand=tj&month=2030-04');
    expect(numbersOf(april.body.items)).toEqual([['지난달 노래', '95003', '95003', null]]);
  });

  test('pages with limit and offset', async () => {
    const page = await request(app).get('/api/songs/new?brand=tj&month=2030-05&limit=1&offset=1');
    expect(page.body.total).toBe(2);
    expect(page.body.items.map((s: { no: string }) => s.no)).toEqual(['95001']);
  });

  test('an undated entry is new in the month we first imported it, unless it came with the first load of the catalog', async () => {
    const thisMonth = seoulMonth(new Date());
    const undated = async () =>
      (
        (await request(app).get(`/api/songs/new?brand=tj&month=${thisMonth}`)).body.items as Array<{
          no: string;
          dated: boolean;
          date: string;
        }>
      ).filter((s) => !s.dated);
    expect(await undated()).toEqual([]); // 95004 came with the first load
    // the first load was ten days ago; a song imported now without a date is news of this month
    await deps.pg.query("UPDATE catalog_entries SET imported_at = imported_at - interval '10 days'");
    await upsertCatalogEntries(deps.pg, [entry('tj', '95005', '오늘 들어온 노래', '구름')]);
    await mergeCatalogChanges(deps.pg);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    expect((await undated()).map((s) => [s.no, s.date])).toEqual([['95005', today]]);
  });

  test('a bad brand or month is a 400 naming the parameter', async () => {
    for (const [url, parameter] of [
      ['?brand=xx', 'brand'],
      ['', 'brand'],
      ['?brand=tj&month=2030-13', 'month'],
      ['?brand=ky&month=May', 'month'],
      ['?brand=tj&limit=0', 'limit'],
    ]) {
      const res = await request(app).get(`/api/songs/new${url}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter } });
    }
  });
});

describe('arrival watches and the inbox', () => {
  let waiting: number; // 기다리는 노래: TJ 95002, no KY yet
  let kyOnly: number; // 금영에만 있는 노래: KY 88003, no TJ yet
  let aliceWatch: number;

  beforeAll(async () => {
    waiting = await songByNumber('tj', '95002');
    kyOnly = await songByNumber('ky', '88003');
  });

  test('signed in only; refused for a song that has the brand (409) and for an unknown song (404)', async () => {
    expect((await request(app).post('/api/me/watches').send({ song_id: waiting, brand: 'ky' })).status).toBe(401);
    expect((await request(app).get('/api/me/watches')).status).toBe(401);
    expect((await request(app).get('/api/me/inbox')).status).toBe(401);
    const has = await request(app)
      .post('/api/me/watches')
      .set(alice)
      .send({ song_id: await songByNumber('tj', '95001'), brand: 'ky' });
    expect(has.status).toBe(409);
    expect(has.body.error.code).toBe('brand_has_song');
    expect((await request(app).post('/api/me/watches').set(alice).send({ song_id: waiting, brand: 'tj' })).status).toBe(
      409,
    );
    expect((await request(app).post('/api/me/watches').set(alice).send({ song_id: 999999, brand: 'ky' })).status).toBe(
      404,
    );
    const bad = await request(app).post('/api/me/watches').set(alice).send({ song_id: waiting, brand: 'kumyoung' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', details: { field: 'brand' } });
  });

  test('watching is idempotent and shows on the song as waiting', async () => {
    const first = await request(app).post('/api/me/watches').set(alice).send({ song_id: waiting, brand: 'ky' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      brand: 'ky',
      status: 'waiting',
      arrived_at: null,
      song: { id: waiting, title: '기다리는 노래', tj_no: '95002', ky_no: null },
    });
    aliceWatch = first.body.id;
    const again = await request(app).post('/api/me/watches').set(alice).send({ song_id: waiting, brand: 'ky' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(aliceWatch);
    expect((await request(app).post('/api/me/watches').set(bob).send({ song_id: waiting, brand: 'ky' })).status).toBe(
      201,
    );
    expect((await request(app).post('/api/me/watches').set(alice).send({ song_id: kyOnly, brand: 'tj' })).status).toBe(
      201,
    );

    const onSong = await request(app).get(`/api/me/watches?song_id=${waiting}`).set(alice);
    expect(onSong.body.watches.map((w: { id: number; status: string }) => [w.id, w.status])).toEqual([
      [aliceWatch, 'waiting'],
    ]);
    expect(
      (
        await request(app)
          .get(`/api/me/watches?song_id=${await songByNumber('tj', '95001')}`)
          .set(alice)
      ).body.watches,
    ).toEqual([]);
    expect((await request(app).get('/api/me/watches').set(alice)).body.watches).toHaveLength(2);
    expect((await request(app).get('/api/me/watches?song_id=abc').set(alice)).status).toBe(400);
    // nobody else's watch can be seen or stopped
    expect((await request(app).get(`/api/me/watches?song_id=${kyOnly}`).set(bob)).body.watches).toEqual([]);
    expect((await request(app).delete(`/api/me/watches/${aliceWatch}`).set(bob)).status).toBe(404);
    expect(await deliverArrivals(deps.pg)).toEqual({ delivered: 0 }); // KY has not got it yet
  });

  test('when a merge brings the KY number, deliverArrivals writes one message per watch, and a second call none', async () => {
    await upsertCatalogEntries(deps.pg, [entry('ky', '88002', '기다리는 노래', '하늘빛', '2030-05-20')]);
    await mergeCatalogChanges(deps.pg);
    expect(
      (await deps.pg.query(`SELECT ky_no FROM songs WHERE tj_no = '95002' AND deleted_at IS NULL`)).rows[0].ky_no,
    ).toBe('88002');
    expect(await deliverArrivals(deps.pg)).toEqual({ delivered: 2 }); // alice's and bob's
    expect(await deliverArrivals(deps.pg)).toEqual({ delivered: 0 });

    const inbox = await request(app).get('/api/me/inbox').set(alice);
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ unread: 1, total: 1 });
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'arrival',
      brand: 'ky',
      read_at: null,
      song: {
        id: await songByNumber('tj', '95002'),
        title: '기다리는 노래',
        artist: '하늘빛',
        tj_no: '95002',
        ky_no: '88002',
      },
    });
    expect((await request(app).get('/api/me/inbox').set(bob)).body.total).toBe(1);
    const watch = (await request(app).get('/api/me/watches').set(alice)).body.watches.find(
      (w: { id: number }) => w.id === aliceWatch,
    );
    expect(watch).toMatchObject({ status: 'arrived', song: { tj_no: '95002', ky_no: '88002' } });
    expect(watch.arrived_at).not.toBeNull();
    // the song now has KY: a new watch for it is refused
    expect((await request(app).post('/api/me/watches').set(alice).send({ song_id: waiting, brand: 'ky' })).status).toBe(
      409,
    );
  });

  test('an ingest that brings the TJ number delivers by itself; newest first, read once, unread count follows', async () => {
    await ingestSongFiles(deps.pg, [
      catalogFile('tj-new.json', [entry('tj', '95006', '금영에만 있는 노래', '바람', '2030-05-21')]),
    ]);
    const inbox = await request(app).get('/api/me/inbox').set(alice);
    expect(inbox.body.unread).toBe(2);
    expect(
      inbox.body.items.map((m: { brand: string; song: { tj_no: string; ky_no: string } }) => [
        m.brand,
        m.song.tj_no,
        m.song.ky_no,
      ]),
    ).toEqual([
      ['tj', '95006', '88003'],
      ['ky', '95002', '88002'],
    ]);
    const [newest] = inbox.body.items;
    const read = await request(app).post(`/api/me/inbox/${newest.id}/read`).set(alice);
    expect(read.status).toBe(200);
    expect(read.body.read_at).not.toBeNull();
    const again = await request(app).post(`/api/me/inbox/${newest.id}/read`).set(alice);
    expect(again.body.read_at).toBe(read.body.read_at);
    expect((await request(app).post(`/api/me/inbox/${newest.id}/read`).set(bob)).status).toBe(404);
    expect((await request(app).post('/api/me/inbox/999999/read').set(alice)).status).toBe(404);
    expect((await request(app).get('/api/me/inbox').set(alice)).body.unread).toBe(1);
    const page = await request(app).get('/api/me/inbox?limit=1&offset=1').set(alice);
    expect(page.body.items.map((m: { brand: string }) => m.brand)).toEqual(['ky']);
  });

  test('stopping a watch keeps its message', async () => {
    expect((await request(app).delete(`/api/me/watches/${aliceWatch}`).set(alice)).status).toBe(204);
    expect((await request(app).delete(`/api/me/watches/${aliceWatch}`).set(alice)).status).toBe(404);
    expect((await request(app).get('/api/me/inbox').set(alice)).body.total).toBe(2);
  });

  test('a watch follows its number when the merge gives the song a new id', async () => {
    await upsertCatalogEntries(deps.pg, [entry('tj', '95007', '다시 짜인 노래', '하늘빛', '2030-05-22')]);
    await mergeCatalogChanges(deps.pg);
    const before = await songByNumber('tj', '95007');
    const watched = await request(app).post('/api/me/watches').set(alice).send({ song_id: before, brand: 'ky' });
    expect(watched.status).toBe(201);
    // what a re-planned merge does: the old song is retired and its number moves to a new row
    await deps.pg.query('UPDATE songs SET tj_no = NULL, deleted_at = now() WHERE id = $1', [before]);
    const after = Number(
      (
        await deps.pg.query(
          `INSERT INTO songs (title, artist, tj_no, merge_rule, merge_score, merge_key) VALUES ('다시 짜인 노래', '하늘빛', '95007', 'fixture', 1, 'k') RETURNING id`,
        )
      ).rows[0].id,
    );
    const onSong = await request(app).get(`/api/me/watches?song_id=${after}`).set(alice);
    expect(onSong.body.watches.map((w: { id: number; song: { id: number } }) => [w.id, w.song.id])).toEqual([
      [watched.body.id, after],
    ]);
    await deps.pg.query(`UPDATE songs SET ky_no = '88007' WHERE id = $1`, [after]);
    expect(await deliverArrivals(deps.pg)).toEqual({ delivered: 1 });
    const newest = (await request(app).get('/api/me/inbox').set(alice)).body.items[0];
    expect(newest.song).toMatchObject({ id: after, tj_no: '95007', ky_no: '88007' });
  });
});

// The merge review queue on real Postgres: unsure pairs wait unmerged, an operator's accept or split becomes an
// override that every later merge keeps, decided pairs never come back, and the operator routes check their
// input and the operator token. Also: the real-catalog rules plan the same songs incrementally as from scratch.
import { testDeps, testApp, closeDeps } from '../support';
import { documentedRequest } from '../api-contract';
import { upsertCatalogEntries } from '../../src/songs/ingest';
import { mergeCatalog, mergeCatalogChanges } from '../../src/songs/merge-store';
import type { CatalogEntry } from '../../src/songs/catalog-entry';

const TOKEN = 'op-secret-merge-review';
const deps = testDeps({ OPERATOR_TOKEN: TOKEN });
const app = testApp(deps);
const api = documentedRequest(app);

const entry = (brand: 'tj' | 'ky', no: string, title: string, singer: string): CatalogEntry => ({
  brand,
  no,
  title,
  singer,
  composer: null,
  lyricist: null,
  release: null,
});

// two pairs the rules are unsure of (a short pronounced name; a name that only nearly sounds the same), and sure ones
const CATALOG = [
  entry('tj', '1001', 'Dancing Queen', 'ABBA'),
  entry('ky', '2001', 'Dancing Queen', '아바'),
  entry('tj', '1002', '보고 싶다', 'Kim Bum Soo'),
  entry('ky', '2002', '보고 싶다', '김범준'),
  entry('tj', '1003', 'Sugar', 'Maroon 5'),
  entry('ky', '2003', 'Sugar', '마룬5'),
  entry('tj', '1004', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션'),
  entry('ky', '2004', '어떻게 이별까지 사랑하', '악동뮤지션'),
  entry('tj', '1005', 'アイドル', 'YOASOBI'),
  entry('ky', '2005', '아이도루', 'YOASOBI'),
];

const songOf = async (brand: 'tj' | 'ky', no: string) =>
  (
    await deps.pg.query(
      `SELECT id, tj_no, ky_no, merge_rule FROM songs WHERE deleted_at IS NULL AND ${brand}_no = $1`,
      [no],
    )
  ).rows[0];
const pending = async () =>
  (await api.get('/api/operator/merge-reviews?status=pending').set('x-operator-token', TOKEN).expect(200)).body;
const reviewOf = async (tjNo: string) => (await pending()).items.find((r: { tj: { no: string } }) => r.tj.no === tjNo);

beforeAll(async () => {
  await deps.pg
    .query(`TRUNCATE songs, catalog_entries, song_merge_overrides, song_merge_reviews, song_merge_state, catalog_entry_blocks,
    catalog_alias_edges RESTART IDENTITY CASCADE`);
  await upsertCatalogEntries(deps.pg, CATALOG);
});
afterAll(() => closeDeps(deps));

describe('the merge review queue', () => {
  test('an unsure pair lands in the queue with both spellings and stays two songs; sure pairs merge by their rule', async () => {
    const summary = await mergeCatalog(deps.pg);
    expect(summary.reviews).toBe(2);
    expect(summary.byRule).toEqual({ 'artist-pronunciation': 1, 'cut-width': 1, 'japanese-reading': 1 });
    expect(summary.merged).toBe(3);
    const [tjSong, kySong] = [await songOf('tj', '1001'), await songOf('ky', '2001')];
    expect(tjSong.id).not.toBe(kySong.id);
    expect([tjSong.ky_no, kySong.tj_no]).toEqual([null, null]);
    const body = await pending();
    expect(body.total).toBe(2);
    expect(body.items.find((r: { tj: { no: string } }) => r.tj.no === '1001')).toMatchObject({
      tj: { no: '1001', title: 'Dancing Queen', singer: 'ABBA' },
      ky: { no: '2001', title: 'Dancing Queen', singer: '아바' },
      rule: 'artist-pronunciation',
      status: 'pending',
      decided_at: null,
    });
  });

  test('another merge keeps one pending row per pair', async () => {
    const before = await reviewOf('1001');
    await mergeCatalog(deps.pg);
    expect((await pending()).total).toBe(2);
    expect((await reviewOf('1001')).id).toBe(before.id);
  });

  test('accept merges the pair at the next merge, and it stays merged through another full merge', async () => {
    const review = await reviewOf('1001');
    const res = await api
      .post(`/api/operator/merge-reviews/${review.id}`)
      .set('x-operator-token', TOKEN)
      .send({ decision: 'accept', note: '같은 ABBA' })
      .expect(200);
    expect(res.body).toMatchObject({ id: review.id, status: 'accepted', note: '같은 ABBA' });
    expect(res.body.decided_at).toEqual(expect.any(String));
    const override = (
      await deps.pg.query(`SELECT action FROM song_merge_overrides WHERE tj_no = '1001' AND ky_no = '2001'`)
    ).rows;
    expect(override).toEqual([{ action: 'merge' }]);

    expect((await mergeCatalogChanges(deps.pg)).mode).toBe('full'); // the override changed: the decision is applied now
    expect(await songOf('tj', '1001')).toMatchObject({ tj_no: '1001', ky_no: '2001', merge_rule: 'override-merge' });
    await mergeCatalog(deps.pg);
    expect(await songOf('tj', '1001')).toMatchObject({ ky_no: '2001', merge_rule: 'override-merge' });
    expect((await pending()).items.map((r: { tj: { no: string } }) => r.tj.no)).toEqual(['1002']);
    const accepted = (
      await api.get('/api/operator/merge-reviews?status=accepted').set('x-operator-token', TOKEN).expect(200)
    ).body;
    expect(accepted.items.map((r: { id: number }) => r.id)).toEqual([review.id]);
  });

  test('split keeps the pair apart, and a decided pair is never queued again', async () => {
    const review = await reviewOf('1002');
    await api
      .post(`/api/operator/merge-reviews/${review.id}`)
      .set('x-operator-token', TOKEN)
      .send({ decision: 'split' })
      .expect(200);
    expect(
      (await deps.pg.query(`SELECT action FROM song_merge_overrides WHERE tj_no = '1002' AND ky_no = '2002'`)).rows,
    ).toEqual([{ action: 'split' }]);
    const summary = await mergeCatalogChanges(deps.pg);
    expect(summary.reviews).toBe(0);
    const [tjSong, kySong] = [await songOf('tj', '1002'), await songOf('ky', '2002')];
    expect(tjSong.id).not.toBe(kySong.id);
    expect([tjSong.merge_rule, kySong.merge_rule]).toEqual(['override-split', 'override-split']);
    await mergeCatalog(deps.pg);
    expect((await pending()).total).toBe(0);
    const rows = (await deps.pg.query(`SELECT status FROM song_merge_reviews WHERE tj_no = '1002'`)).rows;
    expect(rows).toEqual([{ status: 'split' }]);
  });

  test('a pending pair the rules stop proposing (one side changed) leaves the queue at the next incremental merge', async () => {
    await upsertCatalogEntries(deps.pg, [
      entry('tj', '1006', 'Angel', 'Kim Bum Soo'),
      entry('ky', '2006', 'Angel', '김범준'),
    ]);
    expect((await mergeCatalogChanges(deps.pg)).reviews).toBe(1);
    expect((await reviewOf('1006')).ky).toEqual({ no: '2006', title: 'Angel', singer: '김범준' });
    await upsertCatalogEntries(deps.pg, [entry('ky', '2006', 'Angel', '박효신')]);
    const summary = await mergeCatalogChanges(deps.pg);
    expect(summary.mode).toBe('incremental');
    expect(await reviewOf('1006')).toBeUndefined();
  });
});

describe('the operator routes', () => {
  test('answer 401 without the operator token and 403 with a wrong one', async () => {
    await api.get('/api/operator/merge-reviews').expect(401);
    await api.get('/api/operator/merge-reviews').set('x-operator-token', 'nope').expect(403);
    await api.post('/api/operator/merge-reviews/1').send({ decision: 'accept' }).expect(401);
    await api
      .post('/api/operator/merge-reviews/1')
      .set('x-operator-token', 'nope')
      .send({ decision: 'accept' })
      .expect(403);
    await api.get('/api/operator/merge-reviews').set('authorization', `Bearer ${TOKEN}`).expect(200);
  });

  test('answer 400 for a bad decision, field, id or query, and 404 for an unknown pair', async () => {
    const bad = await api
      .post('/api/operator/merge-reviews/1')
      .set('x-operator-token', TOKEN)
      .send({ decision: 'maybe' })
      .expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', details: { field: 'decision' } });
    await api.post('/api/operator/merge-reviews/1').set('x-operator-token', TOKEN).send({}).expect(400);
    await api
      .post('/api/operator/merge-reviews/1')
      .set('x-operator-token', TOKEN)
      .send({ decision: 'accept', extra: 1 })
      .expect(400);
    await api
      .post('/api/operator/merge-reviews/abc')
      .set('x-operator-token', TOKEN)
      .send({ decision: 'accept' })
      .expect(400);
    await api.get('/api/operator/merge-reviews?status=maybe').set('x-operator-token', TOKEN).expect(400);
    await api.get('/api/operator/merge-reviews?limit=0').set('x-operator-token', TOKEN).expect(400);
    await api
      .post('/api/operator/merge-reviews/999999')
      .set('x-operator-token', TOKEN)
      .send({ decision: 'split' })
      .expect(404);
  });
});

describe('the real-catalog rules and the incremental merge', () => {
  test('changes touching pronounced, cut, read and suffixed pairs end where a merge from scratch ends', async () => {
    const mergedSongs = async () =>
      (
        await deps.pg.query(
          `SELECT title, artist, alt_titles, artist_aliases, tj_no, ky_no, merge_rule, merge_score FROM songs WHERE deleted_at IS NULL`,
        )
      ).rows
        .map((r) => JSON.stringify(r))
        .sort();
    const pendingPairs = async () =>
      (
        await deps.pg.query(
          `SELECT tj_no, ky_no, rule FROM song_merge_reviews WHERE status = 'pending' ORDER BY tj_no, ky_no`,
        )
      ).rows;
    await upsertCatalogEntries(deps.pg, [
      entry('tj', '3001', '희야', '부활'),
      entry('ky', '4001', '희야', '부활밴드'),
      entry('tj', '3002', 'Perfect', 'Ed Sheeran'),
      entry('ky', '4002', 'Perfect', '에드 시런'),
      entry('tj', '3003', 'ハルジオン', 'YOASOBI'),
      entry('tj', '3004', 'I Will Always Love You', '휘트니 휴스턴'),
    ]);
    await mergeCatalogChanges(deps.pg);
    // a KY entry arriving for each kind of pair, one retitled, one pair becoming unsure
    await upsertCatalogEntries(deps.pg, [
      entry('ky', '4003', '하루지온', 'YOASOBI'),
      entry('ky', '4004', 'I Will Always Lo', '휘트니 휴스턴'),
      entry('tj', '3002', 'Perfect', 'Ed Shee'),
      entry('ky', '4005', 'Dancing Queen', 'ABBA'),
      entry('ky', '2003', 'Sugar (Live)', '마룬5'),
    ]);
    const inc = await mergeCatalogChanges(deps.pg);
    expect(inc.mode).toBe('incremental');
    expect(inc.byRule).toMatchObject({ 'japanese-reading': 1, 'cut-width': 1 });
    const after = await mergedSongs();
    const queued = await pendingPairs();

    await deps.pg.query('UPDATE catalog_entries SET song_id = NULL');
    await deps.pg.query('DELETE FROM songs');
    await deps.pg.query(`DELETE FROM song_merge_reviews WHERE status = 'pending'`);
    await mergeCatalog(deps.pg);
    expect(await mergedSongs()).toEqual(after);
    expect(await pendingPairs()).toEqual(queued);
  });
});

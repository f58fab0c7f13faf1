import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex, syncIndex, aliasTargets } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from './fixtures';

const deps = testDeps();
const app = testApp(deps);

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  // rows written long before the rebuild, so the sync test sees only what it changes itself
  await deps.pg.query("UPDATE songs SET updated_at = now() - interval '1 hour'");
  await rebuildIndex(deps, songsFamily);
});
afterAll(() => closeDeps(deps));

const top = async (q: string, extra: Record<string, string> = {}) => {
  const res = await request(app)
    .get('/api/songs/search')
    .query({ q, ...extra });
  expect(res.status).toBe(200);
  return res.body.items as Array<{
    title: string;
    artist: string;
    tj_no: string | null;
    ky_no: string | null;
    highlight?: { title?: string };
  }>;
};

describe('song search on the real index', () => {
  test.each([
    ['ㄴㅇㅇㅁ', '너의 의미', 'chosung'],
    ['너의의미', '너의 의미', 'spacing'],
    ['너의 의ㅁ', '너의 의미', 'half-typed jamo'],
    ['dkdldb 좋은', '좋은 날', 'keyboard layout + title'],
    ['sjdml dmlal', '너의 의미', 'keyboard layout'],
    ['bampyeonji', '밤편지', 'romanized'],
    ['sinhodeung', '신호등', 'romanized'],
    ['blueming', '블루밍', 'alternative title'],
    ['growl', '으르렁', 'alternative title'],
    ['아이유 좋은날', '좋은 날', 'artist + title'],
    ['밤편진', '밤편지', 'typo'],
    ['31954', '너의 의미', 'TJ number'],
    ['47452', '너의 의미', 'KY number'],
    ['2002', '2002', 'digits in a title'],
  ])('%s finds %s first (%s)', async (q, title) => {
    const items = await top(q);
    expect(items[0]?.title).toBe(title);
  });

  test('ㅂㄹㅍㅋ finds 블랙핑크 songs', async () => {
    const items = await top('ㅂㄹㅍㅋ');
    expect(items.slice(0, 2).map((i) => i.artist)).toEqual(['블랙핑크', '블랙핑크']);
  });

  test('bts and 방탄소년단 both find 봄날 by 방탄소년단', async () => {
    for (const q of ['bts', '방탄소년단']) {
      const items = await top(q);
      expect(items[0]?.artist).toBe('방탄소년단');
    }
  });

  test('results carry both numbers and a highlight', async () => {
    const [first] = await top('너의 의미');
    expect(first).toMatchObject({ title: '너의 의미', artist: '아이유', tj_no: '31954', ky_no: '47452' });
    expect(first.highlight?.title).toContain('<em>');
  });

  test('brand=ky keeps only songs that KY carries', async () => {
    const items = await top('봄날', { brand: 'ky' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.ky_no)).toBe(true);
  });

  test('autocomplete returns at most 10 items with numbers', async () => {
    const res = await request(app).get('/api/songs/autocomplete').query({ q: 'ㅂ' });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(10);
    expect(res.body.items[0]).toHaveProperty('tj_no');
  });

  test('one search is recorded once (search log, behaviour event); autocomplete keystrokes and later pages are not searches', async () => {
    const q = '블루밍';
    const logged = async () =>
      Number((await deps.pg.query('SELECT count(*) AS n FROM search_log WHERE query = $1', [q])).rows[0].n);
    const evented = async () =>
      Number(
        (await deps.pg.query("SELECT count(*) AS n FROM events WHERE kind = 'search' AND query = $1", [q])).rows[0].n,
      );
    await deps.writers.flush();
    const [logBefore, eventsBefore] = [await logged(), await evented()];
    for (const prefix of ['블', '블루', '블루밍'])
      expect((await request(app).get('/api/songs/autocomplete').query({ q: prefix })).status).toBe(200);
    expect((await request(app).get('/api/songs/search').query({ q })).status).toBe(200);
    expect((await request(app).get('/api/songs/search').query({ q, page: '2' })).status).toBe(200);
    await deps.writers.flush();
    expect(await logged()).toBe(logBefore + 1);
    expect(await evented()).toBe(eventsBefore + 1);
  });

  test('GET /api/songs/:id returns the song, 404 for an unknown id, 400 for a non-number', async () => {
    const [first] = (await request(app).get('/api/songs/search').query({ q: '신호등' })).body.items;
    const one = await request(app).get(`/api/songs/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ title: '신호등', artist: '이무진' });
    // the search keys are the index's business, not the song's: none of them is returned
    const latin = (await request(app).get('/api/songs/search').query({ q: '마지막처럼' })).body.items[0]; // a Latin alternative title: every key kind
    const keys = Object.keys((await request(app).get(`/api/songs/${latin.id}`)).body);
    expect(keys).toContain('tj_no');
    expect(keys.filter((k) => /_(compact|chosung|jamo|roman|typo|pron|pron_whole|exact)$|^suggest$/.test(k))).toEqual(
      [],
    );
    expect((await request(app).get('/api/songs/99999999')).status).toBe(404);
    const bad = await request(app).get('/api/songs/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_parameter');
  });

  test.each([
    [{}, 'q is required'],
    [{ q: '   ' }, 'q is required'],
    [{ q: 'x'.repeat(101) }, 'at most 100'],
    [{ q: '아이유', brand: 'xx' }, 'brand must be one of'],
    [{ q: '아이유', size: '500' }, 'size must be'],
    [{ q: '아이유', page: '0' }, 'page must be'],
  ])('bad parameters %j are a 400 naming the problem', async (query, message) => {
    const res = await request(app).get('/api/songs/search').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });
});

describe('songs read model lifecycle', () => {
  test('a rebuild swaps the alias to a new index and deletes the old one; searches keep working', async () => {
    const alias = indexName(deps.config, 'songs');
    const [before] = await aliasTargets(deps.es, alias);
    const searching = (async () => {
      let failures = 0;
      for (let i = 0; i < 30; i++) {
        const res = await request(app).get('/api/songs/search').query({ q: '밤편지' });
        if (res.status !== 200 || res.body.items[0]?.title !== '밤편지') failures++;
      }
      return failures;
    })();
    const summary = await rebuildIndex(deps, songsFamily);
    expect(await searching).toBe(0);
    const after = await aliasTargets(deps.es, alias);
    expect(after).toEqual([summary.index]);
    expect(after[0]).not.toBe(before);
    expect(await deps.es.indices.exists({ index: before })).toBe(false);
    expect(summary.indexed).toBe(12);
  });

  test('an incremental sync applies changed and deleted rows only', async () => {
    await deps.pg.query(`UPDATE songs SET tj_no = '11111', updated_at = now() WHERE title = '신호등'`);
    await deps.pg.query(`UPDATE songs SET deleted_at = now(), updated_at = now() WHERE title = '취중진담'`);
    const s = await syncIndex(deps, songsFamily);
    expect(s.rebuilt).toBe(false);
    expect(s.upserted).toBe(1);
    expect(s.deleted).toBe(1);
    expect((await top('신호등'))[0].tj_no).toBe('11111');
    expect((await top('취중진담')).find((i) => i.title === '취중진담')).toBeUndefined();
    const again = await syncIndex(deps, songsFamily);
    expect(again.upserted + again.deleted).toBeLessThanOrEqual(2); // only the short overlap window is applied again
  });
});

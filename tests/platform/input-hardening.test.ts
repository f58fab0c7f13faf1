import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { createHttpApp, handle } from '../../src/platform/http';
import { indexName } from '../../src/platform/elasticsearch';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { buildSongQuery } from '../../src/search/song-query';
import { readQuery } from '../../src/search/readings';
import { findBadText } from '../../src/platform/input-guard';
import { insertFixtureSongs } from '../songs/fixtures';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}inputs_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);
const missing = testDeps({ ES_INDEX_PREFIX: `${prefix}never_built_` });
const appWithoutIndices = testApp(missing);

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
});
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
  await closeDeps(missing);
});

const expectInvalid = (res: request.Response, parameter: string, where: string) => {
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    error: {
      code: 'invalid_parameter',
      message: expect.any(String),
      details: expect.objectContaining({ parameter, in: where }),
    },
  });
};

describe('control characters and lone surrogates are refused everywhere', () => {
  test.each([['x\u0000'], ['아이유\u001f'], ['a\u007fb'], ['\u0007']])(
    'a search for %j is a 400 naming q',
    async (q) => {
      expectInvalid(await request(app).get('/api/songs/search').query({ q }), 'q', 'query');
    },
  );

  test('any query parameter of any route, even one the route ignores', async () => {
    expectInvalid(await request(app).get('/api/trending').query({ whatever: 'a\u0001' }), 'whatever', 'query');
    expectInvalid(
      await request(app).get('/api/products/search').query({ q: '립', category: 'x\u0000' }),
      'category',
      'query',
    );
  });

  test('a route parameter with a control character or broken percent-encoding', async () => {
    expectInvalid(await request(app).get('/api/songs/12%00'), '12?', 'path');
    expect((await request(app).get('/api/songs/%E0%A4%A')).body.error.code).toBe('invalid_parameter');
  });

  test('a lone surrogate or control character inside a JSON body names the field, also nested and in keys', async () => {
    const post = (body: string) =>
      request(app).post('/api/auth/signup').set('content-type', 'application/json').send(body);
    expectInvalid(
      await post('{"email":"a@b.co","password":"12345678","display_name":"\\ud800"}'),
      'display_name',
      'body',
    );
    expectInvalid(
      await post('{"email":"a@b.co","password":"12345678","display_name":"x\\udc00y"}'),
      'display_name',
      'body',
    );
    expectInvalid(await post('{"email":"a@b.co\\u0000","password":"12345678"}'), 'email', 'body');
    expectInvalid(await post('{"items":[{"q":"ok"},{"q":"bad\\n"}]}'), 'items[1].q', 'body');
    expectInvalid(await post('{"bad\\u0000key":1}'), 'bad\u0000key', 'body');
  });

  test('well-formed text passes: Hangul, emoji (a proper surrogate pair), spaces', async () => {
    const res = await request(app).get('/api/songs/search').query({ q: '아이유 좋은 날 🎤' });
    expect(res.status).toBe(200);
    expect(findBadText({ a: ['🎤', '가 나'] }, 'body')).toBeUndefined();
  });
});

describe('Elasticsearch failures get honest answers', () => {
  test('a search before the first index build is 503 index_not_ready, not 500', async () => {
    for (const path of [
      '/api/songs/search?q=%EC%95%84%EC%9D%B4%EC%9C%A0',
      '/api/songs/autocomplete?q=a',
      '/api/songs/1',
      '/api/products/search?q=%EB%A6%BD',
    ]) {
      const res = await request(appWithoutIndices).get(path);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 503,
        code: 'index_not_ready',
      });
      expect(res.headers['retry-after']).toBeDefined();
    }
  });

  test('an Elasticsearch 400 caused by the input (a term too complex to fuzz) is a 400 query_too_complex', async () => {
    // the real refusal, through the real error handler: a raw fuzzy query the route builders no longer send
    const raw = createHttpApp(deps.logger, (a) =>
      a.get(
        '/raw',
        handle(async (_req, res) => {
          res.json(
            await deps.es.search({
              index: indexName(deps.config, 'songs'),
              query: { fuzzy: { title_compact: { value: '가나다라마바사'.repeat(50), fuzziness: 2 } } },
            }),
          );
        }),
      ),
    );
    const res = await request(raw).get('/raw');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'query_too_complex',
      message: expect.any(String),
      details: { reason: expect.any(String) },
    });
  });

  test('what is fuzzed is capped: a 100-character query builds no fuzzy clause and answers 200', async () => {
    const long = '가나다라마바사아자차'.repeat(10);
    expect(JSON.stringify(buildSongQuery(readQuery(long), 'full', { from: 0, size: 10 }))).not.toContain('fuzziness');
    expect(
      JSON.stringify(buildSongQuery(readQuery('abcdefghij'.repeat(10)), 'full', { from: 0, size: 10 })),
    ).not.toContain('fuzziness');
    expect(JSON.stringify(buildSongQuery(readQuery('좋은날'), 'full', { from: 0, size: 10 }))).toContain('fuzziness');
    expect((await request(app).get('/api/songs/search').query({ q: long })).status).toBe(200);
  });
});

// Seeded fuzzing of every public route: malformed, oversized and odd-Unicode input, with the indices built and with
// the songs index missing. The contract: never a 5xx except an honest 503, every error in the one JSON shape.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDeps, testApp, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { createRng, type Rng } from '../../src/platform/prng';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { productsFamily } from '../../src/products/index-family';
import { insertFixtureSongs } from '../songs/fixtures';
import { answerClientErrorsAsJson } from '../../src/platform/http';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const REQUESTS_WITH_INDICES = 1000;
const REQUESTS_WITHOUT_SONGS_INDEX = 300;
const HONEST_503 = new Set(['index_not_ready', 'dependency_unavailable', 'kakao_not_configured']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const ROUTES: Array<[Method, string, string[]]> = [
  ['GET', '/api/songs/search', ['q', 'brand', 'page', 'size']],
  ['GET', '/api/songs/autocomplete', ['q', 'brand']],
  ['GET', '/api/songs/:id', []],
  ['GET', '/api/songs/:id/similar', ['k', 'brand']],
  ['GET', '/api/products/search', ['q', 'category', 'brand', 'no_label', 'page', 'size']],
  ['GET', '/api/products/autocomplete', ['q']],
  ['GET', '/api/products/:id', []],
  ['POST', '/api/products/:id/proofs', []],
  ['GET', '/api/trending', ['scope', 'gender', 'age', 'limit']],
  ['GET', '/api/me/trending', ['scope']],
  ['GET', '/api/me/points', []],
  ['POST', '/api/events', []],
  ['POST', '/api/auth/signup', []],
  ['POST', '/api/auth/login', []],
  ['POST', '/api/auth/logout', []],
  ['GET', '/api/auth/kakao/start', []],
  ['GET', '/api/auth/kakao/callback', ['code', 'state', 'error']],
  ['POST', '/api/auth/kakao/link', []],
  ['GET', '/api/me', []],
  ['PATCH', '/api/me', []],
  ['GET', '/api/me/recommendations', ['k', 'brand']],
  ['GET', '/api/lists', []],
  ['POST', '/api/lists', []],
  ['GET', '/api/lists/:listId', []],
  ['PATCH', '/api/lists/:listId', []],
  ['DELETE', '/api/lists/:listId', []],
  ['PUT', '/api/lists/:listId/songs/:songId', []],
  ['PATCH', '/api/lists/:listId/songs/:songId', []],
  ['DELETE', '/api/lists/:listId/songs/:songId', []],
  ['GET', '/healthz', []],
  ['GET', '/readyz', []],
  ['GET', '/openapi.json', []],
  ['GET', '/docs', []],
  ['GET', '/', []],
  ['GET', '/app.js', []],
];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];
const ODD = [
  '',
  ' ',
  '\u0000',
  '\u0007',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udfff',
  'a\ud83db',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u0301',
  '🎤',
  '👩‍👩‍👧',
  'ㄱ',
  'ㅏ',
  '가',
  '\u1100\u1161',
  'Ａ',
  'ﬁ',
  'İ',
  'ß',
  '𝕏',
  '\u00a0',
  '\u3000',
  '%',
  '%%',
  '%zz',
  '\\',
  '"',
  "'",
  '<script>',
  '{',
  '[',
  '*',
  '?',
  '~',
  ':',
  '/',
  '..',
];
const WORDS = [
  '아이유',
  '좋은 날',
  'ㄴㅇㅇㅁ',
  'dkdldb',
  'iu',
  '33393',
  '립스틱',
  'tj',
  'ky',
  'songs',
  'products',
  'female',
  '20s',
  '-1',
  '0',
  '1',
  '99999999999999999999',
  '1e309',
  'NaN',
  'true',
  'null',
];

function oddString(rng: Rng): string {
  const shape = rng.int(10);
  if (shape === 0) return pick(rng, ODD).repeat(1 + rng.int(5000)); // oversized
  if (shape === 1) return '가'.repeat(90 + rng.int(30)); // around the length limits
  let s = '';
  for (let i = 1 + rng.int(6); i > 0; i--) s += rng.next() < 0.5 ? pick(rng, ODD) : pick(rng, WORDS);
  return s;
}

function oddValue(rng: Rng, depth = 0): unknown {
  const r = rng.int(12);
  if (r < 5) return oddString(rng);
  if (r === 5) return pick(rng, [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31]);
  if (r === 6) return pick(rng, [true, false, null]);
  if (r === 7 && depth < 40) return [oddValue(rng, depth + 1), oddValue(rng, depth + 1)];
  if (r === 8 && depth < 40) return { [oddString(rng).slice(0, 20)]: oddValue(rng, depth + 1) };
  if (r === 9) return Array.from({ length: 200 + rng.int(2000) }, () => rng.int(10));
  return pick(rng, WORDS);
}

/** Percent-encodes text; sometimes injects raw broken escapes the way a hostile client would. */
function encodeOdd(rng: Rng, s: string): string {
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    out = encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')) + '%ED%A0%80';
  }
  if (rng.next() < 0.1) out += pick(rng, ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '%FF', '%00']);
  return out;
}

function pathFor(rng: Rng, template: string, realIds: { song: number; list: number }): string {
  return template.replace(/:(\w+)/g, (_m, name: string) => {
    const r = rng.int(6);
    if (r === 0) return String(name === 'listId' ? realIds.list : realIds.song);
    if (r === 1) return pick(rng, ['0', '-1', '1.5', '99999999999999999999', '1e3', '0x10', '%20', 'abc']);
    return encodeOdd(rng, oddString(rng)).slice(0, 3000);
  });
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

function requestFor(rng: Rng, token: string, realIds: { song: number; list: number }): Sent {
  const [method, template, params] = pick(rng, ROUTES);
  const m = rng.next() < 0.9 ? method : pick(rng, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const);
  const query: string[] = [];
  const names = [...params, 'x', 'q'];
  for (let i = rng.int(5); i > 0; i--) {
    const name = rng.next() < 0.85 ? pick(rng, names) : oddString(rng).slice(0, 30);
    query.push(
      `${encodeOdd(rng, name)}=${encodeOdd(rng, rng.next() < 0.4 ? pick(rng, WORDS) : oddString(rng)).slice(0, 12_000)}`,
    );
  }
  const headers: Record<string, string> = {};
  const auth = rng.int(4);
  if (auth === 0) headers.authorization = `Bearer ${token}`;
  if (auth === 1)
    headers.authorization = pick(rng, ['Bearer', 'Bearer x', `Bearer ${'a'.repeat(80)}`, 'Basic Zm9vOmJhcg==']);
  if (rng.next() < 0.2) headers['x-session-id'] = pick(rng, ['session-12345678', '../../etc', 'x'.repeat(200)]);
  let body: string | undefined;
  if (m !== 'GET' && rng.next() < 0.8) {
    const kind = rng.int(6);
    if (kind === 0) {
      headers['content-type'] = 'application/json';
      body = pick(rng, ['{"a":', '[1,2', 'nul', '{"a":1}}', '"\\ud800"', '{"q":"\\u0000"}', '{}'.repeat(3)]);
    } else if (kind === 1) {
      headers['content-type'] = 'application/json';
      body = '['.repeat(5000) + ']'.repeat(5000);
    } else if (kind === 2) {
      headers['content-type'] = pick(rng, [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
      ]);
      body = oddString(rng).slice(0, 5000);
    } else {
      headers['content-type'] = 'application/json';
      const fields = [
        'email',
        'password',
        'display_name',
        'gender',
        'birth_year',
        'name',
        'position',
        'kind',
        'song_id',
        'query',
        'ticket',
      ];
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(5); i > 0; i--) obj[pick(rng, fields)] = oddValue(rng);
      body = JSON.stringify(obj);
    }
  }
  const path = pathFor(rng, template, realIds) + (query.length ? `?${query.join('&')}` : '');
  return { method: m, path, headers, body };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(port: number, r: Sent): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.path,
        headers: {
          ...r.headers,
          ...(r.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(r.body)) }),
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`no answer: ${r.method} ${r.path.slice(0, 100)}`)));
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

const profile: Record<string, number> = {};
afterAll(() => {
  if (process.env.FUZZ_PROFILE)
    console.log(
      Object.entries(profile)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([k, v]) => `${Math.round(v)} ms ${k}`)
        .join('\n'),
    );
});

interface Problem {
  request: string;
  status: number;
  body: string;
}

/** Problems found (empty when the contract holds). */
async function fuzz(
  port: number,
  seed: number,
  count: number,
  token: string,
  realIds: { song: number; list: number },
): Promise<{ problems: Problem[]; statuses: Record<number, number> }> {
  const rng = createRng(seed);
  const requests = Array.from({ length: count }, () => requestFor(rng, token, realIds));
  const problems: Problem[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const t0 = performance.now();
      const res = await send(port, r);
      if (process.env.FUZZ_PROFILE) {
        const k = `${r.method} ${r.path.split('?')[0].split('/').slice(0, 4).join('/')} ${res.status}`;
        profile[k] = (profile[k] ?? 0) + performance.now() - t0;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const where = `${r.method} ${r.path.slice(0, 160)}`;
      if (res.status >= 400) {
        let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
        try {
          body = JSON.parse(res.text);
        } catch {
          /* checked below */
        }
        const keys = body ? Object.keys(body) : [];
        const errKeys = body?.error ? Object.keys(body.error) : [];
        const shaped =
          !!body &&
          keys.length === 1 &&
          keys[0] === 'error' &&
          typeof body.error?.code === 'string' &&
          typeof body.error?.message === 'string' &&
          errKeys.every((k) => ['code', 'message', 'details'].includes(k)) &&
          res.type.startsWith('application/json');
        if (!shaped) problems.push({ request: where, status: res.status, body: res.text.slice(0, 200) });
        else if (res.status >= 500 && !(res.status === 503 && HONEST_503.has(String(body!.error!.code))))
          problems.push({ request: where, status: res.status, body: res.text.slice(0, 200) });
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { problems, statuses };
}

const limits = {
  REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'norae:test:'}fuzz-${process.pid}-${Date.now()}:`,
  RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
  RATE_LIMIT_AUTOCOMPLETE_PER_MINUTE: '1000000',
  RATE_LIMIT_RECOMMEND_PER_MINUTE: '1000000',
  RATE_LIMIT_READINESS_PER_MINUTE: '1000000',
  RATE_LIMIT_AUTH_START_PER_MINUTE: '1000000',
};
const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}fuzz_`;
const servers: http.Server[] = [];
const made: Deps[] = [];

async function serve(deps: Deps): Promise<number> {
  made.push(deps);
  const server = answerClientErrorsAsJson(testApp(deps).listen(0, '127.0.0.1'));
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return (server.address() as AddressInfo).port;
}

let token = '';
let realIds = { song: 1, list: 1 };

beforeAll(async () => {
  const deps = testDeps({ ...limits, ES_INDEX_PREFIX: prefix });
  made.push(deps);
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
  await rebuildIndex(deps, productsFamily);
  const port = await serve(deps);
  const signup = await send(port, {
    method: 'POST',
    path: '/api/auth/signup',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `fuzz-${process.pid}-${Date.now()}@example.com`, password: 'fuzz-password' }),
  });
  token = JSON.parse(signup.text).token;
  const list = await send(port, {
    method: 'POST',
    path: '/api/lists',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{"name":"fuzz"}',
  });
  const song = (await deps.pg.query<{ id: string }>('SELECT id FROM songs ORDER BY id LIMIT 1')).rows[0];
  realIds = { song: Number(song.id), list: JSON.parse(list.text).id };
}, 60_000);
afterAll(async () => {
  agent.destroy();
  for (const s of servers) await new Promise((r) => s.close(r));
  await made[0]?.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  for (const d of made) await closeDeps(d);
});

describe(`fuzzing every public route (seed ${SEED})`, () => {
  test(`${REQUESTS_WITH_INDICES} hostile requests with every index built: no 5xx, every error in the one shape`, async () => {
    const port = await serve(testDeps({ ...limits, ES_INDEX_PREFIX: prefix }));
    const { problems, statuses } = await fuzz(port, SEED, REQUESTS_WITH_INDICES, token, realIds);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(REQUESTS_WITH_INDICES);
    expect(statuses[200] ?? 0).toBeGreaterThan(0); // the generator also produces requests that work
  }, 180_000);

  test(`${REQUESTS_WITHOUT_SONGS_INDEX} more with the songs index missing: only honest 503s`, async () => {
    // products are built under this prefix, songs are not
    const missing = testDeps({ ...limits, ES_INDEX_PREFIX: `${prefix}nosongs_` });
    await rebuildIndex(missing, productsFamily);
    const port = await serve(missing);
    const { problems, statuses } = await fuzz(port, SEED + 1, REQUESTS_WITHOUT_SONGS_INDEX, token, realIds);
    await missing.es.indices.delete({ index: `${prefix}nosongs_*` }).catch(() => undefined);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(statuses[503] ?? 0).toBeGreaterThan(0);
  }, 120_000);
});

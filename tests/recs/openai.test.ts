import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { trainRecs } from '../../src/recs/train';
import { parseSuggestions, resolveSuggestions } from '../../src/recs/llm';
import { buildSongsIndex, seedCatalog, seedSessions, type ClusterSong } from './helpers';

// A stand-in for the chat-completions API: answers with whatever `mode` says; in 'silent' mode it never answers
// (the connection stays open until the suite ends), so only the client's timeout can end the call.
let mode: 'success' | 'garbage' | 'silent' = 'success';
let unanswered = 0;
let answer = '';
const calls: Array<{
  auth?: string;
  body: { model: string; messages: Array<{ role: string; content: string }>; max_completion_tokens?: number };
}> = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    calls.push({ auth: req.headers.authorization, body: JSON.parse(body) });
    const reply = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 0,
          model: 'test-model',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: mode === 'garbage' ? 'Sure! You might enjoy 좋은 날 (TJ 33393).' : answer,
              },
            },
          ],
        }),
      );
    };
    if (mode === 'silent') unanswered++;
    else reply();
  });
});

let url = '';
let songs: ClusterSong[] = [];
const all: Deps[] = [];
let withKey: Deps;
let shortTimeout: Deps;
let noKey: Deps;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  // a timeout no busy machine reaches for answers that come at once; a short one for the API that never answers
  withKey = testDeps({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '20000',
    RECS_EPOCHS: '15',
    RECS_MIN_COUNT: '1',
  });
  shortTimeout = testDeps({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '300',
    RECS_EPOCHS: '15',
    RECS_MIN_COUNT: '1',
  });
  noKey = testDeps({ OPENAI_API_KEY: '', OPENAI_BASE_URL: url, RECS_EPOCHS: '15', RECS_MIN_COUNT: '1' });
  all.push(withKey, shortTimeout, noKey);
  songs = await seedCatalog(withKey);
  await seedSessions(withKey, songs);
  await buildSongsIndex(withKey);
  await trainRecs(withKey, { inProcess: true });
}, 60_000);
afterAll(async () => {
  for (const d of all) await closeDeps(d);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A new user who saved two cluster-0 songs; returns their auth header. */
async function userWithSaves(deps: Deps) {
  const app = testApp(deps);
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `llm-${Math.random().toString(36).slice(2)}@example.com`, password: 'password1' });
  const auth = { authorization: `Bearer ${res.body.token}` };
  const list = await request(app).post('/api/lists').set(auth).send({ name: 'mine' });
  const cluster0 = songs.filter((s) => s.cluster === 0);
  for (const s of [cluster0[0], cluster0[1]])
    await request(app).put(`/api/lists/${list.body.id}/songs/${s.id}`).set(auth);
  return { app, auth };
}

describe('OpenAI post-processing', () => {
  test('only suggestions that are real catalog songs reach the user, marked as openai', async () => {
    const real = songs.find((s) => s.cluster === 2 && s.tj_no)!;
    answer = JSON.stringify({
      songs: [
        { title: real.title.replace(/ /g, ''), artist: real.artist }, // spacing differs: still our song
        { title: '존재하지 않는 노래', artist: '가짜 가수' }, // invented
        { title: real.title, artist: '다른 가수' }, // real title, wrong artist
      ],
    });
    mode = 'success';
    const { app, auth } = await userWithSaves(withKey);
    const before = calls.length;
    const res = await request(app).get('/api/me/recommendations?k=8').set(auth);
    expect(res.status).toBe(200);
    const fromLlm = res.body.items.filter((i: { source: string }) => i.source === 'openai');
    expect(fromLlm).toEqual([
      expect.objectContaining({ id: real.id, title: real.title, artist: real.artist, tj_no: real.tj_no }),
    ]);
    expect(res.body.items.some((i: { title: string }) => i.title === '존재하지 않는 노래')).toBe(false);
    expect(res.body.items).toHaveLength(8);
    // one bounded call with the user's songs as seeds
    expect(calls.length).toBe(before + 1);
    const call = calls[calls.length - 1];
    expect(call.auth).toBe('Bearer sk-test');
    expect(call.body.model).toBe('test-model');
    expect(call.body.max_completion_tokens).toBeLessThanOrEqual(500);
    expect(call.body.messages[1].content).toContain(songs.filter((s) => s.cluster === 0)[0].title);

    // the answer is cached per user and seeds: no second call
    await request(app).get('/api/me/recommendations?k=8').set(auth);
    expect(calls.length).toBe(before + 1);
  });

  test('a garbage answer is ignored: model recommendations only', async () => {
    mode = 'garbage';
    const { app, auth } = await userWithSaves(withKey);
    const before = calls.length;
    const res = await request(app).get('/api/me/recommendations?k=6').set(auth);
    expect(calls.length).toBe(before + 1);
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('item2vec');
    expect(res.body.items).toHaveLength(6);
    expect(res.body.items.every((i: { source: string }) => i.source !== 'openai')).toBe(true);
  });

  test('an API that does not answer times out (OPENAI_TIMEOUT_MS) and the user still gets recommendations', async () => {
    mode = 'silent';
    const { app, auth } = await userWithSaves(shortTimeout);
    const before = { calls: calls.length, unanswered };
    const res = await request(app).get('/api/me/recommendations?k=6').set(auth);
    // the call was made and is still unanswered: the user's answer came from the timeout, not from the API
    expect({ calls: calls.length, unanswered }).toEqual({ calls: before.calls + 1, unanswered: before.unanswered + 1 });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(6);
    expect(res.body.items.every((i: { source: string }) => i.source !== 'openai')).toBe(true);
  });

  test('without OPENAI_API_KEY no call is made', async () => {
    mode = 'success';
    const { app, auth } = await userWithSaves(noKey);
    const before = calls.length;
    const res = await request(app).get('/api/me/recommendations?k=6').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(6);
    expect(calls.length).toBe(before);
  });
});

describe('suggestion parsing and resolution', () => {
  test('parses {"songs": [...]}, a bare array or a fenced block; rejects anything else', () => {
    expect(parseSuggestions('{"songs":[{"title":"밤편지","artist":"아이유"}]}')).toEqual([
      { title: '밤편지', artist: '아이유' },
    ]);
    expect(parseSuggestions('```json\n[{"title":"밤편지","artist":"아이유"}]\n```')).toEqual([
      { title: '밤편지', artist: '아이유' },
    ]);
    expect(parseSuggestions('{"songs":[{"title":1,"artist":"x"},{"title":"t"}]}')).toEqual([]);
    expect(parseSuggestions('not json')).toEqual([]);
    expect(
      parseSuggestions(
        JSON.stringify({ songs: Array.from({ length: 30 }, (_, i) => ({ title: `t${i}`, artist: 'a' })) }),
      ),
    ).toHaveLength(10);
  });

  test('resolves through our own index: exact title and artist only', async () => {
    const s = songs[7];
    const resolved = await resolveSuggestions(withKey, [
      { title: s.title, artist: s.artist },
      { title: s.title, artist: '아무개' },
      { title: '노래', artist: s.artist },
    ]);
    expect(resolved.map((r) => r.id)).toEqual([s.id]);
  });
});

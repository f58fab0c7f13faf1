import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import type { Deps } from '../../src/platform/deps';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { llmSuggestions } from '../../src/recs/llm';
import { insertFixtureSongs } from '../songs/fixtures';

// A local stand-in for chat completions that counts calls, reports token usage, and can hold answers back.
let calls = 0;
let tokensPerCall = 120;
let held: Array<() => void> | undefined;
let onHeld: (() => void) | undefined;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    calls++;
    const reply = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-budget',
          object: 'chat.completion',
          created: 0,
          model: 'test-model',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: JSON.stringify({ songs: [{ title: '밤편지', artist: '아이유' }] }),
              },
            },
          ],
          usage: { prompt_tokens: tokensPerCall - 20, completion_tokens: 20, total_tokens: tokensPerCall },
        }),
      );
    };
    if (held) {
      held.push(reply);
      onHeld?.();
    } else reply();
  });
});

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}llmbudget_`;
const redisPrefix = (name: string) =>
  `${process.env.REDIS_PREFIX ?? 'norae:test:'}llm-${name}-${process.pid}-${Date.now()}:`;
const made: Deps[] = [];
let url = '';
let songIds: number[] = [];

function llmDeps(name: string, extra: Record<string, string> = {}) {
  // the stand-in answers at once: a timeout no busy machine reaches
  const d = testDeps({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: url,
    OPENAI_MODEL: 'test-model',
    OPENAI_TIMEOUT_MS: '20000',
    ES_INDEX_PREFIX: prefix,
    REDIS_PREFIX: redisPrefix(name),
    OPERATOR_TOKEN: 'op',
    ...extra,
  });
  made.push(d);
  return d;
}

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  const d = llmDeps('setup');
  await insertFixtureSongs(d.pg);
  await rebuildIndex(d, songsFamily);
  songIds = (await d.pg.query<{ id: string }>('SELECT id FROM songs ORDER BY id LIMIT 8')).rows.map((r) =>
    Number(r.id),
  );
});
afterAll(async () => {
  await made[0]?.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  for (const d of made) await closeDeps(d);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

// different seeds make different cache keys, so each of these would be a real call without a budget
const ask = (deps: Deps, userId: number, seedIndex: number) =>
  llmSuggestions(deps, { userId, seeds: [songIds[seedIndex]], exclude: new Set() });

describe('OpenAI budgets, single flight and fail-closed', () => {
  test('a user past the daily call budget gets no call; another user still does', async () => {
    const deps = llmDeps('user-calls', { OPENAI_USER_DAILY_CALLS: '2' });
    const before = calls;
    for (let i = 0; i < 4; i++) await ask(deps, 1, i);
    expect(calls - before).toBe(2);
    expect((await ask(deps, 2, 0)).map((s) => s.title)).toEqual(['밤편지']);
    expect(calls - before).toBe(3);
  });

  test('the per-user token budget and the global call budget stop calls too', async () => {
    tokensPerCall = 150;
    const tokens = llmDeps('user-tokens', { OPENAI_USER_DAILY_TOKENS: '100' });
    let before = calls;
    await ask(tokens, 7, 0);
    await ask(tokens, 7, 1); // the first call already used 150 of 100 tokens
    expect(calls - before).toBe(1);
    const global = llmDeps('global', { OPENAI_DAILY_CALLS: '3' });
    before = calls;
    for (let user = 1; user <= 5; user++) await ask(global, user, 0);
    expect(calls - before).toBe(3);
  });

  test('concurrent requests for one cache key make one call (single flight); later ones hit the cache', async () => {
    const deps = llmDeps('single-flight');
    const before = calls;
    held = [];
    const firstCall = new Promise<void>((resolve) => {
      onHeld = resolve;
    });
    const pending = Array.from({ length: 5 }, () => ask(deps, 42, 3));
    await firstCall;
    onHeld = undefined;
    for (const reply of held) reply();
    held = undefined;
    const results = await Promise.all(pending);
    expect(calls - before).toBe(1);
    expect(results.every((r) => r.length === 1)).toBe(true);
    await ask(deps, 42, 3);
    expect(calls - before).toBe(1);
  });

  test('Redis down: no cache or budget can be checked, so no call is made', async () => {
    const u = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    u.port = '1';
    const deps = llmDeps('redis-down', { REDIS_URL: u.toString() });
    const before = calls;
    expect(await ask(deps, 9, 4)).toEqual([]);
    expect(calls - before).toBe(0);
  });

  test('calls and tokens are counted and shown to the operator', async () => {
    tokensPerCall = 120;
    const deps = llmDeps('metrics');
    await ask(deps, 5, 5);
    await ask(deps, 5, 5); // cached
    const res = await request(testApp(deps)).get('/readyz').set('authorization', 'Bearer op');
    expect(res.body.openai.process).toMatchObject({ calls: 1, tokens: 120, cache_hits: 1 });
    expect(res.body.openai.today).toEqual({ calls: 1, tokens: 120 });
    expect((await request(testApp(deps)).get('/readyz')).body.openai).toBeUndefined();
  });
});

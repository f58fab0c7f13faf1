import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { loadConfig } from '../../src/platform/config';
import { createDeps } from '../../src/compose';
import { createApp } from '../../src/app';
import { cachedReadiness, checkReadiness } from '../../src/platform/health';

describe('HTTP platform on the real stack', () => {
  const deps = testDeps({ OPERATOR_TOKEN: 'op-secret' });
  const app = testApp(deps);
  afterAll(() => closeDeps(deps));

  test('GET /healthz says the process is alive', async () => {
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  test('GET /readyz reports all three services up with latencies', async () => {
    const res = await request(app).get('/readyz').set('authorization', 'Bearer op-secret');
    expect(res.status).toBe(200);
    for (const name of ['elasticsearch', 'postgres', 'redis']) {
      expect(res.body.services[name].status).toBe('up');
      expect(typeof res.body.services[name].latency_ms).toBe('number');
    }
  });

  test('/readyz answers everyone from one shared check, reused for the cache period: a flood costs one check', async () => {
    let checks = 0;
    let now = 0;
    const readiness = cachedReadiness(
      () => {
        checks++;
        return checkReadiness(deps);
      },
      2000,
      () => now,
    );
    const answers = await Promise.all(Array.from({ length: 20 }, () => readiness()));
    expect(checks).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill('ready'));
    now = 1999;
    await readiness();
    expect(checks).toBe(1);
    now = 2000;
    await readiness();
    expect(checks).toBe(2);
  });

  test('unknown routes are a JSON 404', async () => {
    const res = await request(app).get('/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('malformed JSON is a 400 with code invalid_json, never a stack trace', async () => {
    const res = await request(app).post('/api/anything').set('content-type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });

  test('every response carries a request id, and a sane incoming one is kept', async () => {
    const res = await request(app).get('/healthz').set('x-request-id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const fresh = await request(app).get('/healthz');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('dependencies that are down', () => {
  // Real clients pointed at ports where nothing listens: the honest answer is a fast 503.
  const config = loadConfig({
    ...process.env,
    ES_URL: 'http://127.0.0.1:1',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    REDIS_URL: 'redis://127.0.0.1:1',
    OPERATOR_TOKEN: 'op-secret',
  });
  const deps = createDeps(config);
  const app = createApp(deps);
  afterAll(() => closeDeps(deps));

  test('GET /readyz is 503 naming each service down', async () => {
    const res = await request(app).get('/readyz').set('x-operator-token', 'op-secret');
    expect(res.status).toBe(503);
    expect(res.body.services.elasticsearch.status).toBe('down');
    expect(res.body.services.postgres.status).toBe('down');
    expect(res.body.services.redis.status).toBe('down');
  });

  test('a search while Elasticsearch is down is a 503 dependency_unavailable', async () => {
    const res = await request(app).get('/api/songs/search').query({ q: '아이유' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('dependency_unavailable');
    expect(res.body.error.details.dependency).toBe('elasticsearch');
  });
});

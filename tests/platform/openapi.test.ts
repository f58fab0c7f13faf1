// The OpenAPI document: valid OpenAPI 3.1, covering every mounted route, with a reference page at /docs.
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import type express from 'express';
import { testDeps, testApp, closeDeps } from '../support';
import { openApiPath } from '../../src/platform/openapi';
import { documentedRequest } from '../api-contract';

const deps = testDeps();
const app = testApp(deps);
afterAll(() => closeDeps(deps));

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path mounted on the app, found by walking the Express router stack. */
function mountedRoutes(app: express.Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods))
          for (const p of paths) out.push(`${method} ${openApiPath(p)}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

// pages and files for browsers (the reference page, the web app's Kakao return page, vendored browser files) are not API
const NOT_API = /^get \/(docs|vendor\/|login\/kakao$|openapi\.json$)/;

test('every mounted route is in /openapi.json', async () => {
  const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
  const mounted = mountedRoutes(app).filter((r) => !NOT_API.test(r));
  expect(mounted.length).toBeGreaterThan(20);
  expect(mounted.filter((r) => !documented.has(r))).toEqual([]);
});

test('the route walk sees a route mounted without a contract', () => {
  const extra = testApp(deps);
  // mounted after the 404 handler it is never reached, but it is on the stack, which is what the walk reads
  (extra as express.Express).get('/api/undocumented', (_req, res) => {
    res.end();
  });
  expect(mountedRoutes(extra)).toContain('get /api/undocumented');
});

test('/openapi.json passes the OpenAPI 3.1 schema validator', async () => {
  const res = await request(app).get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  // the validator is ESM-only; jest runs CommonJS, so it runs in a child node process
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
    let input = ''; process.stdin.on('data', (c) => { input += c; });
    process.stdin.on('end', async () => { const r = await new Validator().validate(JSON.parse(input)); process.stdout.write(JSON.stringify(r)); });`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(res.body),
    cwd: process.cwd(),
  }).toString();
  const result = JSON.parse(out) as { valid: boolean; errors?: unknown };
  expect(result.errors ?? null).toBeNull();
  expect(result.valid).toBe(true);
});

test('/docs serves Swagger UI from the npm package, pointed at /openapi.json', async () => {
  const page = await request(app).get('/docs');
  expect(page.status).toBe(200);
  expect(page.text).toContain('/docs/assets/swagger-ui-bundle.js');
  const bundle = await request(app).get('/docs/assets/swagger-ui-bundle.js');
  expect(bundle.status).toBe(200);
  expect(bundle.text).toContain('SwaggerUIBundle');
  expect((await request(app).get('/docs/init.js')).text).toContain("url: '/openapi.json'");
});

test('invalid input is a 400 in the documented error shape naming the parameter', async () => {
  const api = documentedRequest(app);
  const res = await api.get('/api/songs/search?q=x&size=999');
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter: 'size' } });
  const id = await api.get('/api/songs/abc');
  expect(id.body.error).toMatchObject({ code: 'invalid_parameter', details: { parameter: 'id' } });
});

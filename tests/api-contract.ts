// Checks real responses against the route contracts: the status must be documented and the body must match its schema.
import type express from 'express';
import request from 'supertest';
import { apiContracts } from '../src/app';
import { ErrorResponse, type RouteSpec } from '../src/platform/api';
import { errorStatuses } from '../src/platform/openapi';

const matchers = apiContracts.map((spec) => ({ spec, re: new RegExp(`^${spec.path.replace(/:\w+/g, '[^/]+')}/?$`) }));

export function contractFor(method: string, path: string): RouteSpec | undefined {
  return matchers.find((m) => m.spec.method === method.toLowerCase() && m.re.test(path))?.spec;
}

/** Throws when a response to a documented route has an undocumented status or a body its schema rejects. */
export function assertDocumented(res: request.Response): void {
  const req = (res as unknown as { req: { method: string; path: string } }).req;
  const path = decodeURIComponent(req.path.split('?')[0]);
  const spec = contractFor(req.method, path);
  if (!spec) return; // not an API route (static files, unknown paths); the router walk test covers missing contracts
  const where = `${req.method} ${path} -> ${res.status}`;
  const success = spec.responses[res.status];
  if (success) {
    if (!success.schema) {
      if (res.text && res.status !== 302)
        throw new Error(`${where}: documented without a body but sent ${res.text.slice(0, 200)}`);
      return;
    }
    const parsed = success.schema.safeParse(res.body);
    if (!parsed.success)
      throw new Error(
        `${where}: body does not match its documented schema: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`,
      );
    return;
  }
  if (!errorStatuses(spec).includes(res.status))
    throw new Error(`${where}: status not documented (${JSON.stringify(res.body).slice(0, 200)})`);
  const parsed = ErrorResponse.safeParse(res.body);
  if (!parsed.success)
    throw new Error(`${where}: error body does not match the error schema: ${JSON.stringify(res.body).slice(0, 200)}`);
}

type Verb = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** supertest's request(app), with every response checked by assertDocumented. */
export function documentedRequest(app: express.Express | string) {
  const agent = request(app);
  const wrap = (verb: Verb) => (url: string) => agent[verb](url).expect(assertDocumented);
  return { get: wrap('get'), post: wrap('post'), put: wrap('put'), patch: wrap('patch'), delete: wrap('delete') };
}

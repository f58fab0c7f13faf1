// The OpenAPI 3.1 document generated from the route contracts, served at /openapi.json, and its reference page at /docs.
import path from 'node:path';
import express, { Router } from 'express';
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { ErrorResponse, type RouteSpec } from './api';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input; details name the parameter or field',
  401: "sign in first (Authorization: Bearer <token>, or the web app's session cookie)",
  403: 'the resource belongs to someone else, or (csrf_failed) a write signed in by the session cookie lacks its X-CSRF-Token',
  404: 'not found',
  409: 'conflicts with existing data',
  413: 'the upload is too large',
  415: 'the upload is not a supported image',
  422: 'refused; the code says why',
  429: 'rate limited; see Retry-After',
  502: 'an upstream service failed',
  503: 'a dependency is unavailable; see Retry-After',
};

/** /api/songs/:id -> /api/songs/{id} */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

/** The error statuses a route documents: its own plus those every route of its kind can answer. */
export function errorStatuses(spec: RouteSpec): number[] {
  const errors = new Set(spec.errors ?? []);
  if (spec.params || spec.query || spec.body || spec.headers) errors.add(400);
  if (spec.auth === 'required') errors.add(401);
  if (spec.body) errors.add(413);
  if (spec.method !== 'get') errors.add(429); // every write is rate limited
  if (spec.method !== 'get') errors.add(403); // and refused without its CSRF token when signed in by cookie
  errors.add(503);
  return [...errors].sort((a, b) => a - b);
}

function routeConfig(spec: RouteSpec): RouteConfig {
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema
      ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.schema } } }
      : { description: r.description };
  }
  for (const status of errorStatuses(spec)) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'error',
      content: { 'application/json': { schema: ErrorResponse } },
    };
  }
  return {
    method: spec.method,
    path: openApiPath(spec.path),
    summary: spec.summary,
    description: spec.description,
    tags: [spec.tag],
    security:
      spec.auth === 'required'
        ? [{ bearer: [] }, { cookie: [] }]
        : spec.auth === 'optional'
          ? [{ bearer: [] }, { cookie: [] }, {}]
          : undefined,
    request: {
      params: spec.params,
      query: spec.query,
      headers: spec.headers,
      body: spec.body
        ? { required: true, content: { [spec.bodyType ?? 'application/json']: { schema: spec.body } } }
        : undefined,
    },
    responses,
  };
}

export function buildOpenApiDocument(routes: RouteSpec[], version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'the token from /api/auth/signup, /api/auth/login or the Kakao callback',
  });
  registry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'norae_session',
    description: 'the web app\'s session (sign in with session "cookie"); writes also need X-CSRF-Token',
  });
  for (const spec of routes) registry.registerPath(routeConfig(spec));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'norae API',
      version,
      description: 'Korean karaoke (TJ + KY) song search, lists, recommendations, trending and no-label products.',
    },
    servers: [{ url: '/' }],
  });
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>norae API reference</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** GET /openapi.json, and /docs: Swagger UI served from the swagger-ui-dist package (no CDN). */
export function docsRoutes(document: OpenApiDocument): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(
    '/docs/assets',
    express.static(path.dirname(require.resolve('swagger-ui-dist/package.json')), { maxAge: '1h', index: false }),
  );
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(DOCS_PAGE);
  });
  return router;
}

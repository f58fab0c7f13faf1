// Wires every capability's routes into one Express app, and their contracts into the OpenAPI document.
import fs from 'node:fs';
import type express from 'express';
import type { Deps } from './platform/deps';
import type { RouteSpec } from './platform/api';
import { createHttpApp } from './platform/http';
import { buildOpenApiDocument, docsRoutes, type OpenApiDocument } from './platform/openapi';
import { healthApi, healthRoutes } from './platform/health';
import { llmUsage } from './recs/llm';
import { songRoutes, songsApi } from './songs/routes';
import { webRoutes } from './web/routes';
import { trendingApi, trendingRoutes } from './trending/routes';
import { rewardRoutes, rewardsApi } from './rewards/routes';
import { productRoutes, productsApi } from './products/routes';
import { authenticate } from './users/auth';
import { noStore, userRoutes, usersApi } from './users/routes';
import { eventRoutes, eventsApi } from './events/routes';
import { recsApi, recsRoutes } from './recs/routes';
import { arrivalRoutes, arrivalsApi } from './arrivals/routes';
import { mergeReviewRoutes, mergeReviewsApi } from './songs/review-routes';
import { roomRoutes, roomsApi } from './rooms/routes';
import { limitWrites, rateLimit } from './limits/rate-limit';
import { dependencyDeadlines } from './platform/breakers';
import { projectPath } from './platform/paths';

/** Every route contract the app mounts (a test checks that nothing mounted is missing). */
export const apiContracts: RouteSpec[] = [
  healthApi,
  arrivalsApi,
  songsApi,
  trendingApi,
  productsApi,
  rewardsApi,
  usersApi,
  eventsApi,
  recsApi,
  mergeReviewsApi,
  roomsApi,
].flatMap((group) => Object.values(group));

const packageVersion = (): string => JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')).version;

export const openApiDocument = (): OpenApiDocument => buildOpenApiDocument(apiContracts, packageVersion());

export function createApp(deps: Deps): express.Express {
  return createHttpApp(
    deps.logger,
    (app) => {
      app.use(dependencyDeadlines()); // every Elasticsearch/Postgres/Redis call of a request has DEPENDENCY_TIMEOUT_MS
      app.use('/readyz', rateLimit(deps, 'readiness'));
      app.use(healthRoutes(deps, { openai: () => llmUsage(deps) }));
      app.use(docsRoutes(openApiDocument()));
      app.use(['/api/auth', '/api/me'], noStore); // every answer there, errors too, is private to the caller
      app.use(authenticate(deps)); // optional: sets req.user for every route when a valid bearer token or session cookie is sent
      app.use(limitWrites(deps)); // per IP and per user, on every POST/PUT/PATCH/DELETE
      app.use(arrivalRoutes(deps)); // before songRoutes: /api/songs/new is not /api/songs/:id
      app.use(songRoutes(deps));
      app.use(trendingRoutes(deps));
      app.use(productRoutes(deps));
      app.use(rewardRoutes(deps));
      app.use(userRoutes(deps));
      app.use(eventRoutes(deps));
      app.use(recsRoutes(deps));
      app.use(mergeReviewRoutes(deps));
      app.use(roomRoutes(deps));
      app.use(webRoutes());
    },
    { trustProxy: deps.config.trustProxy, production: deps.config.env === 'production' },
  );
}

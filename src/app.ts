// Wires every capability's routes into one Express app.
import type express from 'express';
import type { Deps } from './platform/deps';
import { createHttpApp } from './platform/http';
import { healthRoutes } from './platform/health';
import { songRoutes } from './songs/routes';
import { webRoutes } from './web/routes';
import { trendingRoutes } from './trending/routes';
import { rewardRoutes } from './abuse/routes';
import { productRoutes } from './products/routes';
import { authenticate } from './users/auth';
import { userRoutes } from './users/routes';
import { eventRoutes } from './events/routes';
import { recsRoutes } from './recs/routes';
import { limitWrites } from './abuse/rate-limit';

export function createApp(deps: Deps): express.Express {
  return createHttpApp(deps.logger, (app) => {
    app.use(healthRoutes(deps));
    app.use(authenticate(deps)); // optional: sets req.user for every route when a valid bearer token is sent
    app.use(limitWrites(deps)); // per IP and per user, on every POST/PUT/PATCH/DELETE
    app.use(songRoutes(deps));
    app.use(trendingRoutes(deps));
    app.use(productRoutes(deps));
    app.use(rewardRoutes(deps));
    app.use(userRoutes(deps));
    app.use(eventRoutes(deps));
    app.use(recsRoutes(deps));
    app.use(webRoutes());
  });
}

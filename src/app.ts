// Wires every capability's routes into one Express app.
import type express from 'express';
import type { Deps } from './platform/deps';
import { createHttpApp } from './platform/http';
import { healthRoutes } from './platform/health';
import { songRoutes } from './songs/routes';
import { webRoutes } from './web/routes';

export function createApp(deps: Deps): express.Express {
  return createHttpApp(deps.logger, (app) => {
    app.use(healthRoutes(deps));
    app.use(songRoutes(deps));
    app.use(webRoutes());
  });
}

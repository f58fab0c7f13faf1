// Serves the search-as-you-type page.
import path from 'node:path';
import express, { Router } from 'express';

export function webRoutes(): Router {
  const router = Router();
  router.use(express.static(path.join(__dirname, 'public'), { index: 'index.html', maxAge: '5m' }));
  return router;
}

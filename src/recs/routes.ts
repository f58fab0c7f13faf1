// GET /api/me/recommendations and GET /api/songs/:id/similar.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { enumParam, intParam } from '../platform/params';
import { BRANDS } from '../songs/constants';
import { authenticate, requireUser } from '../users/auth';
import { recommendForUser, similarSongs } from './recommend';

export const MAX_K = 50;

export function recsRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/api/me/recommendations', authenticate(deps, { required: true }), handle(async (req, res) => {
    const k = intParam('k', req.query.k, 20, 1, MAX_K);
    const brand = enumParam('brand', req.query.brand, BRANDS);
    res.json(await recommendForUser(deps, requireUser(req), { k, brand }));
  }));
  router.get('/api/songs/:id/similar', handle(async (req, res) => {
    const id = intParam('id', req.params.id, 0, 1, Number.MAX_SAFE_INTEGER);
    const k = intParam('k', req.query.k, 10, 1, MAX_K);
    const brand = enumParam('brand', req.query.brand, BRANDS);
    res.json(await similarSongs(deps, id, { k, brand }));
  }));
  return router;
}

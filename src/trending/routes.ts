// GET /api/trending (any demographic) and GET /api/me/trending (the caller's own demographic).
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { unauthorized } from '../platform/errors';
import { enumParam, intParam } from '../platform/params';
import { callerOf } from '../users/caller';
import { TRENDING_GENDERS, TRENDING_SCOPES } from './segments';
import { AGE_BANDS } from '../users/demographics';
import { readTrending } from './store';

export function trendingRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/api/trending', handle(async (req, res) => {
    const scope = enumParam('scope', req.query.scope, TRENDING_SCOPES) ?? 'songs';
    const gender = enumParam('gender', req.query.gender, TRENDING_GENDERS);
    const ageBand = enumParam('age', req.query.age, AGE_BANDS);
    const limit = intParam('limit', req.query.limit, 10, 1, 20);
    res.json(await readTrending(deps.redis, deps.config, { scope, gender, ageBand, limit }));
  }));
  router.get('/api/me/trending', handle(async (req, res) => {
    const caller = callerOf(req);
    if (!caller.userId) throw unauthorized();
    const scope = enumParam('scope', req.query.scope, TRENDING_SCOPES) ?? 'songs';
    res.json(await readTrending(deps.redis, deps.config, { scope, gender: caller.gender, ageBand: caller.ageBand }));
  }));
  return router;
}

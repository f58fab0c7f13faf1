// GET /api/trending (any demographic) and GET /api/me/trending (the caller's own demographic).
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { unauthorized } from '../platform/errors';
import { defineRoute, queryEnum, queryInt, route, z } from '../platform/api';
import { callerOf } from '../core/caller';
import { TRENDING_GENDERS, TRENDING_SCOPES } from './segments';
import { AGE_BANDS } from '../core/demographics';
import { readTrending } from './store';

export const TrendingList = z
  .object({
    scope: z.enum(TRENDING_SCOPES),
    segment: z.string().openapi({ description: 'all, or the gender and/or age band the list is for' }),
    window_minutes: z.number(),
    half_life_minutes: z.number(),
    as_of: z.string().openapi({ format: 'date-time' }),
    items: z.array(
      z.object({
        rank: z.number().int(),
        query: z.string(),
        key: z.string(),
        score: z.number(),
        movement: z.enum(['up', 'down', 'same', 'new']).openapi({ description: 'against the previous window' }),
        previous_rank: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('TrendingList');

const scope = queryEnum(TRENDING_SCOPES).openapi({ description: 'songs (default) or products' });

export const trendingApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/trending',
    tag: 'trending',
    summary: 'What people search now, for everyone or one gender / age band',
    query: z.object({
      scope,
      gender: queryEnum(TRENDING_GENDERS),
      age: queryEnum(AGE_BANDS),
      limit: queryInt(10, 1, 20),
    }),
    responses: { 200: { description: 'ranked queries with up/down/new marks', schema: TrendingList } },
  }),
  mine: defineRoute({
    method: 'get',
    path: '/api/me/trending',
    tag: 'trending',
    summary: "Trending for the caller's own gender and age band",
    auth: 'required',
    query: z.object({ scope }),
    responses: { 200: { description: "ranked queries for the caller's segment", schema: TrendingList } },
  }),
};

export function trendingRoutes(deps: Deps): Router {
  const router = Router();
  route(router, trendingApi.list, [], async ({ query }) => ({
    status: 200,
    body: await readTrending(deps.redis, deps.config, {
      scope: query.scope ?? 'songs',
      gender: query.gender,
      ageBand: query.age,
      limit: query.limit,
    }),
  }));
  route(router, trendingApi.mine, [], async ({ query }, req) => {
    const caller = callerOf(req);
    if (!caller.userId) throw unauthorized();
    return {
      status: 200,
      body: await readTrending(deps.redis, deps.config, {
        scope: query.scope ?? 'songs',
        gender: caller.gender,
        ageBand: caller.ageBand,
      }),
    };
  });
  return router;
}

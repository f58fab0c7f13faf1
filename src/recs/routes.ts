// GET /api/me/recommendations and GET /api/songs/:id/similar.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParams, queryEnum, queryInt, route, z } from '../platform/api';
import { BRANDS } from '../core/brands';
import { authenticate, requireUser } from '../users/auth';
import { recommendForUser, similarSongs } from './recommend';
import { sharedRateLimit } from '../limits/batched-limit';

export const MAX_K = 50;

export const Recommendations = z
  .object({
    model_version: z.string().nullable(),
    source: z.enum(['item2vec', 'popular']),
    segment: z.object({ gender: z.string().optional(), ageBand: z.string().optional() }).optional(),
    items: z.array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        artist: z.string(),
        tj_no: z.string().nullable(),
        ky_no: z.string().nullable(),
        score: z.number(),
        source: z.enum(['item2vec', 'popular', 'openai']),
      }),
    ),
  })
  .openapi('Recommendations');

const brand = queryEnum(BRANDS).openapi({ description: 'only songs this machine brand has' });

export const recsApi = {
  forMe: defineRoute({
    method: 'get',
    path: '/api/me/recommendations',
    tag: 'recommendations',
    summary: "What to sing next, from the caller's saved and sung songs",
    auth: 'required',
    query: z.object({ k: queryInt(20, 1, MAX_K), brand }),
    responses: {
      200: {
        description: "songs to sing next (popular in the caller's segment when there is no history yet)",
        schema: Recommendations,
      },
    },
    errors: [429],
  }),
  similar: defineRoute({
    method: 'get',
    path: '/api/songs/:id/similar',
    tag: 'recommendations',
    summary: 'Songs people sing together with this one',
    params: idParams,
    query: z.object({ k: queryInt(10, 1, MAX_K), brand }),
    responses: { 200: { description: 'similar songs', schema: Recommendations } },
    errors: [404, 429],
  }),
};

export function recsRoutes(deps: Deps): Router {
  const router = Router();
  // both cost a kNN search (and maybe an OpenAI call): limited like searches, per IP and per user
  route(
    router,
    recsApi.forMe,
    [authenticate(deps, { required: true }), sharedRateLimit(deps, 'recommend')],
    async ({ query }, req) => ({
      status: 200,
      body: await recommendForUser(deps, requireUser(req), { k: query.k, brand: query.brand }),
    }),
  );
  route(router, recsApi.similar, [sharedRateLimit(deps, 'recommend')], async ({ params, query }) => ({
    status: 200,
    body: await similarSongs(deps, params.id, { k: query.k, brand: query.brand }),
  }));
  return router;
}

// Operator routes of the merge review queue: GET /api/operator/merge-reviews (pairs with both spellings) and
// POST /api/operator/merge-reviews/:id (accept or split). Operators present OPERATOR_TOKEN as X-Operator-Token (or
// Authorization: Bearer), the check readiness uses.
import { Router, type RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, unauthorized } from '../platform/errors';
import { defineRoute, idParams, optionalText, queryEnum, queryInt, route, z } from '../platform/api';
import { isOperator } from '../platform/health';
import { REVIEW_DECISIONS, REVIEW_STATUSES, decideMergeReview, listMergeReviews } from './merge-reviews';

const Spelling = z.object({ no: z.string(), title: z.string(), singer: z.string() });
export const MergeReview = z
  .object({
    id: z.number().int(),
    tj: Spelling.openapi({ description: 'the TJ entry as it was spelled when the pair was queued' }),
    ky: Spelling.openapi({ description: 'the KY entry as it was spelled when the pair was queued' }),
    rule: z
      .string()
      .openapi({ description: 'the merge rule that proposed the pair (artist-pronunciation, cut-width, ...)' }),
    score: z.number(),
    status: z.enum(REVIEW_STATUSES),
    queued_at: z.string(),
    decided_at: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('MergeReview');

const operatorHeaders = z.looseObject({
  'x-operator-token': z.string().optional().openapi({ description: 'OPERATOR_TOKEN' }),
});

export const mergeReviewsApi = {
  list: defineRoute({
    method: 'get',
    path: '/api/operator/merge-reviews',
    tag: 'operator',
    summary: 'TJ/KY pairs the merge is unsure of, with both spellings (operators)',
    headers: operatorHeaders,
    query: z.object({
      status: queryEnum(REVIEW_STATUSES).openapi({ description: 'pending (default), accepted or split' }),
      limit: queryInt(50, 1, 500),
    }),
    responses: {
      200: {
        description: 'pairs of that status (pending: highest score first) and how many there are',
        schema: z.object({ items: z.array(MergeReview), total: z.number().int() }),
      },
    },
    errors: [401, 403],
  }),
  decide: defineRoute({
    method: 'post',
    path: '/api/operator/merge-reviews/:id',
    tag: 'operator',
    summary: 'Accept (one song) or split (two songs) a queued pair (operators)',
    description:
      'The decision becomes a merge or split override: the next merge applies it, and every later one keeps it.',
    headers: operatorHeaders,
    params: idParams,
    body: z
      .object({
        decision: z.enum(REVIEW_DECISIONS, { error: `decision must be one of ${REVIEW_DECISIONS.join(', ')}` }),
        note: optionalText(500),
      })
      .strict(),
    responses: { 200: { description: 'the pair with its decision', schema: MergeReview } },
    errors: [401, 403, 404],
  }),
};

/** 401 without an operator token, 403 with a wrong one (or when OPERATOR_TOKEN is not set: the routes are off). */
export function requireOperator(deps: Pick<Deps, 'config'>): RequestHandler {
  return (req, _res, next) => {
    if (isOperator(req, deps.config.operatorToken)) return next();
    if (!req.get('authorization') && !req.get('x-operator-token'))
      return next(unauthorized('send the operator token as X-Operator-Token'));
    next(
      new AppError(
        403,
        'forbidden',
        deps.config.operatorToken
          ? 'the operator token is wrong'
          : 'operator routes are off (OPERATOR_TOKEN is not set)',
      ),
    );
  };
}

export function mergeReviewRoutes(deps: Deps): Router {
  const router = Router();
  const operator = requireOperator(deps);
  route(router, mergeReviewsApi.list, [operator], async ({ query }, _req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    return { status: 200, body: await listMergeReviews(deps.pg, query.status ?? 'pending', query.limit) };
  });
  route(router, mergeReviewsApi.decide, [operator], async ({ params, body }) => ({
    status: 200,
    body: await decideMergeReview(deps.pg, params.id, body.decision, body.note),
  }));
  return router;
}

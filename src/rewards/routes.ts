// POST /api/products/:id/proofs (multipart field "photo", optional field "action"), GET /api/me/points, and the
// operator's proof queue: review what the detector could not judge, reverse what should not have earned.
import { Router, type RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, badRequest, unauthorized } from '../platform/errors';
import { isOperator } from '../platform/health';
import { defineRoute, idParams, queryInt, route, z, type UploadedFile } from '../platform/api';
import { photoUpload } from './photo-upload';
import { createPhotoInspector } from './photo-inspector';
import { callerOf } from '../core/caller';
import { PROOF_ACTIONS, listProofs, pointsBalance, reverseProof, reviewProof, submitProof } from './proofs';
import { loadProofObjects } from './proof-verdict';

const UploadedPhoto = z.custom<UploadedFile>(
  (v) => !!v && typeof v === 'object' && Buffer.isBuffer((v as { buffer?: unknown }).buffer),
);

const ProofStatusEnum = z.enum(['accepted', 'pending_review', 'rejected', 'reversed']);
const ProofOutcome = z
  .object({
    proof_id: z.number().int(),
    product_id: z.number().int(),
    action: z.enum(PROOF_ACTIONS),
    seoul_day: z.string(),
    status: ProofStatusEnum,
    verdict: z.string().openapi({ description: 'object_found, detector_unavailable or category_unchecked' }),
    points: z.number().int(),
    balance: z.number().int(),
  })
  .openapi('ProofOutcome');

export const rewardsApi = {
  submitProof: defineRoute({
    method: 'post',
    path: '/api/products/:id/proofs',
    tag: 'rewards',
    summary: 'Upload a photo proof (taken today) of buying or recycling a no-label product',
    description:
      'The photo is decoded, compared with every photo submitted before (perceptual hash) and checked by an object detector for the ' +
      'kind of object its product is. Refusals: 403 email_not_verified, 408 upload_too_slow, 409 duplicate_photo, 413 too_large, 415 not_an_image, ' +
      '422 malformed_image / unreadable_image / not_a_photo / no_exif_date / not_taken_today / object_not_found, ' +
      '429 daily_limit_reached / address_daily_limit_reached, 503 busy.',
    auth: 'required',
    params: idParams,
    bodyType: 'multipart/form-data',
    body: z.object({
      photo: UploadedPhoto.optional().openapi({
        type: 'string',
        format: 'binary',
        description: 'the original camera photo (JPEG, PNG, WebP or HEIC with its EXIF date)',
      }),
      action: z
        .enum(PROOF_ACTIONS, { error: `action must be one of ${PROOF_ACTIONS.join(', ')}` })
        .optional()
        .default('purchase'),
    }),
    responses: {
      201: { description: 'accepted: points earned and the new balance', schema: ProofOutcome },
      202: {
        description: 'kept, waiting for an operator (the detector could not judge it): no points yet',
        schema: ProofOutcome,
      },
    },
    errors: [403, 404, 408, 409, 413, 415, 422, 429],
  }),
  points: defineRoute({
    method: 'get',
    path: '/api/me/points',
    tag: 'rewards',
    summary: "The caller's points balance",
    auth: 'required',
    responses: { 200: { description: 'the balance', schema: z.object({ balance: z.number().int() }) } },
  }),
  proofQueue: defineRoute({
    method: 'get',
    path: '/api/operator/proofs',
    tag: 'operator',
    summary: 'Proofs by status (default: waiting for review), oldest first, with the model result',
    description: 'Needs the operator token (Authorization: Bearer <OPERATOR_TOKEN> or X-Operator-Token).',
    query: z.object({ status: ProofStatusEnum.optional().default('pending_review'), limit: queryInt(50, 1, 500) }),
    responses: {
      200: {
        description: 'the proofs',
        schema: z.object({
          proofs: z.array(
            z.object({
              proof_id: z.number().int(),
              user_id: z.string(),
              product_id: z.number().int(),
              product_name: z.string(),
              category: z.string(),
              action: z.string(),
              status: ProofStatusEnum,
              verdict: z.string().nullable(),
              detections: z.unknown(),
              detector_error: z.string().nullable(),
              created_at: z.string(),
            }),
          ),
        }),
      },
    },
    errors: [401],
  }),
  reviewProof: defineRoute({
    method: 'post',
    path: '/api/operator/proofs/:id/review',
    tag: 'operator',
    summary: 'Approve (points) or reject a proof waiting for review',
    params: idParams,
    body: z
      .object({
        decision: z.enum(['approve', 'reject'], { error: 'decision must be approve or reject' }),
        note: z.string().max(500).optional(),
      })
      .strict(),
    responses: {
      200: {
        description: 'decided',
        schema: z.object({ proof_id: z.number().int(), status: ProofStatusEnum, points: z.number().int() }),
      },
    },
    errors: [401, 404, 409],
  }),
  reverseProof: defineRoute({
    method: 'post',
    path: '/api/operator/proofs/:id/reverse',
    tag: 'operator',
    summary: "Reverse an accepted proof's points (a negative ledger row)",
    params: idParams,
    body: z.object({ note: z.string().max(500).optional() }).strict(),
    responses: {
      200: {
        description: 'reversed',
        schema: z.object({
          proof_id: z.number().int(),
          status: ProofStatusEnum,
          points: z.number().int(),
          balance: z.number().int(),
        }),
      },
    },
    errors: [401, 404, 409],
  }),
};

export function rewardRoutes(deps: Deps): Router {
  const router = Router();
  const requireUser: RequestHandler = (req, _res, next) => next(callerOf(req).userId ? undefined : unauthorized());
  const requireOperator: RequestHandler = (req, _res, next) =>
    next(
      isOperator(req, deps.config.operatorToken)
        ? undefined
        : new AppError(401, 'operator_only', 'this route needs the operator token'),
    );
  const r = deps.config.rewards;
  const upload = photoUpload({
    maxBytes: r.maxProofBytes,
    deadlineMs: r.uploadDeadlineMs,
    concurrent: r.concurrentUploads,
  });
  const photos = createPhotoInspector({
    workers: r.photoWorkers,
    timeoutMs: r.photoParseTimeoutMs,
    maxQueue: r.concurrentUploads,
    detector: r.detector,
  });
  const objects = loadProofObjects();
  route(router, rewardsApi.submitProof, [requireUser, upload], async ({ params, body }, req) => {
    if (!body.photo) throw badRequest('missing_photo', 'attach the photo as the multipart field "photo"');
    const caller = callerOf(req);
    const outcome = await submitProof(
      { ...deps, photos, objects },
      { userId: caller.userId!, productId: params.id, action: body.action, photo: body.photo.buffer, ip: caller.ip },
      deps.clock(),
    );
    return outcome.status === 'accepted' ? { status: 201, body: outcome } : { status: 202, body: outcome };
  });
  route(router, rewardsApi.points, [requireUser], async (_input, req) => ({
    status: 200,
    body: { balance: await pointsBalance(deps.pg, callerOf(req).userId!) },
  }));
  route(router, rewardsApi.proofQueue, [requireOperator], async ({ query }) => ({
    status: 200,
    body: { proofs: await listProofs(deps.pg, query.status, query.limit) },
  }));
  route(router, rewardsApi.reviewProof, [requireOperator], async ({ params, body }) => ({
    status: 200,
    body: await reviewProof(deps, params.id, body.decision, body.note),
  }));
  route(router, rewardsApi.reverseProof, [requireOperator], async ({ params, body }) => ({
    status: 200,
    body: await reverseProof(deps.pg, params.id, body.note),
  }));
  return router;
}

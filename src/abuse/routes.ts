// POST /api/products/:id/proofs (multipart field "photo", optional field "action") and GET /api/me/points.
import { Router, type RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { badRequest, unauthorized } from '../platform/errors';
import { defineRoute, idParams, route, z, type UploadedFile } from '../platform/api';
import { photoUpload } from './photo-upload';
import { createPhotoInspector } from './photo-inspector';
import { callerOf } from '../users/caller';
import { PROOF_ACTIONS, pointsBalance, submitProof } from './proofs';

const UploadedPhoto = z.custom<UploadedFile>((v) => !!v && typeof v === 'object' && Buffer.isBuffer((v as { buffer?: unknown }).buffer));

export const rewardsApi = {
  submitProof: defineRoute({
    method: 'post', path: '/api/products/:id/proofs', tag: 'rewards', summary: 'Upload a photo proof (taken today) of buying or recycling a no-label product',
    description: 'Refusals: 413 too_large, 408 upload_too_slow, 415 not_an_image, 422 malformed_image / unreadable_image / no_exif_date / not_taken_today, 409 duplicate_photo, 429 daily_limit_reached, 503 busy.',
    auth: 'required',
    params: idParams,
    bodyType: 'multipart/form-data',
    body: z.object({
      photo: UploadedPhoto.optional().openapi({ type: 'string', format: 'binary', description: 'the original camera photo (JPEG, PNG, WebP or HEIC with its EXIF date)' }),
      action: z.enum(PROOF_ACTIONS, { error: `action must be one of ${PROOF_ACTIONS.join(', ')}` }).optional().default('purchase'),
    }),
    responses: {
      201: {
        description: 'accepted: points earned and the new balance',
        schema: z.object({
          proof_id: z.number().int(), product_id: z.number().int(), action: z.enum(PROOF_ACTIONS),
          seoul_day: z.string(), points: z.number().int(), balance: z.number().int(),
        }).openapi('AcceptedProof'),
      },
    },
    errors: [404, 408, 409, 413, 415, 422, 429],
  }),
  points: defineRoute({
    method: 'get', path: '/api/me/points', tag: 'rewards', summary: "The caller's points balance",
    auth: 'required',
    responses: { 200: { description: 'the balance', schema: z.object({ balance: z.number().int() }) } },
  }),
};

export function rewardRoutes(deps: Deps): Router {
  const router = Router();
  const requireUser: RequestHandler = (req, _res, next) => next(callerOf(req).userId ? undefined : unauthorized());
  const r = deps.config.rewards;
  const upload = photoUpload({ maxBytes: r.maxProofBytes, deadlineMs: r.uploadDeadlineMs, concurrent: r.concurrentUploads });
  const photos = createPhotoInspector({ workers: r.photoWorkers, timeoutMs: r.photoParseTimeoutMs, maxQueue: r.concurrentUploads });
  route(router, rewardsApi.submitProof, [requireUser, upload], async ({ params, body }, req) => {
    if (!body.photo) throw badRequest('missing_photo', 'attach the photo as the multipart field "photo"');
    const accepted = await submitProof({ ...deps, photos }, { userId: callerOf(req).userId!, productId: params.id, action: body.action, photo: body.photo.buffer }, deps.clock());
    return { status: 201, body: accepted };
  });
  route(router, rewardsApi.points, [requireUser], async (_input, req) => ({
    status: 200, body: { balance: await pointsBalance(deps.pg, callerOf(req).userId!) },
  }));
  return router;
}

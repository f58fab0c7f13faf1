// POST /api/products/:id/proofs (multipart field "photo", optional field "action") and GET /api/me/points.
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { Deps } from '../platform/deps';
import { AppError, badRequest, unauthorized } from '../platform/errors';
import { defineRoute, idParams, route, z } from '../platform/api';
import { callerOf } from '../users/caller';
import { PROOF_ACTIONS, pointsBalance, submitProof } from './proofs';

function photoUpload(maxBytes: number): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024 } }).single('photo');
  return (req, res, next) => upload(req, res, (err: unknown) => {
    if (!err) return next();
    const e = err as { code?: string; message?: string };
    if (e.code === 'LIMIT_FILE_SIZE') return next(new AppError(413, 'too_large', `the photo must be at most ${Math.floor(maxBytes / 1024 / 1024 * 10) / 10} MB`, { max_bytes: maxBytes }));
    if (e.code?.startsWith('LIMIT_')) return next(badRequest('invalid_upload', e.message ?? 'invalid upload'));
    return next(badRequest('invalid_upload', 'the request must be multipart/form-data with one "photo" file'));
  });
}

const UploadedFile = z.custom<Express.Multer.File>((v) => !!v && typeof v === 'object' && Buffer.isBuffer((v as { buffer?: unknown }).buffer));

export const rewardsApi = {
  submitProof: defineRoute({
    method: 'post', path: '/api/products/:id/proofs', tag: 'rewards', summary: 'Upload a photo proof (taken today) of buying or recycling a no-label product',
    description: 'Refusals: 415 not_an_image, 422 no_exif_date / not_taken_today, 409 duplicate_photo, 429 daily_limit_reached.',
    auth: 'required',
    params: idParams,
    bodyType: 'multipart/form-data',
    body: z.object({
      photo: UploadedFile.optional().openapi({ type: 'string', format: 'binary', description: 'the original camera photo (JPEG, PNG, WebP or HEIC with its EXIF date)' }),
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
    errors: [404, 409, 413, 415, 422, 429],
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
  route(router, rewardsApi.submitProof, [requireUser, photoUpload(deps.config.rewards.maxProofBytes)], async ({ params, body }, req) => {
    if (!body.photo) throw badRequest('missing_photo', 'attach the photo as the multipart field "photo"');
    const accepted = await submitProof(deps, { userId: callerOf(req).userId!, productId: params.id, action: body.action, photo: body.photo.buffer }, deps.clock());
    return { status: 201, body: accepted };
  });
  route(router, rewardsApi.points, [requireUser], async (_input, req) => ({
    status: 200, body: { balance: await pointsBalance(deps.pg, callerOf(req).userId!) },
  }));
  return router;
}

// POST /api/products/:id/proofs (multipart field "photo", optional field "action") and GET /api/me/points.
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { AppError, badRequest, unauthorized } from '../platform/errors';
import { enumParam, intParam } from '../platform/params';
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

export function rewardRoutes(deps: Deps): Router {
  const router = Router();
  const requireUser: RequestHandler = (req, _res, next) => next(callerOf(req).userId ? undefined : unauthorized());
  router.post('/api/products/:id/proofs', requireUser, photoUpload(deps.config.rewards.maxProofBytes), handle(async (req, res) => {
    const productId = intParam('id', req.params.id, 0, 1, Number.MAX_SAFE_INTEGER);
    const action = enumParam('action', (req.body as Record<string, unknown> | undefined)?.action, PROOF_ACTIONS) ?? 'purchase';
    if (!req.file) throw badRequest('missing_photo', 'attach the photo as the multipart field "photo"');
    const accepted = await submitProof(deps, { userId: callerOf(req).userId!, productId, action, photo: req.file.buffer });
    res.status(201).json(accepted);
  }));
  router.get('/api/me/points', requireUser, handle(async (req, res) => {
    res.json({ balance: await pointsBalance(deps.pg, callerOf(req).userId!) });
  }));
  return router;
}

// Bearer-token authentication for every capability: `authenticate(deps)` (optional: sets req.user when the token
// is valid, ignores a missing or stale one) or `authenticate(deps, { required: true })` (401 without a valid token);
// handlers then call `requireUser(req)` for the typed user.
import type { Request, RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, unauthorized } from '../platform/errors';
import { toAuthUser, userForToken, type AuthUser } from './accounts';

declare module 'express-serve-static-core' {
  interface Request { user?: AuthUser; authToken?: string }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/;

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  return BEARER.exec(header.trim())?.[1];
}

export function authenticate(deps: Pick<Deps, 'pg'>, opts: { required?: boolean } = {}): RequestHandler {
  return (req, _res, next) => {
    if (req.user) { next(); return; } // an app-wide authenticate already ran
    const token = bearerToken(req);
    if (!token) {
      if (!opts.required) { next(); return; }
      next(req.get('authorization') ? new AppError(401, 'invalid_token', 'the Authorization header must be "Bearer <token>"') : unauthorized());
      return;
    }
    userForToken(deps.pg, token).then((row) => {
      if (row) { req.user = toAuthUser(row); req.authToken = token; }
      else if (opts.required) throw new AppError(401, 'invalid_token', 'the token is unknown or expired, sign in again');
      next();
    }).catch(next);
  };
}

/** The signed-in user, or a 401 (use after authenticate). */
export function requireUser(req: Request): AuthUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

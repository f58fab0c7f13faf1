// Bearer-token authentication for every capability: `authenticate(deps)` (optional: sets req.user when the token
// is valid, ignores a missing or stale one) or `authenticate(deps, { required: true })` (401 without a valid token);
// handlers then call `requireUser(req)` for the typed user.
import type { Request, RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, unauthorized } from '../platform/errors';
import { hashToken, toAuthUser, userForToken, type AuthUser } from './accounts';
import { createTokenGuard, type TokenGuard } from './token-guard';
import { callerOf } from './caller';

declare module 'express-serve-static-core' {
  interface Request { user?: AuthUser; authToken?: string }
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/;

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  return BEARER.exec(header.trim())?.[1];
}

// one guard per process and pool: every authenticate() of an app shares what it learned about unknown tokens
const guards = new WeakMap<object, TokenGuard>();
function guardFor(deps: Pick<Deps, 'pg' | 'redis' | 'config'>): TokenGuard {
  let guard = guards.get(deps.pg);
  if (!guard) {
    const { badTokensPerMinute, windowSeconds } = deps.config.rateLimits;
    guard = createTokenGuard(deps.redis, { failuresPerWindow: Math.max(1, Math.round((badTokensPerMinute * windowSeconds) / 60)), windowSeconds, rememberUnknownMs: 60_000 });
    guards.set(deps.pg, guard);
  }
  return guard;
}

const invalidToken = () => new AppError(401, 'invalid_token', 'the token is unknown or expired, sign in again');

export function authenticate(deps: Pick<Deps, 'pg' | 'redis' | 'config'>, opts: { required?: boolean } = {}): RequestHandler {
  const guard = guardFor(deps);
  return (req, _res, next) => {
    if (req.user) { next(); return; } // an app-wide authenticate already ran
    const token = bearerToken(req);
    if (!token) {
      if (!opts.required) { next(); return; }
      next(req.get('authorization') ? new AppError(401, 'invalid_token', 'the Authorization header must be "Bearer <token>"') : unauthorized());
      return;
    }
    const hash = hashToken(token);
    if (guard.knownUnknown(hash)) { next(opts.required ? invalidToken() : undefined); return; }
    const { ip } = callerOf(req);
    const wait = guard.retryAfter(ip);
    if (wait) {
      next(new AppError(429, 'rate_limited', `too many unknown tokens from this address, retry in ${wait} s`, { action: 'token_lookup', retry_after_seconds: wait }, { 'Retry-After': String(wait) }));
      return;
    }
    userForToken(deps.pg, token).then((row) => {
      if (row) { req.user = toAuthUser(row); req.authToken = token; }
      else {
        guard.recordUnknown(ip, hash);
        if (opts.required) throw invalidToken();
      }
      next();
    }).catch(next);
  };
}

/** The signed-in user, or a 401 (use after authenticate). */
export function requireUser(req: Request): AuthUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

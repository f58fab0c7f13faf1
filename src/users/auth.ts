// Authentication for every capability, by bearer token (API clients) or by the web app's session cookie:
// `authenticate(deps)` (optional: sets req.user when the token is valid, ignores a missing or stale one) or
// `authenticate(deps, { required: true })` (401 without a valid token); handlers then call `requireUser(req)` for the
// typed user. A write (POST/PUT/PATCH/DELETE) signed in by the cookie must carry its CSRF token, else 403 csrf_failed.
import type { Request, RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, unauthorized } from '../platform/errors';
import { hashToken, toAuthUser, userForToken, type AuthUser } from './accounts';
import { createTokenGuard, type TokenGuard } from './token-guard';
import { callerOf } from '../core/caller';
import { csrfMatches, endCookieSession, sessionCookieToken } from './web-session';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    authToken?: string;
    authVia?: 'bearer' | 'cookie';
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// these present credentials of their own and start a new session: a session cookie already there is not used
const SIGN_IN_PATHS = new Set(['/api/auth/login', '/api/auth/signup', '/api/auth/kakao/link']);

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
    guard = createTokenGuard(deps.redis, {
      failuresPerWindow: Math.max(1, Math.round((badTokensPerMinute * windowSeconds) / 60)),
      windowSeconds,
      rememberUnknownMs: 60_000,
    });
    guards.set(deps.pg, guard);
  }
  return guard;
}

const invalidToken = () => new AppError(401, 'invalid_token', 'the token is unknown or expired, sign in again');

export function authenticate(
  deps: Pick<Deps, 'pg' | 'redis' | 'config'>,
  opts: { required?: boolean } = {},
): RequestHandler {
  const guard = guardFor(deps);
  return (req, res, next) => {
    if (req.user) {
      next();
      return;
    } // an app-wide authenticate already ran
    const bearer = bearerToken(req);
    const cookie =
      !bearer && !req.get('authorization') && !SIGN_IN_PATHS.has(req.path) ? sessionCookieToken(req) : undefined;
    const token = bearer ?? cookie;
    if (!token) {
      if (!opts.required) {
        next();
        return;
      }
      next(
        req.get('authorization')
          ? new AppError(401, 'invalid_token', 'the Authorization header must be "Bearer <token>"')
          : unauthorized(),
      );
      return;
    }
    const unknown = () => {
      if (cookie) endCookieSession(req, res, deps.config); // a stale cookie is dropped, so the page knows it is signed out
      return opts.required ? invalidToken() : undefined;
    };
    const hash = hashToken(token);
    if (guard.knownUnknown(hash)) {
      next(unknown());
      return;
    }
    const { ip } = callerOf(req);
    const wait = guard.retryAfter(ip);
    if (wait) {
      next(
        new AppError(
          429,
          'rate_limited',
          `too many unknown tokens from this address, retry in ${wait} s`,
          { action: 'token_lookup', retry_after_seconds: wait },
          { 'Retry-After': String(wait) },
        ),
      );
      return;
    }
    userForToken(deps.pg, token)
      .then((row) => {
        if (!row) {
          guard.recordUnknown(ip, hash);
          const err = unknown();
          if (err) throw err;
          next();
          return;
        }
        // the browser sends the cookie with any site's form or fetch: only the page that can read the CSRF cookie writes
        if (cookie && WRITES.has(req.method) && !csrfMatches(req, token)) throw csrfFailed();
        req.user = toAuthUser(row);
        req.authToken = token;
        req.authVia = cookie ? 'cookie' : 'bearer';
        next();
      })
      .catch(next);
  };
}

const csrfFailed = () =>
  new AppError(
    403,
    'csrf_failed',
    'a write signed in by the session cookie must send the X-CSRF-Token header (the norae_csrf cookie, or GET /api/auth/csrf)',
  );

/** The signed-in user, or a 401 (use after authenticate). */
export function requireUser(req: Request): AuthUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

// Cookie sessions for the web app: the session token in an HttpOnly cookie the page's scripts cannot read, plus a
// CSRF token derived from it (HMAC keyed by the session token) in a readable cookie that the page echoes in the
// X-CSRF-Token header of every write. A forged cross-site request carries the cookies but cannot read the CSRF
// cookie, and an injected CSRF cookie is useless without the session token it must match. Bearer tokens (API
// clients) are untouched: no cookie, no CSRF.
import crypto from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../platform/config';
import type { IssuedToken } from './accounts';

export const SESSION_COOKIE = 'norae_session';
export const CSRF_COOKIE = 'norae_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Sent by the web app on sign-in requests (or `"session": "cookie"` in the body): answer with cookies, not a token. */
export const SESSION_MODE_HEADER = 'x-norae-session';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/;

/** The value of one cookie of the request (no cookie-parser: the app reads three). */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session token from the cookie, when it has a token's shape. */
export function sessionCookieToken(req: Request): string | undefined {
  const value = cookieOf(req, SESSION_COOKIE);
  return value && TOKEN_SHAPE.test(value) ? value : undefined;
}

export function wantsCookieSession(req: Request, bodyMode?: string): boolean {
  return bodyMode === 'cookie' || req.get(SESSION_MODE_HEADER) === 'cookie';
}

export const csrfTokenFor = (sessionToken: string) =>
  crypto.createHmac('sha256', sessionToken).update('norae-csrf').digest('base64url');

/** The request's X-CSRF-Token matches its session token (compared in constant time). */
export function csrfMatches(req: Request, sessionToken: string): boolean {
  const sent = req.get(CSRF_HEADER);
  if (!sent) return false;
  const expected = crypto.createHash('sha256').update(csrfTokenFor(sessionToken)).digest();
  return crypto.timingSafeEqual(crypto.createHash('sha256').update(sent).digest(), expected);
}

// Secure everywhere but a local or test run over plain http (the browser would drop a Secure cookie there)
const secure = (req: Request, config: Pick<Config, 'env'>) => config.env === 'production' || req.secure;

function cookieOptions(req: Request, config: Pick<Config, 'env'>, httpOnly: boolean, expires?: Date): CookieOptions {
  return { httpOnly, secure: secure(req, config), sameSite: 'lax', path: '/', ...(expires ? { expires } : {}) };
}

/** Sets both cookies for an issued token; returns the CSRF token for the body (the page may also read its cookie). */
export function startCookieSession(
  req: Request,
  res: Response,
  config: Pick<Config, 'env'>,
  issued: IssuedToken,
): string {
  const expires = new Date(issued.expires_at);
  const csrf = csrfTokenFor(issued.token);
  res.cookie(SESSION_COOKIE, issued.token, cookieOptions(req, config, true, expires));
  res.cookie(CSRF_COOKIE, csrf, cookieOptions(req, config, false, expires));
  return csrf;
}

/** Sets the CSRF cookie again (GET /api/auth/csrf, when the page lost it). */
export function refreshCsrfCookie(
  req: Request,
  res: Response,
  config: Pick<Config, 'env'>,
  sessionToken: string,
): string {
  const csrf = csrfTokenFor(sessionToken);
  res.cookie(CSRF_COOKIE, csrf, cookieOptions(req, config, false));
  return csrf;
}

export function endCookieSession(req: Request, res: Response, config: Pick<Config, 'env'>): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req, config, true));
  res.clearCookie(CSRF_COOKIE, cookieOptions(req, config, false));
}

// Kakao login (OAuth 2.0 authorization code): start -> Kakao consent page -> callback with ?code=&state=,
// exchanged for a Kakao access token, which reads the Kakao profile; the Kakao id is linked to (or creates) a user.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps';
import bcrypt from 'bcryptjs';
import { AppError, badRequest } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import type { Gender } from '../core/demographics';
import { behindLoginThrottle } from './login-throttle';
import {
  UNVERIFIED_HOLD_HOURS,
  emailLockKey,
  issueToken,
  revokeAllTokens,
  toProfile,
  type IssuedToken,
  type Profile,
  type UserRow,
} from './accounts';
import { voidEmailTokens } from './email-tokens';
import { lockForTransaction } from '../platform/advisory-lock';

const STATE_TTL_SECONDS = 600;
const KAKAO_TIMEOUT_MS = 5000;

type KakaoDeps = Pick<Deps, 'pg' | 'redis' | 'config'>;
type OwnerRow = UserRow & { held: boolean };

export interface KakaoAccount {
  id: string;
  email: string | null;
  nickname: string | null;
  gender: Gender | null;
  birth_year: number | null;
}

function kakaoConfig(config: Deps['config']) {
  const { clientId, redirectUri } = config.kakao;
  if (!clientId || !redirectUri)
    throw new AppError(
      503,
      'kakao_not_configured',
      'Kakao login is not configured on this server (KAKAO_CLIENT_ID, KAKAO_REDIRECT_URI)',
    );
  return { ...config.kakao, clientId, redirectUri };
}

const stateKey = (config: Deps['config'], state: string) => `${config.redisPrefix}kakao:state:${state}`;
const linkKey = (config: Deps['config'], ticket: string) => `${config.redisPrefix}kakao:link:${ticket}`;

/** The cookie that binds a login's state to the browser that started it (HttpOnly, SameSite=Lax: Kakao redirects back). */
export const KAKAO_STATE_COOKIE = 'norae_kakao_state';
export const kakaoStateCookieOptions = (config: Deps['config']) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.env === 'production',
  path: '/api/auth/kakao',
  maxAge: STATE_TTL_SECONDS * 1000,
});

/** The Kakao authorize URL, with a one-time state remembered in Redis and handed to this browser as a cookie. */
export async function kakaoAuthorizeUrl(deps: KakaoDeps): Promise<{ url: string; state: string }> {
  const k = kakaoConfig(deps.config);
  const state = crypto.randomBytes(16).toString('base64url');
  await deps.redis.set(stateKey(deps.config, state), '1', 'EX', STATE_TTL_SECONDS);
  const url = new URL('/oauth/authorize', k.authBaseUrl);
  url.search = new URLSearchParams({
    client_id: k.clientId,
    redirect_uri: k.redirectUri,
    response_type: 'code',
    state,
  }).toString();
  return { url: url.toString(), state };
}

const sameSecret = (a: string, b: string) =>
  crypto.timingSafeEqual(
    crypto.createHash('sha256').update(a).digest(),
    crypto.createHash('sha256').update(b).digest(),
  );

async function kakaoFetch(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(KAKAO_TIMEOUT_MS) });
  } catch (err) {
    throw new AppError(502, 'kakao_unavailable', 'Kakao did not answer, try again shortly', {
      reason: (err as Error).message,
    });
  }
}

/** Kakao's /v2/user/me answer, reduced to what we keep. */
export function kakaoAccountOf(me: unknown): KakaoAccount {
  const m = (me ?? {}) as {
    id?: unknown;
    kakao_account?: Record<string, unknown>;
    properties?: Record<string, unknown>;
  };
  if (typeof m.id !== 'number' && typeof m.id !== 'string')
    throw new AppError(502, 'kakao_bad_response', 'Kakao returned a profile without an id');
  const acc = m.kakao_account ?? {};
  const profile = (acc.profile ?? {}) as Record<string, unknown>;
  // only an address Kakao itself verified is kept; a missing is_email_verified counts as unverified
  const email = typeof acc.email === 'string' && acc.is_email_verified === true ? acc.email.toLowerCase() : null;
  const gender = acc.gender === 'male' || acc.gender === 'female' ? acc.gender : null;
  const birthYear = typeof acc.birthyear === 'string' && /^\d{4}$/.test(acc.birthyear) ? Number(acc.birthyear) : null;
  const nickname =
    typeof profile.nickname === 'string'
      ? profile.nickname
      : typeof m.properties?.nickname === 'string'
        ? m.properties.nickname
        : null;
  return { id: String(m.id), email, nickname: nickname?.slice(0, 50) ?? null, gender, birth_year: birthYear };
}

export async function exchangeKakaoCode(config: Deps['config'], code: string): Promise<KakaoAccount> {
  const k = kakaoConfig(config);
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: k.clientId,
    redirect_uri: k.redirectUri,
    code,
  });
  if (k.clientSecret) form.set('client_secret', k.clientSecret);
  const tokenRes = await kakaoFetch(new URL('/oauth/token', k.authBaseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: form,
  });
  const tokenBody = (await tokenRes.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!tokenRes.ok || !tokenBody.access_token) {
    // 4xx from Kakao means the code is bad (expired, reused, wrong redirect); anything else is Kakao's trouble
    if (tokenRes.status >= 400 && tokenRes.status < 500)
      throw new AppError(401, 'kakao_auth_failed', 'Kakao did not accept the authorization code', {
        kakao_error: tokenBody.error,
      });
    throw new AppError(502, 'kakao_unavailable', 'Kakao token exchange failed', { status: tokenRes.status });
  }
  const meRes = await kakaoFetch(new URL('/v2/user/me', k.apiBaseUrl), {
    headers: { authorization: `Bearer ${tokenBody.access_token}` },
  });
  if (!meRes.ok)
    throw new AppError(502, 'kakao_unavailable', 'reading the Kakao profile failed', { status: meRes.status });
  return kakaoAccountOf(await meRes.json());
}

/**
 * Finds the user with this Kakao id; else, for a Kakao-verified email of an existing account: links it when that
 * account proved the address (email_verified_at); asks for its password (`needsPassword`) while it is an unverified
 * account younger than UNVERIFIED_HOLD_HOURS (its owner may not have opened the verification mail yet); takes it
 * over when it is unverified and older: Kakao proved who receives mail there, so the account is merged into this
 * Kakao login (its lists stay) and whoever set its password loses it with every session. Else creates an account.
 */
export async function linkKakaoAccount(
  deps: KakaoDeps,
  acc: KakaoAccount,
): Promise<{ user: UserRow; created: boolean } | { needsPassword: UserRow }> {
  return withTransaction(deps.pg, async (client) => {
    await lockForTransaction(client, `kakao:${acc.id}`);
    if (acc.email) await lockForTransaction(client, emailLockKey(acc.email));
    let user = (await client.query<UserRow>('SELECT * FROM users WHERE kakao_id = $1', [acc.id])).rows[0];
    let created = false;
    if (!user && acc.email) {
      const owner = (
        await client.query<OwnerRow>(
          'SELECT *, created_at > now() - make_interval(hours => $2) AS held FROM users WHERE email = $1 AND kakao_id IS NULL FOR UPDATE',
          [acc.email, UNVERIFIED_HOLD_HOURS],
        )
      ).rows[0];
      if (owner && !owner.email_verified_at && owner.held && owner.password_hash) return { needsPassword: owner };
      if (owner?.email_verified_at) {
        user = (
          await client.query<UserRow>('UPDATE users SET kakao_id = $1, updated_at = now() WHERE id = $2 RETURNING *', [
            acc.id,
            owner.id,
          ])
        ).rows[0];
      } else if (owner) {
        user = (
          await client.query<UserRow>(
            `UPDATE users SET kakao_id = $1, email_verified_at = now(), password_hash = NULL, pending_email = NULL,
             display_name = COALESCE($3, display_name), gender = COALESCE($4, gender), birth_year = COALESCE($5, birth_year), updated_at = now()
           WHERE id = $2 RETURNING *`,
            [acc.id, owner.id, acc.nickname, acc.gender, acc.birth_year],
          )
        ).rows[0];
        await revokeAllTokens(client, owner.id);
        await voidEmailTokens(client, owner.id);
      }
    }
    if (!user) {
      user = (
        await client.query<UserRow>(
          `INSERT INTO users (email, email_verified_at, display_name, gender, birth_year, kakao_id) VALUES ($1, CASE WHEN $1::text IS NULL THEN NULL ELSE now() END, $2, $3, $4, $5)
         ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING RETURNING *`,
          [acc.email, acc.nickname, acc.gender, acc.birth_year, acc.id],
        )
      ).rows[0];
      // the email belongs to an account already linked to another Kakao id: keep this one without email
      if (!user) {
        user = (
          await client.query<UserRow>(
            'INSERT INTO users (display_name, gender, birth_year, kakao_id) VALUES ($1, $2, $3, $4) RETURNING *',
            [acc.nickname, acc.gender, acc.birth_year, acc.id],
          )
        ).rows[0];
      }
      created = true;
    }
    return { user, created };
  });
}

export async function completeKakaoLogin(
  deps: KakaoDeps,
  query: Record<string, unknown>,
  browserState: string | undefined,
): Promise<IssuedToken & { user: Profile; created: boolean }> {
  kakaoConfig(deps.config);
  if (typeof query.error === 'string')
    throw new AppError(401, 'kakao_auth_failed', 'the Kakao login was cancelled or refused', {
      kakao_error: query.error,
    });
  const code = typeof query.code === 'string' ? query.code : '';
  const state = typeof query.state === 'string' ? query.state : '';
  if (!code || code.length > 512) throw badRequest('invalid_parameter', 'code is required', { parameter: 'code' });
  if (!state || !/^[\w-]{1,64}$/.test(state))
    throw badRequest('invalid_parameter', 'state is required', { parameter: 'state' });
  // the state must come back to the browser that started the flow (a link someone else started is refused)
  if (!browserState || !sameSecret(browserState, state))
    throw new AppError(401, 'invalid_state', 'this login was not started in this browser, start again');
  // one-time: a replayed or forged state fails
  const known = await deps.redis.del(stateKey(deps.config, state));
  if (!known) throw new AppError(401, 'invalid_state', 'the login state is unknown or expired, start again');
  const account = await exchangeKakaoCode(deps.config, code);
  const linked = await linkKakaoAccount(deps, account);
  if ('needsPassword' in linked) {
    const ticket = crypto.randomBytes(24).toString('base64url');
    await deps.redis.set(
      linkKey(deps.config, ticket),
      JSON.stringify({ kakaoId: account.id, userId: Number(linked.needsPassword.id) }),
      'EX',
      STATE_TTL_SECONDS,
    );
    throw new AppError(
      409,
      'link_requires_password',
      'an account with this email exists: enter its password to link Kakao to it',
      { link_ticket: ticket, email: account.email },
    );
  }
  return { ...(await issueToken(deps, Number(linked.user.id))), user: toProfile(linked.user), created: linked.created };
}

/**
 * Second step of linking to an existing account: the ticket from the 409 plus that account's password, behind the
 * login throttle (the attempt is reserved before bcrypt runs). Kakao verified the address and the password proves the
 * account, so the address counts as verified.
 */
export async function confirmKakaoLink(
  deps: KakaoDeps & Pick<Deps, 'logger' | 'clock'>,
  body: unknown,
  ip: string,
): Promise<IssuedToken & { user: Profile; created: false }> {
  const { ticket, password } = (body ?? {}) as Record<string, unknown>;
  if (typeof ticket !== 'string' || !/^[\w-]{10,64}$/.test(ticket))
    throw badRequest('invalid_field', 'ticket is required', { field: 'ticket' });
  if (typeof password !== 'string' || !password)
    throw badRequest('invalid_field', 'password is required', { field: 'password' });
  const raw = await deps.redis.get(linkKey(deps.config, ticket));
  if (!raw)
    throw new AppError(401, 'invalid_link_ticket', 'the link ticket is unknown or expired, log in with Kakao again');
  const { kakaoId, userId } = JSON.parse(raw) as { kakaoId: string; userId: number };
  const owner = (await deps.pg.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId])).rows[0];
  if (!owner?.password_hash)
    throw new AppError(401, 'invalid_link_ticket', 'this account cannot be linked by password');
  const hash = owner.password_hash;
  await behindLoginThrottle(deps, owner.email ?? `user:${owner.id}`, ip, deps.clock().getTime(), async () => {
    if (!(await bcrypt.compare(password, hash)))
      throw new AppError(401, 'invalid_credentials', 'the password is wrong');
  });
  // one-time: of two right answers at once only the first links
  if (!(await deps.redis.del(linkKey(deps.config, ticket))))
    throw new AppError(401, 'invalid_link_ticket', 'the link ticket was already used, log in with Kakao again');
  const linked = (
    await deps.pg.query<UserRow>(
      `UPDATE users SET kakao_id = $1, email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
     WHERE id = $2 AND (kakao_id IS NULL OR kakao_id = $1) RETURNING *`,
      [kakaoId, userId],
    )
  ).rows[0];
  if (!linked) throw new AppError(409, 'already_linked', 'this account is already linked to another Kakao account');
  return { ...(await issueToken(deps, Number(linked.id))), user: toProfile(linked), created: false };
}

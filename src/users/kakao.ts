// Kakao login (OAuth 2.0 authorization code): start -> Kakao consent page -> callback with ?code=&state=,
// exchanged for a Kakao access token, which reads the Kakao profile; the Kakao id is linked to (or creates) a user.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps';
import { AppError, badRequest } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import type { Gender } from './demographics';
import { issueToken, toProfile, type IssuedToken, type Profile, type UserRow } from './accounts';
import { lockForTransaction } from '../platform/advisory-lock';

const STATE_TTL_SECONDS = 600;
const KAKAO_TIMEOUT_MS = 5000;

type KakaoDeps = Pick<Deps, 'pg' | 'redis' | 'config'>;

export interface KakaoAccount {
  id: string;
  email: string | null;
  nickname: string | null;
  gender: Gender | null;
  birth_year: number | null;
}

function kakaoConfig(config: Deps['config']) {
  const { clientId, redirectUri } = config.kakao;
  if (!clientId || !redirectUri) throw new AppError(503, 'kakao_not_configured', 'Kakao login is not configured on this server (KAKAO_CLIENT_ID, KAKAO_REDIRECT_URI)');
  return { ...config.kakao, clientId, redirectUri };
}

const stateKey = (config: Deps['config'], state: string) => `${config.redisPrefix}kakao:state:${state}`;

/** The Kakao authorize URL, with a one-time state remembered in Redis (checked by the callback against CSRF). */
export async function kakaoAuthorizeUrl(deps: KakaoDeps): Promise<string> {
  const k = kakaoConfig(deps.config);
  const state = crypto.randomBytes(16).toString('base64url');
  await deps.redis.set(stateKey(deps.config, state), '1', 'EX', STATE_TTL_SECONDS);
  const url = new URL('/oauth/authorize', k.authBaseUrl);
  url.search = new URLSearchParams({ client_id: k.clientId, redirect_uri: k.redirectUri, response_type: 'code', state }).toString();
  return url.toString();
}

async function kakaoFetch(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(KAKAO_TIMEOUT_MS) });
  } catch (err) {
    throw new AppError(502, 'kakao_unavailable', 'Kakao did not answer, try again shortly', { reason: (err as Error).message });
  }
}

/** Kakao's /v2/user/me answer, reduced to what we keep. */
export function kakaoAccountOf(me: unknown): KakaoAccount {
  const m = (me ?? {}) as { id?: unknown; kakao_account?: Record<string, unknown>; properties?: Record<string, unknown> };
  if (typeof m.id !== 'number' && typeof m.id !== 'string') throw new AppError(502, 'kakao_bad_response', 'Kakao returned a profile without an id');
  const acc = m.kakao_account ?? {};
  const profile = (acc.profile ?? {}) as Record<string, unknown>;
  const email = typeof acc.email === 'string' && acc.is_email_verified !== false ? acc.email.toLowerCase() : null;
  const gender = acc.gender === 'male' || acc.gender === 'female' ? acc.gender : null;
  const birthYear = typeof acc.birthyear === 'string' && /^\d{4}$/.test(acc.birthyear) ? Number(acc.birthyear) : null;
  const nickname = typeof profile.nickname === 'string' ? profile.nickname : typeof m.properties?.nickname === 'string' ? m.properties.nickname : null;
  return { id: String(m.id), email, nickname: nickname?.slice(0, 50) ?? null, gender, birth_year: birthYear };
}

export async function exchangeKakaoCode(config: Deps['config'], code: string): Promise<KakaoAccount> {
  const k = kakaoConfig(config);
  const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: k.clientId, redirect_uri: k.redirectUri, code });
  if (k.clientSecret) form.set('client_secret', k.clientSecret);
  const tokenRes = await kakaoFetch(new URL('/oauth/token', k.authBaseUrl), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: form,
  });
  const tokenBody = (await tokenRes.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!tokenRes.ok || !tokenBody.access_token) {
    // 4xx from Kakao means the code is bad (expired, reused, wrong redirect); anything else is Kakao's trouble
    if (tokenRes.status >= 400 && tokenRes.status < 500) throw new AppError(401, 'kakao_auth_failed', 'Kakao did not accept the authorization code', { kakao_error: tokenBody.error });
    throw new AppError(502, 'kakao_unavailable', 'Kakao token exchange failed', { status: tokenRes.status });
  }
  const meRes = await kakaoFetch(new URL('/v2/user/me', k.apiBaseUrl), { headers: { authorization: `Bearer ${tokenBody.access_token}` } });
  if (!meRes.ok) throw new AppError(502, 'kakao_unavailable', 'reading the Kakao profile failed', { status: meRes.status });
  return kakaoAccountOf(await meRes.json());
}

/** Finds the user with this Kakao id, else links the account with the same (verified) email, else creates one. */
export async function linkKakaoAccount(deps: KakaoDeps, acc: KakaoAccount): Promise<{ user: UserRow; created: boolean }> {
  return withTransaction(deps.pg, async (client) => {
    await lockForTransaction(client, `kakao:${acc.id}`);
    let user = (await client.query<UserRow>('SELECT * FROM users WHERE kakao_id = $1', [acc.id])).rows[0];
    let created = false;
    if (!user && acc.email) {
      user = (await client.query<UserRow>(
        `UPDATE users SET kakao_id = $1, updated_at = now() WHERE email = $2 AND kakao_id IS NULL RETURNING *`, [acc.id, acc.email],
      )).rows[0];
    }
    if (!user) {
      user = (await client.query<UserRow>(
        `INSERT INTO users (email, display_name, gender, birth_year, kakao_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING RETURNING *`,
        [acc.email, acc.nickname, acc.gender, acc.birth_year, acc.id],
      )).rows[0];
      // the email belongs to an account already linked to another Kakao id: keep this one without email
      if (!user) {
        user = (await client.query<UserRow>(
          'INSERT INTO users (display_name, gender, birth_year, kakao_id) VALUES ($1, $2, $3, $4) RETURNING *',
          [acc.nickname, acc.gender, acc.birth_year, acc.id],
        )).rows[0];
      }
      created = true;
    }
    return { user, created };
  });
}

export async function completeKakaoLogin(deps: KakaoDeps, query: Record<string, unknown>): Promise<IssuedToken & { user: Profile; created: boolean }> {
  kakaoConfig(deps.config);
  if (typeof query.error === 'string') throw new AppError(401, 'kakao_auth_failed', 'the Kakao login was cancelled or refused', { kakao_error: query.error });
  const code = typeof query.code === 'string' ? query.code : '';
  const state = typeof query.state === 'string' ? query.state : '';
  if (!code || code.length > 512) throw badRequest('invalid_parameter', 'code is required', { parameter: 'code' });
  if (!state || !/^[\w-]{1,64}$/.test(state)) throw badRequest('invalid_parameter', 'state is required', { parameter: 'state' });
  // one-time: a replayed or forged state fails
  const known = await deps.redis.del(stateKey(deps.config, state));
  if (!known) throw new AppError(401, 'invalid_state', 'the login state is unknown or expired, start again');
  const account = await exchangeKakaoCode(deps.config, code);
  const { user, created } = await linkKakaoAccount(deps, account);
  return { ...(await issueToken(deps, Number(user.id))), user: toProfile(user), created };
}

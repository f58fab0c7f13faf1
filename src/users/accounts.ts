// Accounts: sign-up, login, opaque bearer tokens (only their SHA-256 is stored) and the profile.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Pool, PoolClient } from 'pg';
import type { Deps } from '../platform/deps';
import { conflict, AppError } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { ageBandFromBirthYear, type AgeBand, type Gender } from '../core/demographics';
import { outboxSender, sendAccountLink, type MailSender } from './mail';
import { hashToken } from './token-hash';
import type { LogInInput, ProfilePatch, SignUpInput } from './schemas';

const BCRYPT_COST = 10;
/**
 * How long an unverified account holds its address: long enough for its owner to open the verification mail.
 * After that, whoever proves the address takes it (a sign-up's verification link, or a Kakao login with that
 * address verified), so registering someone else's address first blocks them for at most this long; a password
 * reset (the mail goes to the address) takes the account over at any time.
 */
export const UNVERIFIED_HOLD_HOURS = 24;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_COST);
/** The advisory lock every change of who holds an address takes (sign-up, verification, Kakao). */
export const emailLockKey = (email: string) => `email:${email}`;
// compared against when the email is unknown, so a missing account takes as long as a wrong password
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_COST);

export interface UserRow {
  id: string;
  email: string | null;
  password_hash: string | null;
  display_name: string | null;
  gender: Gender | null;
  birth_year: number | null;
  kakao_id: string | null;
  email_verified_at: Date | null;
  /** the address this account signed up with while an unverified account held it; its link moves it to `email` */
  pending_email: string | null;
  created_at: Date;
}

export type { SignUpInput, ProfilePatch };

export interface Profile {
  id: number;
  email: string | null;
  /** the account proved it receives mail at `email` (a verification or reset link, or Kakao's verified address) */
  email_verified: boolean;
  pending_email: string | null;
  display_name: string | null;
  gender: Gender | null;
  birth_year: number | null;
  age_band: AgeBand | null;
  kakao_linked: boolean;
  created_at: string;
}

/** What the auth middleware puts on req.user (src/core/caller.ts reads id, gender and age_band). */
export interface AuthUser {
  id: number;
  email: string | null;
  gender: Gender | null;
  birth_year: number | null;
  age_band: AgeBand | null;
}

export interface IssuedToken {
  token: string;
  expires_at: string;
}

export function toProfile(row: UserRow, now: Date = new Date()): Profile {
  return {
    id: Number(row.id),
    email: row.email,
    email_verified: row.email !== null && row.email_verified_at !== null,
    pending_email: row.pending_email,
    display_name: row.display_name,
    gender: row.gender,
    birth_year: row.birth_year,
    age_band: ageBandFromBirthYear(row.birth_year, now),
    kakao_linked: row.kakao_id !== null,
    created_at: row.created_at.toISOString(),
  };
}

export function toAuthUser(row: UserRow): AuthUser {
  return {
    id: Number(row.id),
    email: row.email,
    gender: row.gender,
    birth_year: row.birth_year,
    age_band: ageBandFromBirthYear(row.birth_year),
  };
}

// ---- tokens ----

export { hashToken };

export async function issueToken(
  deps: Pick<Deps, 'pg' | 'config'>,
  userId: number,
  db: Pool | PoolClient = deps.pg,
): Promise<IssuedToken> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + deps.config.tokenTtlSeconds * 1000);
  await db.query('DELETE FROM auth_tokens WHERE user_id = $1 AND expires_at < now()', [userId]);
  await db.query('INSERT INTO auth_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
    hashToken(token),
    userId,
    expires,
  ]);
  return { token, expires_at: expires.toISOString() };
}

export async function userForToken(pg: Pool, token: string): Promise<UserRow | undefined> {
  const res = await pg.query<UserRow>(
    `SELECT u.* FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.expires_at > now()`,
    [hashToken(token)],
  );
  return res.rows[0];
}

export async function revokeToken(pg: Pool, token: string): Promise<void> {
  await pg.query('DELETE FROM auth_tokens WHERE token_hash = $1', [hashToken(token)]);
}

/** Signs the account out everywhere (bearer tokens and cookie sessions alike). */
export async function revokeAllTokens(db: Pool | PoolClient, userId: number | string): Promise<void> {
  await db.query('DELETE FROM auth_tokens WHERE user_id = $1', [userId]);
}

// ---- accounts ----

/**
 * Creates the account and mails a verification link in one transaction. An address held by a verified account, or
 * by an unverified one younger than UNVERIFIED_HOLD_HOURS, is a 409; one held longer by an unverified account is
 * claimed: the new account gets it as pending_email, and its verification link moves the address over.
 */
export async function signUp(
  deps: Pick<Deps, 'pg' | 'config'>,
  input: SignUpInput,
  mailer: MailSender = outboxSender,
): Promise<IssuedToken & { user: Profile }> {
  const hash = await hashPassword(input.password);
  try {
    return await withTransaction(deps.pg, async (client) => {
      await lockForTransaction(client, emailLockKey(input.email));
      const holder = (
        await client.query<{ verified: boolean; held: boolean }>(
          `SELECT email_verified_at IS NOT NULL AS verified, created_at > now() - make_interval(hours => $2) AS held FROM users WHERE email = $1`,
          [input.email, UNVERIFIED_HOLD_HOURS],
        )
      ).rows[0];
      if (holder && (holder.verified || holder.held)) throw emailTaken();
      const row = (
        await client.query<UserRow>(
          `INSERT INTO users (email, pending_email, password_hash, display_name, gender, birth_year) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [
            holder ? null : input.email,
            holder ? input.email : null,
            hash,
            input.display_name,
            input.gender,
            input.birth_year,
          ],
        )
      ).rows[0];
      await sendAccountLink(client, deps.config, mailer, {
        userId: row.id,
        email: input.email,
        purpose: 'verify_email',
      });
      return { ...(await issueToken(deps, Number(row.id), client)), user: toProfile(row) };
    });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw emailTaken();
    throw err;
  }
}

const emailTaken = () => conflict('email_taken', 'an account with this email already exists');

export async function logIn(
  deps: Pick<Deps, 'pg' | 'config'>,
  input: LogInInput,
): Promise<IssuedToken & { user: Profile }> {
  const row = (await deps.pg.query<UserRow>('SELECT * FROM users WHERE email = $1', [input.email])).rows[0];
  const ok = await bcrypt.compare(input.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !row.password_hash || !ok) throw new AppError(401, 'invalid_credentials', 'email or password is wrong');
  return { ...(await issueToken(deps, Number(row.id))), user: toProfile(row) };
}

export async function getProfile(pg: Pool, userId: number): Promise<Profile> {
  const row = (await pg.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId])).rows[0];
  if (!row) throw new AppError(401, 'unauthorized', 'this account no longer exists');
  return toProfile(row);
}

export async function updateProfile(pg: Pool, userId: number, patch: ProfilePatch): Promise<Profile> {
  const fields = Object.keys(patch) as Array<keyof ProfilePatch>;
  if (!fields.length) return getProfile(pg, userId);
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const row = (
    await pg.query<UserRow>(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`, [
      userId,
      ...fields.map((f) => patch[f]),
    ])
  ).rows[0];
  if (!row) throw new AppError(401, 'unauthorized', 'this account no longer exists');
  return toProfile(row);
}

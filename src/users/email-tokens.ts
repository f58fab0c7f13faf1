// Single-use links that prove an address: a random token mailed to it, of which only the SHA-256 is kept, with a
// purpose, the address it was sent to and an expiry; spending one is one UPDATE, so two clicks cannot both use it.
import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { badRequest } from '../platform/errors';
import { hashToken } from './token-hash';

export type EmailTokenPurpose = 'verify_email' | 'password_reset';

/** A verification link lasts two days; a reset link, which hands over the account, an hour. */
export const EMAIL_TOKEN_TTL_SECONDS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * 3600,
  password_reset: 3600,
};

export interface EmailToken {
  user_id: string;
  email: string;
  purpose: EmailTokenPurpose;
}

type Db = Pool | PoolClient;

export async function createEmailToken(
  db: Db,
  userId: number | string,
  purpose: EmailTokenPurpose,
  email: string,
): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [hashToken(token), userId, purpose, email, EMAIL_TOKEN_TTL_SECONDS[purpose]],
  );
  return token;
}

/** The token when it is known, unused and unexpired (nothing is spent). */
export async function peekEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<EmailToken | undefined> {
  return (
    await db.query<EmailToken>(
      'SELECT user_id, email, purpose FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()',
      [hashToken(token), purpose],
    )
  ).rows[0];
}

/** Spends the token: only the first caller gets it back. */
export async function spendEmailToken(
  db: Db,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<EmailToken | undefined> {
  return (
    await db.query<EmailToken>(
      `UPDATE email_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
     RETURNING user_id, email, purpose`,
      [hashToken(token), purpose],
    )
  ).rows[0];
}

/** How many links of this purpose the account was sent in the last hour (mails per account are capped). */
export async function linksSentLastHour(db: Db, userId: number | string, purpose: EmailTokenPurpose): Promise<number> {
  return Number(
    (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM email_tokens WHERE user_id = $1 AND purpose = $2 AND created_at > now() - interval '1 hour'`,
        [userId, purpose],
      )
    ).rows[0].n,
  );
}

/** Links not yet used stop working (the account changed hands or its password was reset). */
export async function voidEmailTokens(db: Db, userId: number | string, purpose?: EmailTokenPurpose): Promise<void> {
  await db.query(
    `UPDATE email_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL AND ($2::text IS NULL OR purpose = $2)`,
    [userId, purpose ?? null],
  );
}

export const invalidLink = () =>
  badRequest('link_invalid', 'this link is unknown, already used or expired: ask for a new one');

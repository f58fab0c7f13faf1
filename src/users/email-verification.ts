// Proving the address: the link mailed at sign-up (or sent again) marks it verified, or, for a sign-up that claimed an
// address an unverified account held past UNVERIFIED_HOLD_HOURS, moves the address over: the unverified account
// is detached from it (it keeps its lists and sessions but no longer has an address to sign in with).
import type { Pool } from 'pg';
import type { Deps } from '../platform/deps';
import { conflict, unauthorized } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { emailLockKey, toProfile, type Profile, type UserRow } from './accounts';
import { invalidLink, linksSentLastHour, peekEmailToken, spendEmailToken } from './email-tokens';
import { outboxSender, sendAccountLink, type MailSender } from './mail';

/** Links of one kind an account may be sent per hour; more requests are accepted and dropped silently. */
export const LINKS_PER_HOUR = 3;

/** True when the account proved it receives mail at its address (the rewards require it). */
export async function isEmailVerified(pg: Pool, userId: number): Promise<boolean> {
  const row = (
    await pg.query<{ ok: boolean }>(
      'SELECT email IS NOT NULL AND email_verified_at IS NOT NULL AS ok FROM users WHERE id = $1',
      [userId],
    )
  ).rows[0];
  return row?.ok === true;
}

/** Spends a verification link: the address it was sent to becomes this account's, verified. */
export async function verifyEmail(deps: Pick<Deps, 'pg'>, token: string): Promise<Profile> {
  // the address is known before the transaction so its lock comes first, as in sign-up and Kakao
  const peeked = await peekEmailToken(deps.pg, token, 'verify_email');
  if (!peeked) throw invalidLink();
  return withTransaction(deps.pg, async (client) => {
    await lockForTransaction(client, emailLockKey(peeked.email));
    const link = await spendEmailToken(client, token, 'verify_email');
    if (!link) throw invalidLink();
    const user = (await client.query<UserRow>('SELECT * FROM users WHERE id = $1 FOR UPDATE', [link.user_id])).rows[0];
    if (!user) throw invalidLink();
    if (user.email === link.email) {
      const row = (
        await client.query<UserRow>(
          'UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now() WHERE id = $1 RETURNING *',
          [user.id],
        )
      ).rows[0];
      return toProfile(row);
    }
    // the account no longer claims this address (it proved another one since)
    if (user.pending_email !== link.email) throw invalidLink();
    const holder = (await client.query<UserRow>('SELECT * FROM users WHERE email = $1 FOR UPDATE', [link.email]))
      .rows[0];
    if (holder?.email_verified_at) throw conflict('email_taken', 'another account proved this address first');
    if (holder) await client.query('UPDATE users SET email = NULL, updated_at = now() WHERE id = $1', [holder.id]);
    const row = (
      await client.query<UserRow>(
        'UPDATE users SET email = pending_email, pending_email = NULL, email_verified_at = now(), updated_at = now() WHERE id = $1 RETURNING *',
        [user.id],
      )
    ).rows[0];
    return toProfile(row);
  });
}

/** Mails the signed-in account a new verification link (at most LINKS_PER_HOUR an hour); nothing when it is verified. */
export async function resendVerification(
  deps: Pick<Deps, 'pg' | 'config'>,
  userId: number,
  mailer: MailSender = outboxSender,
): Promise<void> {
  await withTransaction(deps.pg, async (client) => {
    await lockForTransaction(client, `account-mail:${userId}`);
    const user = (await client.query<UserRow>('SELECT * FROM users WHERE id = $1', [userId])).rows[0];
    if (!user) throw unauthorized('this account no longer exists');
    const address = user.pending_email ?? (user.email_verified_at ? null : user.email);
    if (!address || (await linksSentLastHour(client, userId, 'verify_email')) >= LINKS_PER_HOUR) return;
    await sendAccountLink(client, deps.config, mailer, { userId, email: address, purpose: 'verify_email' });
  });
}

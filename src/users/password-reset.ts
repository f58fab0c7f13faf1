// Password reset: a link mailed to the address (the same 202 whether or not an account has it, so no one learns which
// addresses have accounts); spending it sets the new password, counts as proving the address and signs the account
// out everywhere, so whoever registered someone else's address loses the account to its real owner.
import type { Deps } from '../platform/deps';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { hashPassword, revokeAllTokens } from './accounts';
import { invalidLink, linksSentLastHour, peekEmailToken, spendEmailToken, voidEmailTokens } from './email-tokens';
import { LINKS_PER_HOUR } from './email-verification';
import { forgetAccountFailures } from './login-throttle';
import { outboxSender, sendAccountLink, type MailSender } from './mail';

/** Mails a reset link when an account has this address (at most LINKS_PER_HOUR an hour); says nothing either way. */
export async function requestPasswordReset(
  deps: Pick<Deps, 'pg' | 'config'>,
  email: string,
  mailer: MailSender = outboxSender,
): Promise<void> {
  await withTransaction(deps.pg, async (client) => {
    const user = (await client.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0];
    if (!user) return;
    await lockForTransaction(client, `account-mail:${user.id}`);
    if ((await linksSentLastHour(client, user.id, 'password_reset')) >= LINKS_PER_HOUR) return;
    await sendAccountLink(client, deps.config, mailer, { userId: user.id, email, purpose: 'password_reset' });
  });
}

/** Spends a reset link: new password, address verified, every session and other reset link of the account ended. */
export async function confirmPasswordReset(
  deps: Pick<Deps, 'pg' | 'redis' | 'logger'>,
  token: string,
  password: string,
): Promise<void> {
  // an unknown link costs one lookup, not a bcrypt hash
  if (!(await peekEmailToken(deps.pg, token, 'password_reset'))) throw invalidLink();
  const hash = await hashPassword(password);
  const email = await withTransaction(deps.pg, async (client) => {
    const link = await spendEmailToken(client, token, 'password_reset');
    if (!link) throw invalidLink();
    // the link proves the address it was sent to: it works only while the account still has that address
    const row = (
      await client.query<{ email: string }>(
        `UPDATE users SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
       WHERE id = $1 AND email = $3 RETURNING email`,
        [link.user_id, hash, link.email],
      )
    ).rows[0];
    if (!row) throw invalidLink();
    await revokeAllTokens(client, link.user_id);
    await voidEmailTokens(client, link.user_id, 'password_reset');
    return row.email;
  });
  await forgetAccountFailures(deps, email);
}

// Account mail: a sender interface with one implementation here, the email_outbox table, written in the caller's
// transaction so a mail exists exactly when what it announces was committed (a delivery worker sends the rows).
import type { Pool, PoolClient } from 'pg';
import type { Config } from '../platform/config';
import { createEmailToken, EMAIL_TOKEN_TTL_SECONDS, type EmailTokenPurpose } from './email-tokens';

export interface Mail {
  to: string;
  kind: EmailTokenPurpose;
  subject: string;
  body: string;
}

export interface MailSender {
  send(db: Pool | PoolClient, mail: Mail): Promise<void>;
}

export const outboxSender: MailSender = {
  async send(db, mail) {
    await db.query('INSERT INTO email_outbox (to_address, kind, subject, body) VALUES ($1, $2, $3, $4)', [
      mail.to,
      mail.kind,
      mail.subject,
      mail.body,
    ]);
  },
};

// the token rides in the fragment: browsers never send it to a server, a proxy log or a Referer header
const SCREENS: Record<EmailTokenPurpose, string> = { verify_email: 'verify-email', password_reset: 'reset-password' };

/** The web app's page for a link; built from PUBLIC_URL, never from the request's Host (a forged Host would steal it). */
export const accountLinkUrl = (config: Pick<Config, 'publicUrl'>, purpose: EmailTokenPurpose, token: string) =>
  `${config.publicUrl}/#/${SCREENS[purpose]}?token=${token}`;

export function accountMail(to: string, purpose: EmailTokenPurpose, url: string): Mail {
  const hours = EMAIL_TOKEN_TTL_SECONDS[purpose] / 3600;
  if (purpose === 'verify_email') {
    return {
      to,
      kind: purpose,
      subject: '[norae] 이메일 주소를 확인해 주세요',
      body: `norae에 가입한 이메일이 맞다면 ${hours}시간 안에 아래 링크를 열어 주세요.\n${url}\n\n가입한 적이 없다면 이 메일은 무시해 주세요.\n`,
    };
  }
  return {
    to,
    kind: purpose,
    subject: '[norae] 비밀번호 재설정',
    body: `아래 링크에서 ${hours}시간 안에 새 비밀번호를 정해 주세요. 다른 기기의 로그인은 모두 끝나요.\n${url}\n\n요청한 적이 없다면 이 메일은 무시해 주세요.\n`,
  };
}

/** Creates a link for the address and mails it, both on `db` (the caller's transaction). */
export async function sendAccountLink(
  db: Pool | PoolClient,
  config: Pick<Config, 'publicUrl'>,
  mailer: MailSender,
  link: { userId: number | string; email: string; purpose: EmailTokenPurpose },
): Promise<void> {
  const token = await createEmailToken(db, link.userId, link.purpose, link.email);
  await mailer.send(db, accountMail(link.email, link.purpose, accountLinkUrl(config, link.purpose, token)));
}

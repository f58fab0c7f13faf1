-- Proving an e-mail address: single-use links (only their SHA-256 kept) for verification and password reset, the
-- outbox the mails are written to in the same transaction as what they announce, and the address a sign-up claims
-- while another, unverified account still holds it.
CREATE TABLE email_tokens (
  token_hash  text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
  email       text NOT NULL,                       -- the address the link was sent to (what it proves)
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose, created_at);

-- Written in the transaction of the change it announces; a delivery worker sends rows with sent_at null.
CREATE TABLE email_outbox (
  id          bigserial PRIMARY KEY,
  to_address  text NOT NULL,
  kind        text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX email_outbox_unsent_idx ON email_outbox (id) WHERE sent_at IS NULL;

-- An address this account signed up with but does not hold yet (an unverified account had it); its link moves it here.
ALTER TABLE users ADD COLUMN pending_email text;

-- Kakao hands out only addresses it verified (kakaoAccountOf), and links only on a verified match: those are proven.
UPDATE users SET email_verified_at = created_at WHERE kakao_id IS NOT NULL AND email IS NOT NULL AND email_verified_at IS NULL;

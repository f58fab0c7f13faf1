-- Set once an account proves it owns its email; Kakao links to an existing account by email only then
-- (or after the account's password is entered).
ALTER TABLE users ADD COLUMN IF NOT EXISTS email_verified_at timestamptz;

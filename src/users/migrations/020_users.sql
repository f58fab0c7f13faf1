-- Accounts (email/password or Kakao), opaque bearer tokens, and saved song lists.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text,                              -- stored lower-cased; null for a Kakao account without email consent
  password_hash text,                              -- bcrypt; null for Kakao-only accounts
  display_name  text,
  gender        text CHECK (gender IN ('male', 'female', 'other')),
  birth_year    int CHECK (birth_year BETWEEN 1900 AND 2100),
  kakao_id      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_idx ON users (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_kakao_id_idx ON users (kakao_id) WHERE kakao_id IS NOT NULL;

-- Only a SHA-256 of each token is kept, so a database leak does not leak sessions.
CREATE TABLE auth_tokens (
  token_hash  text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);
CREATE INDEX auth_tokens_expires_idx ON auth_tokens (expires_at);

CREATE TABLE song_lists (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX song_lists_user_name_idx ON song_lists (user_id, name);

-- position is 0-based and dense within a list; reorders renumber the list in one transaction.
CREATE TABLE song_list_entries (
  list_id   bigint NOT NULL REFERENCES song_lists (id) ON DELETE CASCADE,
  song_id   bigint NOT NULL REFERENCES songs (id) ON DELETE CASCADE,
  position  int NOT NULL,
  added_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, song_id)
);
CREATE INDEX song_list_entries_order_idx ON song_list_entries (list_id, position);
CREATE INDEX song_list_entries_song_idx ON song_list_entries (song_id);

-- Arrival watches ("KY에 들어오면 알려주세요"), the in-app inbox they deliver to, and the lookups of the 신곡 list
-- (src/arrivals/).

-- A watch names the brand the singer waits for and the number the song already has on the other brand: the merge
-- may give a song a new id, its numbers stay, so the watch finds the current song through songs.tj_no / songs.ky_no.
CREATE TABLE arrival_watches (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  brand       text NOT NULL CHECK (brand IN ('tj', 'ky')),
  known_no    text NOT NULL CHECK (known_no ~ '^[0-9]{1,8}$'),
  title       text NOT NULL,                -- the song as watched, shown while its number resolves to no song
  artist      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  arrived_at  timestamptz,                  -- set when the arrival was delivered to the inbox
  UNIQUE (user_id, brand, known_no)
);
CREATE INDEX arrival_watches_waiting_idx ON arrival_watches (brand, known_no) WHERE arrived_at IS NULL;

-- One message per arrived watch (the unique watch_id makes delivery idempotent); the song as it was on arrival.
CREATE TABLE inbox_messages (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('arrival')),
  watch_id    bigint REFERENCES arrival_watches (id) ON DELETE SET NULL,
  brand       text NOT NULL CHECK (brand IN ('tj', 'ky')),
  title       text NOT NULL,
  artist      text NOT NULL,
  tj_no       text,
  ky_no       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  UNIQUE (watch_id)
);
CREATE INDEX inbox_messages_user_idx ON inbox_messages (user_id, created_at DESC, id DESC);

-- 신곡: the day an entry counts from (its release, else the Seoul day it was first imported), per brand; and the
-- brand's first import, before which undated entries are the first catalog load rather than news.
CREATE INDEX catalog_entries_new_day_idx ON catalog_entries (brand, (coalesce(release, (imported_at AT TIME ZONE 'Asia/Seoul')::date)));
CREATE INDEX catalog_entries_imported_idx ON catalog_entries (brand, imported_at);

-- Room mode: a karaoke room's shared queue. room_events is the system of record (one row per change, numbered per
-- room); room_items is the queue as the events leave it, updated in the same transaction as each event row.
CREATE TABLE rooms (
  id               bigserial PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  brand            text NOT NULL CHECK (brand IN ('tj', 'ky')),
  creator_user_id  bigint REFERENCES users (id) ON DELETE SET NULL,
  last_seq         bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  closed_at        timestamptz,
  closed_reason    text CHECK (closed_reason IN ('creator', 'idle'))
);
CREATE INDEX rooms_open_activity_idx ON rooms (last_activity_at) WHERE closed_at IS NULL;

CREATE TABLE room_members (
  id           bigserial PRIMARY KEY,
  room_id      bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  user_id      bigint REFERENCES users (id) ON DELETE SET NULL,
  display_name text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  is_creator   boolean NOT NULL DEFAULT false,
  joined_at    timestamptz NOT NULL
);
CREATE INDEX room_members_room_idx ON room_members (room_id);
CREATE UNIQUE INDEX room_members_user_idx ON room_members (room_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE room_items (
  id          bigserial PRIMARY KEY,
  room_id     bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  song_id     bigint NOT NULL REFERENCES songs (id),
  added_by    bigint NOT NULL REFERENCES room_members (id),
  -- fractional key (src/rooms/queue.ts): compared bytewise, so a move rewrites only the moved row
  position    text COLLATE "C" NOT NULL,
  state       text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'singing', 'sang', 'removed')),
  source      text NOT NULL CHECK (source IN ('search', 'list', 'next')),
  key_shift   smallint CHECK (key_shift BETWEEN -6 AND 6),
  note        text,
  added_at    timestamptz NOT NULL,
  sang_at     timestamptz
);
CREATE INDEX room_items_room_idx ON room_items (room_id, state, position);

CREATE TABLE room_events (
  room_id     bigint NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  seq         bigint NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('created', 'joined', 'added', 'moved', 'removed', 'singing', 'sang', 'closed')),
  member_id   bigint REFERENCES room_members (id),
  data        jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (room_id, seq)
);

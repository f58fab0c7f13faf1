-- Behaviour events (search, view, save, unsave, sang), partitioned by day so old days drop cheaply.
-- Partitions are created on demand by the writer (events_YYYYMMDD); there is no default partition on purpose.
CREATE TABLE events (
  kind        text NOT NULL CHECK (kind IN ('search', 'view', 'save', 'unsave', 'sang')),
  user_id     bigint,
  session_id  text,
  song_id     bigint,
  query       text,
  occurred_at timestamptz NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_session_idx ON events (session_id, occurred_at);
CREATE INDEX events_user_idx ON events (user_id, occurred_at);
CREATE INDEX events_song_idx ON events (song_id, occurred_at);

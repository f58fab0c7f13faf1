-- Recommendation serving: each user's sung songs summarised (kept by the event writer, so "for me" never scans the
-- daily event partitions) and the neighbour lists computed once when a model is promoted (the record of /similar).
CREATE TABLE user_song_history (
  user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  song_id  bigint NOT NULL,
  last_at  timestamptz NOT NULL,
  times    int NOT NULL DEFAULT 1,
  PRIMARY KEY (user_id, song_id)
);
CREATE INDEX user_song_history_recent_idx ON user_song_history (user_id, last_at DESC);

INSERT INTO user_song_history (user_id, song_id, last_at, times)
SELECT e.user_id, e.song_id, max(e.occurred_at), count(*) FROM events e JOIN users u ON u.id = e.user_id
WHERE e.kind = 'sang' AND e.song_id IS NOT NULL
GROUP BY e.user_id, e.song_id;

CREATE TABLE song_neighbours (
  model_version text NOT NULL REFERENCES rec_models (version) ON DELETE CASCADE,
  song_id       bigint NOT NULL,
  neighbour_ids bigint[] NOT NULL,   -- best first (cosine plus the popularity prior, as served)
  scores        real[] NOT NULL,
  PRIMARY KEY (model_version, song_id)
);

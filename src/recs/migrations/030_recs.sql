-- Trained item2vec models (one row per training run) and their song vectors.
CREATE TABLE rec_models (
  version      text PRIMARY KEY,
  algorithm    text NOT NULL,
  params       jsonb NOT NULL,
  metrics      jsonb NOT NULL,
  stats        jsonb NOT NULL DEFAULT '{}',
  promoted     boolean NOT NULL DEFAULT false,
  promoted_at  timestamptz,
  decision     text,                             -- why it was (not) promoted
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rec_models_one_promoted_idx ON rec_models (promoted) WHERE promoted;

CREATE TABLE song_vectors (
  model_version text NOT NULL REFERENCES rec_models (version) ON DELETE CASCADE,
  song_id       bigint NOT NULL,
  vector        real[] NOT NULL,
  occurrences   int NOT NULL DEFAULT 0,          -- times the song appeared in the training sequences (popularity prior)
  PRIMARY KEY (model_version, song_id)
);
CREATE INDEX song_vectors_song_idx ON song_vectors (song_id);

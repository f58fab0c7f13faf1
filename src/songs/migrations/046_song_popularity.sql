-- Monthly brand top-100 charts as loaded by `scripts/ingest.ts charts` (one row per place; a reload of a month
-- overwrites its places). Numbers are kept even before the catalog knows them: the join happens at scoring time.
CREATE TABLE song_charts (
  brand       text NOT NULL CHECK (brand IN ('tj', 'ky')),
  month       date NOT NULL CHECK (extract(day FROM month) = 1),
  rank        int NOT NULL CHECK (rank BETWEEN 1 AND 100),
  no          text NOT NULL CHECK (no ~ '^[0-9]{1,8}$'),
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (brand, month, rank)
);
CREATE INDEX song_charts_no_idx ON song_charts (brand, no);

-- Each song's popularity as last scored (daily job): the decayed event and chart scores, the 0..1 value the songs
-- index carries, and the value last written to the live index (so a failed index update is retried next run).
-- Songs without a row score 0.
CREATE TABLE song_popularity (
  song_id      bigint PRIMARY KEY REFERENCES songs (id) ON DELETE CASCADE,
  events_score real NOT NULL,
  chart_score  real NOT NULL,
  popularity   real NOT NULL CHECK (popularity >= 0 AND popularity <= 1),
  scored_at    timestamptz NOT NULL,
  in_index     real
);

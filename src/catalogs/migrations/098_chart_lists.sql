-- Every chart a brand publishes (TJ TOP/HOT, overall and per genre) as last fetched for a period, one row per place.
-- The overall TOP chart also lands in song_charts (the month's places popularity reads); the genre charts tell
-- which genre a song is sung as.
CREATE TABLE song_chart_lists (
  brand        text NOT NULL CHECK (brand IN ('tj', 'ky')),
  chart        text NOT NULL CHECK (chart IN ('TOP', 'HOT')),
  genre        int NOT NULL CHECK (genre BETWEEN 0 AND 20),
  genre_name   text NOT NULL,
  period_start date NOT NULL,
  period_end   date NOT NULL CHECK (period_end >= period_start),
  rank         int NOT NULL CHECK (rank BETWEEN 1 AND 100),
  no           text NOT NULL CHECK (no ~ '^[0-9]{1,8}$'),
  fetched_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (brand, chart, genre, period_start, rank)
);
CREATE INDEX song_chart_lists_no_idx ON song_chart_lists (brand, no);

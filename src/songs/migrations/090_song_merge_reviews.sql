-- The merge review queue: TJ/KY pairs the merge rules are unsure of (a score between MERGE_SCORES.review and
-- MERGE_SCORES.merge, src/songs/merge-rules.ts), kept apart until an operator decides. Accepting writes a 'merge'
-- row to song_merge_overrides, splitting a 'split' row, so the decision holds through every later merge; a decided
-- pair is never queued again. Both spellings are kept as they were when the pair was queued.
CREATE TABLE song_merge_reviews (
  id         bigserial PRIMARY KEY,
  tj_no      text NOT NULL,
  ky_no      text NOT NULL,
  tj_title   text NOT NULL,
  tj_singer  text NOT NULL,
  ky_title   text NOT NULL,
  ky_singer  text NOT NULL,
  rule       text NOT NULL,                   -- the rule that proposed the pair (artist-pronunciation, cut-width, ...)
  score      real NOT NULL,
  status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'split')),
  queued_at  timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  note       text,
  UNIQUE (tj_no, ky_no),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX song_merge_reviews_status_idx ON song_merge_reviews (status, score DESC, id);

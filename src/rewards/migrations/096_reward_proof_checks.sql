-- What each proof photo was judged on: decoded size, perceptual hash (near-duplicates across all users), the
-- object detector's result (kept for training a better model), where it came from (per-address caps), and its fate:
-- accepted (points), pending_review (the detector could not decide: an operator does), rejected, reversed.
ALTER TABLE reward_proofs
  ADD COLUMN status         text NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'pending_review', 'rejected', 'reversed')),
  ADD COLUMN phash          bigint,
  ADD COLUMN width          integer,
  ADD COLUMN height         integer,
  ADD COLUMN detections     jsonb,
  ADD COLUMN detector       text,
  ADD COLUMN detector_error text,
  ADD COLUMN verdict        text,
  ADD COLUMN ip_subject     text,
  ADD COLUMN reviewed_at    timestamptz,
  ADD COLUMN review_note    text;
CREATE INDEX reward_proofs_ip_day ON reward_proofs (ip_subject, seoul_day);
CREATE INDEX reward_proofs_pending ON reward_proofs (created_at) WHERE status = 'pending_review';

-- The photo as stored: re-encoded JPEG without any metadata (no EXIF, GPS or ICC), at most 1280 px a side.
CREATE TABLE proof_photos (
  proof_id bigint PRIMARY KEY REFERENCES reward_proofs (id) ON DELETE CASCADE,
  jpeg     bytea NOT NULL
);

-- A proof earns once and is reversed at most once.
CREATE UNIQUE INDEX point_ledger_proof_reason ON point_ledger (proof_id, reason) WHERE proof_id IS NOT NULL;

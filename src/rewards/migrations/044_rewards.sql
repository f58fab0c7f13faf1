-- Reward proofs (photos are not kept, only their hash) and the points ledger (balance = sum of delta).
CREATE TABLE reward_proofs (
  id           bigserial PRIMARY KEY,
  user_id      text NOT NULL,
  product_id   bigint NOT NULL REFERENCES products (id),
  action       text NOT NULL,
  photo_sha256 text NOT NULL UNIQUE,
  taken_at     text NOT NULL,               -- EXIF DateTimeOriginal as written by the camera
  seoul_day    date NOT NULL,
  bytes        integer NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reward_proofs_user_day ON reward_proofs (user_id, seoul_day, action);

CREATE TABLE point_ledger (
  id         bigserial PRIMARY KEY,
  user_id    text NOT NULL,
  delta      integer NOT NULL,
  reason     text NOT NULL,
  proof_id   bigint REFERENCES reward_proofs (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX point_ledger_user ON point_ledger (user_id, created_at);

-- Watermarks for incremental Postgres -> Elasticsearch syncs, one row per index family (songs, products, ...).
CREATE TABLE index_sync_state (
  family      text PRIMARY KEY,
  synced_until timestamptz NOT NULL,
  physical_index text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

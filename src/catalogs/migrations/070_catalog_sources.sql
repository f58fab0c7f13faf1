-- Catalog sync from the brands' public sites (src/catalogs/sync.ts): every source row as fetched (provenance),
-- one record per sync run, the staged pages of a run in progress, and withdrawal instead of deletion.

-- A song the brand stopped listing is withdrawn, never deleted: saved lists keep it, search leaves it out.
ALTER TABLE catalog_entries ADD COLUMN withdrawn_at timestamptz;
-- consecutive applied full listings this entry was missing from (withdrawn after catalogs.withdrawAfterListings)
ALTER TABLE catalog_entries ADD COLUMN missing_listings int NOT NULL DEFAULT 0;
-- set when every entry of the song is withdrawn (the sync keeps it in step after each merge)
ALTER TABLE songs ADD COLUMN withdrawn_at timestamptz;

CREATE TABLE catalog_sync_runs (
  id            bigserial PRIMARY KEY,
  brand         text NOT NULL CHECK (brand IN ('tj', 'ky')),
  kind          text NOT NULL CHECK (kind IN ('full', 'new', 'dump')),
  source        text NOT NULL,                -- provenance name of the listing's rows ('tj-api', 'ky-book', ...)
  dry_run       boolean NOT NULL DEFAULT false,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  status        text NOT NULL CHECK (status IN ('running', 'applied', 'refused', 'failed', 'dry_run')),
  resumed       int NOT NULL DEFAULT 0,       -- how many times an interrupted walk was picked up again
  pages         int NOT NULL DEFAULT 0,
  checkpoint    text,                         -- the last stored page's `next`: where a resumed walk goes on
  walked_at     timestamptz,                  -- the walk reached its end (a crash after this resumes at the compare)
  listing_size  int,                          -- distinct valid numbers in the listing
  added         int,
  changed       int,
  withdrawn     int,
  restored      int,
  unchanged     int,
  missing       int,
  bad           int,
  detail_calls  int NOT NULL DEFAULT 0,
  bad_reasons   jsonb NOT NULL DEFAULT '{}',  -- reason -> { count, examples }: rows left out
  warnings      jsonb NOT NULL DEFAULT '{}',  -- reason -> { count, examples }: rows applied but worth a look
  refusal       text,                         -- why a refused or failed run changed nothing
  summary       jsonb
);
CREATE INDEX catalog_sync_runs_brand_idx ON catalog_sync_runs (brand, kind, id DESC);

-- The pages of a run as they arrive, so a crashed walk resumes without fetching them again (dropped once the run ends).
CREATE TABLE catalog_sync_staging (
  run_id     bigint NOT NULL REFERENCES catalog_sync_runs (id) ON DELETE CASCADE,
  page       int NOT NULL,
  pos        int NOT NULL,
  role       text NOT NULL CHECK (role IN ('listing', 'detail', 'rejected')),
  no         text,
  song       jsonb,                           -- the SourceSong (listing and detail rows)
  reason     text,                            -- why a rejected row is not a song
  raw        jsonb,                           -- a rejected row as received (cut short)
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, page, pos)
);

-- Every source row as fetched, one row per change of content: a song's history of spellings, source by source.
CREATE TABLE catalog_source_rows (
  id         bigserial PRIMARY KEY,
  source     text NOT NULL,
  brand      text NOT NULL CHECK (brand IN ('tj', 'ky')),
  no         text NOT NULL,
  fields     jsonb NOT NULL,
  hash       text NOT NULL,
  fetched_at timestamptz NOT NULL,
  run_id     bigint REFERENCES catalog_sync_runs (id) ON DELETE SET NULL
);
CREATE INDEX catalog_source_rows_latest_idx ON catalog_source_rows (source, brand, no, id DESC);
CREATE INDEX catalog_source_rows_entry_idx ON catalog_source_rows (brand, no);

-- TJ entries enriched from searchSong (src/catalogs/enrich.ts): when each was last looked up, found or not, so a run
-- resumes where the last one stopped and an entry is not asked about again until the retry window has passed.
ALTER TABLE catalog_entries ADD COLUMN enriched_at timestamptz;

-- What an incremental merge needs to re-plan only the entries a change can affect (src/songs/merge-store.ts).
-- Blocking keys of every entry as written (compact title keys x compact artist names; aliases are resolved at
-- merge time from catalog_alias_edges): two entries can only merge when they share a title key and an artist.
CREATE TABLE catalog_entry_blocks (
  artist_key text NOT NULL,
  title_key  text NOT NULL,
  brand      text NOT NULL,
  no         text NOT NULL
);
CREATE INDEX catalog_entry_blocks_key_idx ON catalog_entry_blocks (artist_key, title_key);
CREATE INDEX catalog_entry_blocks_entry_idx ON catalog_entry_blocks (brand, no);

-- The alias links each entry's singer credit teaches ("아이유(IU)": 아이유 = iu).
CREATE TABLE catalog_alias_edges (
  a     text NOT NULL,
  b     text NOT NULL,
  brand text NOT NULL,
  no    text NOT NULL
);
CREATE INDEX catalog_alias_edges_entry_idx ON catalog_alias_edges (brand, no);

-- Entries changed after merged_until are re-planned next time; a different fingerprint (alias book, overrides)
-- makes the next merge a full one.
CREATE TABLE song_merge_state (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  merged_until timestamptz NOT NULL,
  fingerprint  text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX catalog_entries_updated_at_idx ON catalog_entries (updated_at);

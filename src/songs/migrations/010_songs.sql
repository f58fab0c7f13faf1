-- Merged songs (one row per song, both brand numbers) and the raw brand catalog entries they come from.
CREATE TABLE songs (
  id            bigserial PRIMARY KEY,
  title         text NOT NULL,
  artist        text NOT NULL,
  alt_titles    text[] NOT NULL DEFAULT '{}',   -- other spellings/titles ("Blueming" for 블루밍)
  artist_aliases text[] NOT NULL DEFAULT '{}',  -- other names of the artist ("IU" for 아이유)
  tj_no         text,
  ky_no         text,
  composer      text,
  lyricist      text,
  release       date,
  merge_rule    text NOT NULL,                   -- why these entries are one song (e.g. exact, normalized, alias, override, single)
  merge_score   real NOT NULL,
  merge_key     text NOT NULL,                   -- normalized title|artist key used by the rules
  deleted_at    timestamptz,                     -- a song whose entries all vanished; sync removes it from the index
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX songs_updated_at_idx ON songs (updated_at);
CREATE INDEX songs_merge_key_idx ON songs (merge_key);
CREATE UNIQUE INDEX songs_tj_no_idx ON songs (tj_no) WHERE tj_no IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX songs_ky_no_idx ON songs (ky_no) WHERE ky_no IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE catalog_entries (
  brand      text NOT NULL CHECK (brand IN ('tj', 'ky')),
  no         text NOT NULL CHECK (no ~ '^[0-9]{1,8}$'),
  title      text NOT NULL CHECK (title <> ''),
  singer     text NOT NULL,
  composer   text,
  lyricist   text,
  release    date,
  song_id    bigint REFERENCES songs (id),
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (brand, no)
);
CREATE INDEX catalog_entries_song_idx ON catalog_entries (song_id);

-- Manual decisions win over the rules: force two entries together, or keep them apart.
CREATE TABLE song_merge_overrides (
  id         bigserial PRIMARY KEY,
  action     text NOT NULL CHECK (action IN ('merge', 'split')),
  tj_no      text NOT NULL,
  ky_no      text NOT NULL,
  note       text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tj_no, ky_no)
);

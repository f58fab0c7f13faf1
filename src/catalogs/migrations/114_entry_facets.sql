-- Facets of song search (issue 20, item 4): what the sources tell about each entry (TJ nationalcode, sortTitleKo /
-- sortSongKo and subTitle; KY's book city), and what the merge and the chart job make of it for each song.
ALTER TABLE catalog_entries
  ADD COLUMN nation         text CHECK (nation IN ('kor', 'eng', 'jpn', 'chn', 'etc')),
  ADD COLUMN title_reading  text,   -- the Hangul reading of a Japanese title (アイドル -> 아이도루)
  ADD COLUMN singer_reading text,   -- the same of the artist
  ADD COLUMN sub_title      text;   -- TJ's sub title (a Japanese song's Korean title)

ALTER TABLE songs
  ADD COLUMN nation          text CHECK (nation IN ('kor', 'eng', 'jpn', 'chn', 'etc')),  -- TJ's, else KY's; jpn when either says so
  ADD COLUMN genres          text[] NOT NULL DEFAULT '{}',  -- TJ genre charts placed in within two years, most recent first (src/songs/genres.ts)
  ADD COLUMN title_readings  text[] NOT NULL DEFAULT '{}',  -- Hangul readings of the titles, searched like titles
  ADD COLUMN artist_readings text[] NOT NULL DEFAULT '{}';  -- Hangul readings of the artist, searched like artist names

-- the chart job clears genres that aged out: it reads only the songs that have some
CREATE INDEX songs_with_genres_idx ON songs (id) WHERE genres <> '{}';

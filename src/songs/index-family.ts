// The songs read model: how rows are read from Postgres for a rebuild or an incremental sync. Text only: song
// vectors live in their own index (src/recs/vector-index.ts), so text rebuilds never carry or re-index them.
import { keysetFetch, type IndexFamily } from '../platform/index-admin';
import { SONGS_FAMILY } from './constants';
import { songDocument, type SongRow } from './document';
import { currentArtistAliasBook, withBookAliases } from './artist-aliases';
import { songsWarmup } from './warmup';

const SELECT_SONGS = `
  SELECT s.id, s.title, s.artist, s.alt_titles, s.artist_aliases, s.tj_no, s.ky_no, s.composer, s.lyricist,
         to_char(s.release, 'YYYY-MM-DD') AS release, s.merge_rule, s.deleted_at, s.withdrawn_at, s.updated_at,
         s.nation, s.genres, s.title_readings, s.artist_readings,
         COALESCE(p.popularity, 0)::real AS popularity
  FROM songs s
  LEFT JOIN song_popularity p ON p.song_id = s.id`;

export const songsFamily: IndexFamily<SongRow> = {
  name: SONGS_FAMILY,
  definition: 'songs',
  analysis: 'korean.json',
  fetch: keysetFetch<SongRow>(SELECT_SONGS, { id: 's.id', updatedAt: 's.updated_at' }),
  // nicknames from data/songs/artist-aliases.json join the song's own artist aliases at index time
  toDocument: (row) => songDocument(withBookAliases(row, currentArtistAliasBook())),
  documentSource: { module: __filename, exportName: 'songsFamily' },
  // one segment per shard: autocomplete walks one term dictionary instead of dozens
  maxSegments: 1,
  // recent searches (or the fixed mix) replayed on the new index before the alias swap: it is swapped in warm
  warmup: songsWarmup,
};

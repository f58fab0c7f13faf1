// The songs index document (built by src/songs/document.ts, mapped by mappings/songs.json) as a type, and its field
// names as constants: the query builders name fields through SONG, so a renamed field is a type error, not a query
// that silently matches nothing.

/** One completion group of the keystroke path (src/songs/suggest-inputs.ts). */
export interface CompletionGroup {
  input: string[];
  weight: number;
  contexts: { brand: string[] };
}

// a type, not an interface: index-admin takes documents as Record<string, unknown>
export type SongDocument = {
  id: number;
  title: string;
  artist: string;
  alt_titles: string[];
  artist_aliases: string[];
  title_readings: string[];
  artist_readings: string[];
  nation: string | null;
  genres: string[];
  /** compact title length: the shorter-title tie-break */
  title_chars: number;
  // search keys, computed at index time (src/songs/document.ts); queries only look them up
  title_exact: string[];
  artist_exact: string[];
  title_compact: string[];
  artist_compact: string[];
  combo_compact: string[];
  title_chosung: string[];
  artist_chosung: string[];
  title_jamo: string[];
  artist_jamo: string[];
  title_typo: string[];
  artist_typo: string[];
  title_pron: string[];
  title_pron_whole: string[];
  artist_pron: string[];
  title_roman: string[];
  artist_roman: string[];
  tj_no: string | null;
  ky_no: string | null;
  brands: string[];
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  popularity: number;
  /** version kinds of the title's tags (live, remix, mr, ...); empty for an original */
  version: string[];
  suggest: CompletionGroup[];
  merge_rule: string;
  updated_at: string;
};

type Field = keyof SongDocument;
type SubField =
  `${'title' | 'artist' | 'alt_titles' | 'artist_aliases' | 'title_roman'}.${'prefix' | 'words' | 'fuzzy'}`;

/** Field names of the songs index, by what they hold. */
export const SONG = {
  id: 'id',
  title: 'title',
  artist: 'artist',
  altTitles: 'alt_titles',
  artistAliases: 'artist_aliases',
  titleReadings: 'title_readings',
  artistReadings: 'artist_readings',
  nation: 'nation',
  genres: 'genres',
  titleChars: 'title_chars',
  titleExact: 'title_exact',
  artistExact: 'artist_exact',
  titleCompact: 'title_compact',
  artistCompact: 'artist_compact',
  comboCompact: 'combo_compact',
  titleChosung: 'title_chosung',
  artistChosung: 'artist_chosung',
  titleJamo: 'title_jamo',
  artistJamo: 'artist_jamo',
  titleTypo: 'title_typo',
  artistTypo: 'artist_typo',
  titlePron: 'title_pron',
  titlePronWhole: 'title_pron_whole',
  artistPron: 'artist_pron',
  titleRoman: 'title_roman',
  artistRoman: 'artist_roman',
  tjNo: 'tj_no',
  kyNo: 'ky_no',
  brands: 'brands',
  popularity: 'popularity',
  version: 'version',
  suggest: 'suggest',
} as const satisfies Record<string, Field>;

/** Analysed sub-fields (mappings/songs.json): as-you-type prefixes, words, fuzzy romanization. */
export const SONG_SUB = {
  titlePrefix: 'title.prefix',
  artistPrefix: 'artist.prefix',
  titleWords: 'title.words',
  artistWords: 'artist.words',
  altTitlesWords: 'alt_titles.words',
  artistAliasesWords: 'artist_aliases.words',
  titleRomanFuzzy: 'title_roman.fuzzy',
} as const satisfies Record<string, SubField>;

/** What a song answer is built from: both numbers and the displayed title and artist. */
export const SONG_ANSWER_FIELDS = [SONG.id, SONG.title, SONG.artist, SONG.tjNo, SONG.kyNo] as const;
export type SongAnswerSource = Pick<SongDocument, (typeof SONG_ANSWER_FIELDS)[number]>;

/** Index-only keys a song's full answer (GET /api/songs/:id) leaves out. */
export const SONG_KEY_FIELDS = [
  'vector',
  'suggest',
  '*_compact',
  '*_chosung',
  '*_jamo',
  '*_roman',
  '*_typo',
  '*_pron',
  '*_pron_whole',
  '*_exact',
];

// Turns a merged songs row into its Elasticsearch document: the search keys (compact, chosung, jamo, roman)
// are computed here, at index time, so queries only do cheap prefix lookups.
import {
  compactText,
  compactRomanization,
  compactWords,
  foldParticle,
  foldRomanKey,
  joinedSuffixes as suffixesOf,
  pronunciationKeySets,
  splitAlternatives,
  toChoseong,
  toJamo,
} from '../korean';
import { versionKindsOf } from './versions';
import { completionInputs } from './suggest-inputs';
import type { SongDocument } from '../search/song-document';

export interface SongRow {
  id: number;
  title: string;
  artist: string;
  alt_titles: string[];
  artist_aliases: string[];
  tj_no: string | null;
  ky_no: string | null;
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  merge_rule: string;
  popularity: number;
  deleted_at: Date | null;
  /** every entry of the song is withdrawn by its brand (src/catalogs/sync.ts): out of search, kept in saved lists */
  withdrawn_at?: Date | null;
  /** kor, eng, jpn, chn, etc (src/songs/merge-facets.ts) */
  nation?: string | null;
  /** TJ genre charts the song placed in, most recent first (src/songs/genres.ts) */
  genres?: string[];
  /** Hangul readings of Japanese titles and artists (アイドル -> 아이도루): searched like the titles and artists */
  title_readings?: string[];
  artist_readings?: string[];
  updated_at: Date;
}

const HANGUL = /[\uac00-\ud7a3]/;

const unique = (values: string[]) => [...new Set(values.filter(Boolean))];

// Romanization is the slowest key (~50 us a call) and words repeat across a catalog: romanize each word once.
const romanCache = new Map<string, string>();
function romanOfWord(word: string): string {
  let r = romanCache.get(word);
  if (r === undefined) {
    r = HANGUL.test(word) ? compactRomanization(word) : '';
    if (romanCache.size >= 200_000) romanCache.clear();
    romanCache.set(word, r);
  }
  return r;
}

function romanBySyllable(word: string): string {
  return [...word].map(romanOfWord).join('');
}

/** Every search key of a set of names, computed word by word and joined into suffixes. */
function keysOf(names: string[]) {
  const compact: string[] = [];
  const chosung: string[] = [];
  const jamo: string[] = [];
  const typo: string[] = [];
  const roman: string[] = [];
  const pron: string[] = [];
  const pronWhole: string[] = [];
  const exact: string[] = [];
  for (const name of names) {
    const words = compactWords(name);
    compact.push(...suffixesOf(words));
    exact.push(compactText(name));
    const folded = words.map(foldParticle);
    if (folded.some((w, i) => w !== words[i])) compact.push(...suffixesOf(folded));
    // how the name is said: without version tags, so "신호등 (Live)" gets no keys its original lacks
    const spoken = splitAlternatives(name);
    for (const part of [spoken.primary, ...spoken.alternatives]) {
      const sounds = pronunciationKeySets(part);
      pron.push(...sounds.keys);
      pronWhole.push(...sounds.whole);
    }
    if (!words.some((w) => HANGUL.test(w))) {
      // Latin names keep their whole words too: a word's rarity is read from these keys
      typo.push(...words);
      continue;
    }
    const initials = words.map(toChoseong);
    chosung.push(...suffixesOf(initials));
    exact.push(initials.join(''));
    const jamoWords = words.map(toJamo);
    jamo.push(...suffixesOf(jamoWords));
    // whole words and whole suffixes, no prefixes: fuzzy matching walks few terms, so a typo may sit anywhere
    typo.push(...jamoWords, ...suffixesOf(jamoWords));
    roman.push(...suffixesOf(words.map(romanOfWord)).map(foldRomanKey));
    // syllable by syllable, without sound changes, the way people romanize by ear (거짓말 -> geojitmal)
    roman.push(...suffixesOf(words.map(romanBySyllable)).map(foldRomanKey));
  }
  return {
    compact: unique(compact),
    chosung: unique(chosung),
    jamo: unique(jamo),
    typo: unique(typo),
    roman: unique(roman),
    pron: unique(pron),
    pronWhole: unique(pronWhole),
    exact: unique(exact),
  };
}

export function songDocument(row: SongRow): SongDocument | null {
  if (row.deleted_at || row.withdrawn_at) return null;
  // readings get every key a title or name gets (compact, 초성, jamo, typo), after the song's own spellings
  const titles = unique([row.title, ...row.alt_titles, ...(row.title_readings ?? [])]);
  const artists = unique([row.artist, ...row.artist_aliases, ...(row.artist_readings ?? [])]);
  const t = keysOf(titles);
  const a = keysOf(artists);
  const combos = unique(
    artists
      .slice(0, 3)
      .flatMap((ar) => titles.slice(0, 3).flatMap((ti) => [compactText(`${ar} ${ti}`), compactText(`${ti} ${ar}`)])),
  );
  const brands = [row.tj_no ? 'tj' : null, row.ky_no ? 'ky' : null].filter((b): b is string => Boolean(b));
  const titleChars = Math.max(1, [...compactText(row.title)].length);
  const version = versionKindsOf(row.title);
  const doc: SongDocument = {
    id: Number(row.id),
    title: row.title,
    artist: row.artist,
    alt_titles: row.alt_titles,
    artist_aliases: row.artist_aliases,
    title_readings: row.title_readings ?? [],
    artist_readings: row.artist_readings ?? [],
    nation: row.nation ?? null,
    genres: row.genres ?? [],
    title_chars: titleChars,
    title_exact: t.exact,
    artist_exact: a.exact,
    title_compact: t.compact,
    artist_compact: a.compact,
    combo_compact: combos,
    title_chosung: t.chosung,
    artist_chosung: a.chosung,
    title_jamo: t.jamo,
    artist_jamo: a.jamo,
    title_typo: t.typo,
    artist_typo: a.typo,
    title_pron: t.pron,
    title_pron_whole: t.pronWhole,
    artist_pron: a.pron,
    title_roman: t.roman,
    artist_roman: a.roman,
    tj_no: row.tj_no,
    ky_no: row.ky_no,
    brands,
    composer: row.composer,
    lyricist: row.lyricist,
    release: row.release,
    popularity: row.popularity,
    version,
    // the keystroke path: every prefix key above in one in-memory completion field, weighted by key kind and standing
    suggest: completionInputs(
      { title: t, artist: a, combos },
      { popularity: row.popularity, original: version.length === 0, titleChars },
      brands,
    ),
    merge_rule: row.merge_rule,
    updated_at: row.updated_at.toISOString(),
  };
  return doc;
}

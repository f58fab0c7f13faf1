// What a merged song takes from its entries beyond title and artist: its nation, the Hangul readings of its titles
// and artist (the sources' readings and those of kana, アイドル -> 아이도루), and a source's Korean sub title as one
// more title. Pure: the merge (merge-store.ts) writes what these return.
import { compactText, hasHangul, splitAlternatives } from '../korean';
import { kanaReadings } from '../korean/kana';

/** The facets a catalog entry carries (catalog_entries columns). */
export interface EntryFacets {
  nation?: string | null;
  title_reading?: string | null;
  singer_reading?: string | null;
  sub_title?: string | null;
}

/** TJ's nation wins, else KY's; jpn when either side says so (a Japanese song filed under a Korean index is still one). */
export function songNation(tj: string | null | undefined, ky: string | null | undefined): string | null {
  if (tj === 'jpn' || ky === 'jpn') return 'jpn';
  return tj ?? ky ?? null;
}

const tidy = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Every part of each text (a bracketed alternative is a name of its own), tidied, unique by compact key, minus `known`. */
function othersThan(texts: string[], known: string[], keep: (s: string) => boolean): string[] {
  const seen = new Set(known.map(compactText).filter(Boolean));
  const out: string[] = [];
  for (const text of texts) {
    const { primary, alternatives } = splitAlternatives(tidy(text));
    for (const part of [primary, ...alternatives].map(tidy)) {
      const key = compactText(part);
      if (!key || seen.has(key) || !keep(part)) continue;
      seen.add(key);
      out.push(part);
    }
  }
  return out;
}

export interface SongFacetFields {
  nation: string | null;
  title_readings: string[];
  artist_readings: string[];
  alt_titles: string[];
}

/**
 * A song's facet fields from its entries (TJ first) and the title, artist and alternatives the merge chose. A reading
 * is Hangul (a source's "reading" in Latin letters is no reading); a Hangul sub title joins the alternative titles.
 */
export function songFacetsOf(
  song: { title: string; artist: string; alt_titles: string[]; artist_aliases: string[] },
  tj: EntryFacets | undefined,
  ky: EntryFacets | undefined,
): SongFacetFields {
  const entries = [tj, ky].filter((e): e is EntryFacets => Boolean(e));
  const subTitles = entries.map((e) => e.sub_title).filter((s): s is string => Boolean(s));
  const alt_titles = [...song.alt_titles, ...othersThan(subTitles, [song.title, ...song.alt_titles], hasHangul)];
  const titles = [song.title, ...alt_titles];
  const artists = [song.artist, ...song.artist_aliases];
  const given = (f: 'title_reading' | 'singer_reading') =>
    entries.map((e) => e[f]).filter((s): s is string => Boolean(s));
  return {
    nation: songNation(tj?.nation, ky?.nation),
    title_readings: othersThan([...given('title_reading'), ...titles.flatMap(kanaReadings)], titles, hasHangul),
    artist_readings: othersThan([...given('singer_reading'), ...artists.flatMap(kanaReadings)], artists, hasHangul),
    alt_titles,
  };
}

// The songs relevance profile: every boost, threshold and weight that ranks a song, read once from
// mappings/songs.relevance.json (data, beside the mapping it ranks) and checked here, so a typo in the file stops
// the process at start instead of silently ranking with `undefined`. Read by the query builders (song-query.ts),
// the keystroke suggesters, and at index time by the completion weights (src/songs/suggest-inputs.ts).
import fs from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../platform/paths';

const n = z.number();
/** A group of named numbers ("_about" keys are notes for the reader). */
const numbers = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, n])) as Record<K, typeof n>).passthrough();

const Profile = z.object({
  standing: numbers(['popularityWeight', 'originalBonus', 'shorterTitleWeight', 'titleCharsMissing'] as const),
  fuzziness: numbers([
    'minJamo',
    'twoEditsJamo',
    'maxJamo',
    'maxExpansions',
    'typoRetryTwoEditsMaxJamo',
    'maxFuzzyChars',
    'minFuzzyChars',
  ] as const),
  readings: numbers(['typed', 'otherLayout', 'otherLayoutUnlikely', 'koreanModeLatin'] as const),
  whole: numbers(['titleExact', 'artistExact', 'titlePronWhole'] as const),
  prefix: numbers([
    'titleCompact',
    'artistCompact',
    'combo',
    'crossFieldsPrefix',
    'crossFieldsTitleBoost',
    'folded',
    'titleJamo',
    'artistJamoShare',
  ] as const),
  analysed: numbers([
    'hangul',
    'latin',
    'titleBoost',
    'altTitlesBoost',
    'readingsBoost',
    'latinFuzzy',
    'latinFuzzyTitleBoost',
    'latinFuzzyMaxExpansions',
  ] as const),
  typo: numbers(['title', 'artist', 'wholeQuery', 'autocompleteLight', 'autocompleteLightMinJamo'] as const),
  choseong: numbers([
    'titleExact',
    'artistExact',
    'title',
    'artist',
    'wordsWeight',
    'tenseShare',
    'maxTenseVariants',
    'mixedTitle',
    'mixedArtist',
  ] as const),
  pronunciation: numbers([
    'title',
    'titleWhole',
    'artist',
    'fuzzy',
    'fuzzyMinChars',
    'fuzzyTwoEditsChars',
    'fuzzyMaxExpansions',
    'consonantsTitle',
    'consonantsArtist',
    'consonantsMinChars',
    'minChars',
    'longWordSyllables',
    'longWordWeight',
    'shortWordWeight',
  ] as const),
  words: numbers([
    'maxWords',
    'allWordsBoost',
    'everyWordBonus',
    'exact',
    'compact',
    'folded',
    'jamo',
    'roman',
    'choseongExact',
    'choseong',
    'typoWeight',
    'typoMinJamo',
    'rarityWeight',
    'confusableTitle',
    'confusableArtist',
    'maxVariantSyllables',
    'maxWordVariants',
  ] as const),
  roman: numbers(['title', 'artist', 'fuzzy', 'fuzzyMaxExpansions'] as const),
  number: n,
  keystroke: numbers(['maxChars', 'minKeyChars', 'maxTenseWhole', 'foldedShare', 'pronShare', 'romanShare'] as const),
  autocomplete: numbers(['size', 'typoRetryBelow'] as const),
  suggestTiers: numbers([
    'titleWhole',
    'artistWhole',
    'titlePrefix',
    'combo',
    'artistPrefix',
    'titleRoman',
    'artistRoman',
  ] as const),
  suggestMaxInputChars: n,
  facets: z.object({
    genre: z.object({ field: z.string(), size: n }),
    nation: z.object({ field: z.string(), size: n }),
  }),
});

export type SongRelevance = z.infer<typeof Profile>;

export const SONG_RELEVANCE_FILE = projectPath('mappings', 'songs.relevance.json');

/** Parses a relevance profile; throws naming the first missing or mistyped setting. */
export function parseSongRelevance(json: unknown): SongRelevance {
  const parsed = Profile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${SONG_RELEVANCE_FILE}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The profile the process ranks with, read once. */
export const songRelevance: SongRelevance = parseSongRelevance(
  JSON.parse(fs.readFileSync(SONG_RELEVANCE_FILE, 'utf8')),
);

/** How many jamo edits a typo lookup of this key allows: 0 (never fuzzed), 1 or 2. The one home of the thresholds,
 * for songs, products and the match offsets that mark a typo hit. */
export function fuzzinessFor(jamo: string, f: SongRelevance['fuzziness'] = songRelevance.fuzziness): 0 | 1 | 2 {
  const length = [...jamo].length;
  if (length < f.minJamo || length > f.maxJamo) return 0;
  return length < f.twoEditsJamo ? 1 : 2;
}

// The inputs of the songs index's completion field (the keystroke path, src/songs/autocomplete.ts): the prefix keys
// the document already carries (compact, 초성, jamo, pronunciation, romanization; title, artist, artist+title),
// grouped by kind so each group gets one weight. The weight is what orders suggestions: which kind of key matched
// (a whole title over a word inside it, a title over an artist) times the song's standing (popularity, original),
// with a small bonus for shorter titles, in the same proportions as the full query: every number is the relevance
// profile's (mappings/songs.relevance.json: suggestTiers, standing).
import { songRelevance as R } from '../search/relevance';
import type { CompletionGroup } from '../search/song-document';

export type { CompletionGroup };

/** The keys of a set of names as document.ts computes them. */
export interface NameKeys {
  exact: string[];
  compact: string[];
  chosung: string[];
  jamo: string[];
  pron: string[];
  roman: string[];
}

/** Key kinds, strongest first; an input found in a stronger group is not repeated in a weaker one. */
export const SUGGEST_TIERS = R.suggestTiers;

// inputs longer than this are cut by the mapping's max_input_length; past it nobody is still typing
const MAX_INPUT_CHARS = R.suggestMaxInputChars;

/** Completion weights are integers: the tier times the standing factor, in thousandths. */
export function suggestWeight(
  tier: number,
  standing: { popularity: number; original: boolean; titleChars: number },
): number {
  return Math.round(
    (tier + R.standing.shorterTitleWeight / Math.max(1, standing.titleChars)) *
      standingFactor(standing.popularity, standing.original) *
      1000,
  );
}

export function completionInputs(
  keys: { title: NameKeys; artist: NameKeys; combos: string[] },
  standing: { popularity: number; original: boolean; titleChars: number },
  brands: string[],
): CompletionGroup[] {
  // a context-enabled completion needs a context on every input: a song neither brand carries gets 'none'
  const contexts = { brand: brands.length ? brands : ['none'] };
  const { title: t, artist: a } = keys;
  const groups: Array<[number, string[]]> = [
    [SUGGEST_TIERS.titleWhole, t.exact],
    [SUGGEST_TIERS.artistWhole, a.exact],
    [SUGGEST_TIERS.titlePrefix, [...t.compact, ...t.chosung, ...t.jamo, ...t.pron]],
    [SUGGEST_TIERS.combo, keys.combos],
    [SUGGEST_TIERS.artistPrefix, [...a.compact, ...a.chosung, ...a.jamo, ...a.pron]],
    [SUGGEST_TIERS.titleRoman, t.roman],
    [SUGGEST_TIERS.artistRoman, a.roman],
  ];
  const seen = new Set<string>();
  const out: CompletionGroup[] = [];
  for (const [tier, inputs] of groups) {
    const fresh: string[] = [];
    for (const raw of inputs) {
      const input = [...raw.toLowerCase()].slice(0, MAX_INPUT_CHARS).join('');
      if (!input || seen.has(input)) continue;
      seen.add(input);
      fresh.push(input);
    }
    if (fresh.length) out.push({ input: fresh, weight: suggestWeight(tier, standing), contexts });
  }
  return out;
}

/** The standing factor of suggestWeight: 1 + popularity share + original bonus. */
function standingFactor(popularity: number, original: boolean): number {
  return (
    1 +
    R.standing.popularityWeight * Math.min(1, Math.max(0, popularity || 0)) +
    (original ? R.standing.originalBonus : 0)
  );
}

/**
 * A song's suggestion groups with its popularity changed (the daily re-score writes them with the popularity, no
 * rebuild): each weight is its tier times the standing factor, so the old factor is swapped for the new one.
 */
export function rescaledSuggest(
  source: { popularity?: number | null; version?: string[] | null; suggest?: CompletionGroup[] | null },
  popularity: number,
): CompletionGroup[] | undefined {
  if (!source.suggest?.length) return undefined;
  const original = !source.version?.length;
  const ratio = standingFactor(popularity, original) / standingFactor(source.popularity ?? 0, original);
  return source.suggest.map((g) => ({ ...g, weight: Math.round(g.weight * ratio) }));
}

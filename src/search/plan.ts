// Stage 2, plan: which Elasticsearch request answers the input, and why. A full search (a page of results) has one
// plan. Autocomplete tries the cheapest plan that can answer and moves to the next only when the previous found too
// little: 'keystroke' (completion suggesters, for short prefixes) -> 'prefix' (key lookups of every reading) ->
// 'typo' (the same plus jamo typo matching). One pure function; plan.test.ts walks its table.
import { songRelevance } from './relevance';

export type PlanName = 'keystroke' | 'prefix' | 'typo' | 'full';

export interface Plan {
  name: PlanName;
  why: string;
}

export interface PlanRequest {
  kind: 'search' | 'autocomplete';
  /** the page size asked for */
  size: number;
  /** whether the keystroke plan may run (AUTOCOMPLETE_KEYSTROKE) */
  keystroke: boolean;
  /** the keystroke plan applies to this input (song-keystroke.ts keystrokeForms: a short prefix, no number) */
  shortPrefix: boolean;
}

/** What the plan before found: how many songs, and whether its best one is exactly what was typed (asked only when
 * a typo retry is in question: it reads the best song's texts). */
export interface PlanOutcome {
  plan: PlanName;
  found: number;
  typedExactly: () => boolean;
}

/** The next plan to run, or null when the last one's answer stands. */
export function nextPlan(request: PlanRequest, previous?: PlanOutcome): Plan | null {
  if (request.kind === 'search')
    return previous ? null : { name: 'full', why: 'a page of results: word matching, typos, facets' };
  if (!previous) {
    if (request.keystroke && request.shortPrefix)
      return { name: 'keystroke', why: 'a short prefix: completion suggesters read the best few' };
    return {
      name: 'prefix',
      why: request.shortPrefix
        ? 'the keystroke plan is off'
        : 'longer input, a number or 초성 with words: key lookups are cheap',
    };
  }
  if (previous.plan === 'keystroke') {
    return previous.found >= request.size
      ? null
      : { name: 'prefix', why: `suggesters filled ${previous.found} of ${request.size}` };
  }
  if (previous.plan === 'prefix') {
    // a typo usually leaves the cheap lookups (almost) empty: only then pay for jamo typo matching, and not when the
    // best song is exactly what was typed (its number, or every word as typed): a rare title, not a typo
    const below = Math.min(request.size, songRelevance.autocomplete.typoRetryBelow);
    if (previous.found >= below) return null;
    if (previous.typedExactly()) return null;
    return { name: 'typo', why: `prefix lookups found ${previous.found} (< ${below}) and none is what was typed` };
  }
  return null;
}

// Song search, stage by stage: parse (readings.ts) -> plan (plan.ts) -> execute (the plan's request from
// song-query.ts / song-keystroke.ts, sent here) -> present (hits with the match offsets of matches.ts). Routes call
// searchSongs / autocompleteSongs with the index to read; recording a search is the route's next step, not ours.
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Brand } from '../core/brands';
import { findsEveryWord, matchRanges, type Range } from './matches';
import { nextPlan, type PlanName, type PlanRequest } from './plan';
import { readQueryParam, type SearchInput } from './readings';
import { createAnswerCache } from './answer-cache';
import { songRelevance } from './relevance';
import type { SongAnswerSource } from './song-document';
import { readFacets, type SongFacets, type SongFilters } from './song-facets';
import { buildKeystrokeRequest, mergeKeystrokeResults } from './song-keystroke';
import { buildSongQuery } from './song-query';

export interface SongHit extends SongAnswerSource {
  highlight?: { title?: string; artist?: string };
  /** [start, end) string offsets of title/artist characters the input matched (초성, jamo, keyboard, pronunciation, typo) */
  matches: { title: Range[]; artist: Range[] };
}

export interface SongSearchResult {
  total: number;
  items: SongHit[];
  took_ms: number;
}
/** A full search's answer: the page, and genre / nation counts of the query (each without its own filter). */
export interface SongSearchPage extends SongSearchResult {
  facets: SongFacets;
}

/** Where songs are read from: the client and the songs alias. */
export interface SongIndex {
  es: Client;
  index: string;
}

type Hit = { _source?: SongAnswerSource; highlight?: Record<string, string[]> };

// autocomplete reads only the songs (and the suggesters' scores) from an answer: the rest of it (index names, scores,
// each option's text and contexts) would be parsed for nothing, a tenth of the API's CPU per keystroke
const KEYSTROKE_ANSWER = [
  'hits.hits._id',
  'hits.hits._source',
  'suggest.*.options._id',
  'suggest.*.options._source',
  'suggest.*.options._score',
];
const PREFIX_ANSWER = ['hits.hits._source'];

/** Stage 4: a hit as the answer shows it, with the offsets each text matched. */
function present(h: Hit, input: SearchInput, withHighlight: boolean): SongHit {
  const s = h._source!;
  const hit: SongHit = {
    id: s.id,
    title: s.title,
    artist: s.artist,
    tj_no: s.tj_no ?? null,
    ky_no: s.ky_no ?? null,
    matches: { title: matchRanges(input, s.title), artist: matchRanges(input, s.artist) },
  };
  if (withHighlight) {
    const hl = h.highlight ?? {};
    hit.highlight = {
      title: hl['title.prefix']?.[0] ?? hl.title?.[0],
      artist: hl['artist.prefix']?.[0] ?? hl.artist?.[0],
    };
  }
  return hit;
}

const totalOf = (res: estypes.SearchResponse<unknown>) =>
  typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);

/** A page of songs: the 'full' plan. */
export async function searchSongs(
  target: SongIndex,
  input: SearchInput,
  opts: { brand?: Brand; page: number; size: number; filters?: SongFilters },
): Promise<SongSearchPage> {
  const started = performance.now();
  const request = buildSongQuery(input, 'full', {
    brand: opts.brand,
    from: (opts.page - 1) * opts.size,
    size: opts.size,
    filters: opts.filters,
  });
  const res = await target.es.search<SongAnswerSource>({ index: target.index, ...request });
  return {
    total: totalOf(res),
    items: res.hits.hits.map((h) => present(h, input, true)),
    facets: readFacets(res.aggregations as Record<string, unknown> | undefined),
    took_ms: Math.round(performance.now() - started),
  };
}

/** What a route calls: the q parameter parsed (its refusals are 400s naming q), searched, and both handed back so
 * the route can record the search after answering. */
export async function searchSongsFor(
  target: SongIndex,
  q: string,
  opts: { brand?: Brand; page: number; size: number; filters?: SongFilters },
): Promise<{ input: SearchInput; answer: SongSearchPage }> {
  const input = readQueryParam(q);
  return { input, answer: await searchSongs(target, input, opts) };
}

/** What the autocomplete route calls per keystroke: q parsed, then the answer of the last seconds for the same
 * text and brand (answer-cache.ts; off with cacheMs 0), else the plans in turn. */
export function createSongAutocomplete(
  target: SongIndex,
  opts: { cacheMs: number; keystroke: boolean },
): (q: string, brand?: Brand) => Promise<SongSearchResult> {
  const answers = createAnswerCache<SongSearchResult>(target.es, target.index, opts.cacheMs);
  const size = songRelevance.autocomplete.size;
  return (q, brand) => {
    const input = readQueryParam(q);
    return answers.get({ q: input.typed.text, brand }, () =>
      autocompleteSongs(target, input, { brand, size, keystroke: opts.keystroke }),
    );
  };
}

/** Whether the best song is exactly what was typed: its number, or every word as typed. */
function typedExactly(input: SearchInput, song: SongAnswerSource | undefined): boolean {
  if (!song) return false;
  const number = input.typed.number;
  if (number) return song.tj_no === number || song.ky_no === number;
  return findsEveryWord(input, [song.title, song.artist]);
}

/** Suggestions while typing: the plans of plan.ts in turn, each only when the one before found too little. */
export async function autocompleteSongs(
  target: SongIndex,
  input: SearchInput,
  opts: { brand?: Brand; size: number; keystroke?: boolean },
): Promise<SongSearchResult> {
  const started = performance.now();
  // null when the keystroke plan does not apply (not a short prefix, a number, 초성 mixed with words)
  const keystroke = buildKeystrokeRequest(input, { brand: opts.brand, size: opts.size });
  const request: PlanRequest = {
    kind: 'autocomplete',
    size: opts.size,
    keystroke: opts.keystroke !== false,
    shortPrefix: keystroke !== null,
  };
  let best: Hit[] = [];
  for (let plan = nextPlan(request), outcome; plan; plan = nextPlan(request, outcome)) {
    const hits =
      plan.name === 'keystroke'
        ? await suggest(target, keystroke!, opts.size)
        : await execute(target, input, plan.name, opts);
    // a plan's answer replaces the one before when it found more (a typo retry that finds less keeps the prefix hits)
    if (hits && (hits.length > best.length || plan.name !== 'typo')) best = hits;
    const top = hits?.[0]?._source;
    outcome = { plan: plan.name, found: hits?.length ?? 0, typedExactly: () => typedExactly(input, top) };
  }
  const items = best.map((h) => present(h, input, false));
  return { total: items.length, items, took_ms: Math.round(performance.now() - started) };
}

/** Stage 3 of the keystroke plan: the suggesters' request, sent; null when the index refused it. */
async function suggest(
  target: SongIndex,
  built: NonNullable<ReturnType<typeof buildKeystrokeRequest>>,
  size: number,
): Promise<Hit[] | null> {
  const res = await target.es
    .search<SongAnswerSource>({ index: target.index, filter_path: KEYSTROKE_ANSWER, ...built.request })
    .catch((err) => {
      // an index built before the completion field existed refuses the suggesters: the prefix plan still answers
      if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 400) return null;
      throw err;
    });
  return res ? mergeKeystrokeResults(res, built.forms, size) : null;
}

/** Stage 3 of the prefix and typo plans: the plan's request, sent. */
async function execute(
  target: SongIndex,
  input: SearchInput,
  plan: Exclude<PlanName, 'keystroke'>,
  opts: { brand?: Brand; size: number },
): Promise<Hit[]> {
  const request = buildSongQuery(input, plan, {
    brand: opts.brand,
    from: 0,
    size: opts.size,
  });
  const res = await target.es.search<SongAnswerSource>({ index: target.index, filter_path: PREFIX_ANSWER, ...request });
  // a filtered answer with no hits has no hits object at all
  return res.hits?.hits ?? [];
}

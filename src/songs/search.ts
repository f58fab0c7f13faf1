// Song search and autocomplete against the songs alias.
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { notFound } from '../platform/errors';
import type { ParsedQuery } from '../korean';
import { SONGS_FAMILY, type Brand } from './constants';
import { buildSongSearch } from './search-query';
import { readFacets, type SongFacets, type SongFilters } from './search-facets';
import { buildKeystrokeSearch, keystrokeForms, mergeKeystrokeResults } from './autocomplete';
import { findsEveryWord, matchRanges, type Range } from '../korean/match-offsets';

export interface SongHit {
  id: number;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  highlight?: { title?: string; artist?: string };
  /** [start, end) string offsets of title/artist characters the query matched (초성, jamo, keyboard, pronunciation, typo) */
  matches: { title: Range[]; artist: Range[] };
}

export interface SongSearchResult { total: number; items: SongHit[]; took_ms: number }
/** A full search's answer: the page, and genre / nation counts of the query (each without its own filter). */
export interface SongSearchPage extends SongSearchResult { facets: SongFacets }

// autocomplete retries with typo matching when its prefix lookups found fewer songs than this
const TYPO_FALLBACK_BELOW = 3;

type SongSource = { id: number; title: string; artist: string; tj_no: string | null; ky_no: string | null };

function toHit(h: estypes.SearchHit<SongSource>, parsed: ParsedQuery, withHighlight: boolean): SongHit {
  const s = h._source!;
  const matches = { title: matchRanges(parsed, s.title), artist: matchRanges(parsed, s.artist) };
  const hit: SongHit = { id: s.id, title: s.title, artist: s.artist, tj_no: s.tj_no ?? null, ky_no: s.ky_no ?? null, matches };
  if (withHighlight) {
    const hl = h.highlight ?? {};
    hit.highlight = {
      title: hl['title.prefix']?.[0] ?? hl.title?.[0],
      artist: hl['artist.prefix']?.[0] ?? hl.artist?.[0],
    };
  }
  return hit;
}

export async function searchSongs(
  deps: Pick<Deps, 'es' | 'config'>, parsed: ParsedQuery, opts: { brand?: Brand; page: number; size: number; filters?: SongFilters },
): Promise<SongSearchPage> {
  const started = performance.now();
  const res = await deps.es.search<SongSource>({
    index: indexName(deps.config, SONGS_FAMILY),
    ...buildSongSearch(parsed, { brand: opts.brand, from: (opts.page - 1) * opts.size, size: opts.size, mode: 'search', filters: opts.filters }),
  });
  const total = typeof res.hits.total === 'number' ? res.hits.total : res.hits.total?.value ?? 0;
  return {
    total, items: res.hits.hits.map((h) => toHit(h, parsed, true)), facets: readFacets(res.aggregations as Record<string, unknown> | undefined),
    took_ms: Math.round(performance.now() - started),
  };
}

function typedExactly(parsed: ParsedQuery, song: SongSource | undefined): boolean {
  if (!song) return false;
  if (parsed.number) return song.tj_no === parsed.number || song.ky_no === parsed.number;
  return findsEveryWord(parsed, [song.title, song.artist]);
}

export async function autocompleteSongs(deps: Pick<Deps, 'es' | 'config'>, parsed: ParsedQuery, opts: { brand?: Brand; size: number; keystroke?: boolean }): Promise<SongSearchResult> {
  const started = performance.now();
  const index = indexName(deps.config, SONGS_FAMILY);
  const done = (hits: Array<estypes.SearchHit<SongSource> | { _source?: SongSource }>) => {
    const items = hits.map((h) => toHit(h as estypes.SearchHit<SongSource>, parsed, false));
    return { total: items.length, items, took_ms: Math.round(performance.now() - started) };
  };
  // the keystroke path (whole names + completion suggesters) answers when it fills a page
  const keystroke = opts.keystroke === false ? null : buildKeystrokeSearch(parsed, { brand: opts.brand, size: opts.size });
  if (keystroke) {
    const res = await deps.es.search<SongSource>({ index, ...keystroke }).catch((err) => {
      // an index built before the completion field existed refuses the suggesters: the full query still answers
      if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 400) return null;
      throw err;
    });
    const hits = res ? mergeKeystrokeResults(res, keystrokeForms(parsed)!.forms, opts.size) : [];
    if (hits.length >= opts.size) return done(hits);
  }
  let res = await deps.es.search<SongSource>({ index, ...buildSongSearch(parsed, { brand: opts.brand, from: 0, size: opts.size, mode: 'autocomplete' }) });
  // a typo usually leaves the cheap prefix lookups (almost) empty: only then pay for jamo typo matching, and not when
  // the best song is exactly what was typed (its number, or every word found as typed): a rare title, not a typo
  if (res.hits.hits.length < Math.min(opts.size, TYPO_FALLBACK_BELOW) && !typedExactly(parsed, res.hits.hits[0]?._source)) {
    const typo = await deps.es.search<SongSource>({ index, ...buildSongSearch(parsed, { brand: opts.brand, from: 0, size: opts.size, mode: 'typo' }) });
    if (typo.hits.hits.length > res.hits.hits.length) res = typo;
  }
  return done(res.hits.hits);
}

export async function getSong(deps: Pick<Deps, 'es' | 'config'>, id: number): Promise<SongSource & Record<string, unknown>> {
  const res = await deps.es.search<SongSource & Record<string, unknown>>({
    index: indexName(deps.config, SONGS_FAMILY),
    size: 1,
    query: { term: { id } },
    _source: { excludes: ['vector', 'suggest', '*_compact', '*_chosung', '*_jamo', '*_roman', '*_typo', '*_pron', '*_pron_whole', '*_exact'] },
  });
  const hit = res.hits.hits[0];
  if (!hit?._source) throw notFound(`song ${id}`);
  return hit._source;
}

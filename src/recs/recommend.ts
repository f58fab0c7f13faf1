// Serving: kNN on the songs alias with the user's taste profile (or a song's own vector), popularity re-rank,
// per-artist cap; popular songs per age band and gender when there is nothing to go on.
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { notFound } from '../platform/errors';
import { SONGS_FAMILY, type Brand } from '../songs/constants';
import type { AuthUser } from '../users/accounts';
import { POSITION_DECAY, capPerArtist, profileVector, recencyWeight } from './profile';
import { KNN_CANDIDATES, rerankWithPopularity } from './ranking';
import { popularSongs, type Segment } from './popular';
import { promotedModelVersion } from './vectors';
import { llmSuggestions } from './llm';
import { userHistory } from './history';

export type RecSource = 'item2vec' | 'popular' | 'openai';
export interface RecItem { id: number; title: string; artist: string; tj_no: string | null; ky_no: string | null; score: number; source: RecSource }
export interface RecResponse { model_version: string | null; source: 'item2vec' | 'popular'; segment?: Segment; items: RecItem[] }

type RecDeps = Pick<Deps, 'es' | 'pg' | 'redis' | 'config' | 'logger'>;
type SongSource = { id: number; title: string; artist: string; tj_no?: string | null; ky_no?: string | null };

export const HISTORY_LIMIT = 50;
const HISTORY_DAYS = 180;
/** saved songs sent to Elasticsearch as a kNN exclusion filter (the rest are dropped after) */
const MAX_EXCLUDED_IN_QUERY = 1000;

function knnFilter(version: string, brand: Brand | undefined, exclude: number[]): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { model_version: version } }];
  if (brand) filter.push({ exists: { field: brand === 'tj' ? 'tj_no' : 'ky_no' } });
  const mustNot: estypes.QueryDslQueryContainer[] = exclude.length ? [{ terms: { id: exclude.slice(0, MAX_EXCLUDED_IN_QUERY) } }] : [];
  return { bool: { filter, must_not: mustNot } };
}

/** The kNN request (a pure function, so tests can read it). */
export function buildKnnSearch(vector: ArrayLike<number>, opts: { version: string; brand?: Brand; exclude: number[]; candidates: number }): estypes.SearchRequest {
  return {
    knn: {
      field: 'vector',
      query_vector: Array.from(vector),
      k: opts.candidates,
      num_candidates: Math.min(10_000, Math.max(100, opts.candidates * 2)),
      filter: knnFilter(opts.version, opts.brand, opts.exclude),
    },
    size: opts.candidates,
    _source: ['id', 'title', 'artist', 'tj_no', 'ky_no'],
  };
}

async function knnCandidates(deps: RecDeps, vector: ArrayLike<number>, opts: { version: string; brand?: Brand; exclude: number[] }) {
  const res = await deps.es.search<SongSource>({ index: indexName(deps.config, SONGS_FAMILY), ...buildKnnSearch(vector, { ...opts, candidates: KNN_CANDIDATES }) });
  const hits = res.hits.hits.filter((h) => h._source);
  const ids = hits.map((h) => h._source!.id);
  const occurrences = new Map((await deps.pg.query<{ song_id: string; occurrences: number }>(
    'SELECT song_id, occurrences FROM song_vectors WHERE model_version = $1 AND song_id = ANY($2::bigint[])', [opts.version, ids],
  )).rows.map((r) => [Number(r.song_id), r.occurrences]));
  // Elasticsearch scores cosine as (1 + cos) / 2
  return hits.map((h) => ({ ...toSong(h._source!), cosine: 2 * (h._score ?? 0.5) - 1, occurrences: occurrences.get(h._source!.id) ?? 0 }));
}

const toSong = (s: SongSource) => ({ id: Number(s.id), title: s.title, artist: s.artist, tj_no: s.tj_no ?? null, ky_no: s.ky_no ?? null });
const round = (x: number) => Math.round(x * 10_000) / 10_000;

export async function recommendForUser(deps: RecDeps, user: AuthUser, opts: { k: number; brand?: Brand; now?: Date }): Promise<RecResponse> {
  const now = opts.now ?? new Date();
  const [version, history] = await Promise.all([promotedModelVersion(deps.pg), userHistory(deps.pg, user.id, { days: HISTORY_DAYS, limit: HISTORY_LIMIT })]);
  const { maxPerArtist } = deps.config.recs;
  let profile: Float32Array | undefined;
  if (version && history.recent.length) {
    const { rows } = await deps.pg.query<{ song_id: string; vector: number[] }>(
      'SELECT song_id, vector FROM song_vectors WHERE model_version = $1 AND song_id = ANY($2::bigint[])', [version, history.recent.map((h) => h.songId)],
    );
    const vectors = new Map(rows.map((r) => [Number(r.song_id), r.vector]));
    // newest first: each step back weighs POSITION_DECAY less (as evaluated offline), and old songs fade with time
    profile = profileVector(history.recent.flatMap((h, rank) => {
      const vector = vectors.get(h.songId);
      return vector ? [{ vector, weight: Math.pow(POSITION_DECAY, rank) * recencyWeight((now.getTime() - h.at.getTime()) / 86_400_000) }] : [];
    }));
  }

  const segment: Segment = { gender: user.gender ?? undefined, ageBand: user.age_band ?? undefined };
  if (!version || !profile) {
    const popular = await popularSongs(deps, segment, { k: opts.k, brand: opts.brand, exclude: history.saved });
    return { model_version: version ?? null, source: 'popular', segment: popular.segment, items: popular.items.map((s) => ({ ...s, source: 'popular' as const })) };
  }

  const candidates = (await knnCandidates(deps, profile, { version, brand: opts.brand, exclude: [...history.saved] })).filter((c) => !history.saved.has(c.id));
  let items: RecItem[] = capPerArtist(rerankWithPopularity(candidates), maxPerArtist, opts.k)
    .map((c) => ({ id: c.id, title: c.title, artist: c.artist, tj_no: c.tj_no, ky_no: c.ky_no, score: round(c.score), source: 'item2vec' as const }));

  const suggested = await llmSuggestions(deps, { userId: user.id, seeds: history.recent.map((h) => h.songId), brand: opts.brand, exclude: new Set([...history.saved, ...items.map((i) => i.id)]) });
  if (suggested.length) {
    // the model keeps at least three quarters of the list; suggestions take the rest, interleaved every fourth place
    const room = Math.max(1, Math.floor(opts.k / 4));
    const extra = suggested.slice(0, room).map((s) => ({ ...s, score: 0, source: 'openai' as const }));
    const mixed: RecItem[] = [];
    const base = items.slice(0, opts.k - extra.length);
    for (let i = 0; base.length || extra.length; i++) {
      if ((i % 4 === 3 || !base.length) && extra.length) mixed.push(extra.shift()!); else mixed.push(base.shift()!);
    }
    items = capPerArtist(mixed, maxPerArtist, opts.k);
  }
  if (items.length < opts.k) {
    const popular = await popularSongs(deps, segment, { k: opts.k, brand: opts.brand, exclude: new Set([...history.saved, ...items.map((i) => i.id)]) });
    items = capPerArtist([...items, ...popular.items.map((s) => ({ ...s, source: 'popular' as const }))], maxPerArtist, opts.k);
  }
  return { model_version: version, source: 'item2vec', items };
}

export async function similarSongs(deps: RecDeps, songId: number, opts: { k: number; brand?: Brand }): Promise<RecResponse & { song_id: number }> {
  const song = (await deps.pg.query('SELECT 1 FROM songs WHERE id = $1 AND deleted_at IS NULL', [songId])).rowCount;
  if (!song) throw notFound(`song ${songId}`);
  const version = await promotedModelVersion(deps.pg);
  const vector = version
    ? (await deps.pg.query<{ vector: number[] }>('SELECT vector FROM song_vectors WHERE model_version = $1 AND song_id = $2', [version, songId])).rows[0]?.vector
    : undefined;
  if (!version || !vector) {
    const popular = await popularSongs(deps, {}, { k: opts.k, brand: opts.brand, exclude: new Set([songId]) });
    return { song_id: songId, model_version: version ?? null, source: 'popular', items: popular.items.map((s) => ({ ...s, source: 'popular' as const })) };
  }
  const candidates = (await knnCandidates(deps, vector, { version, brand: opts.brand, exclude: [songId] })).filter((c) => c.id !== songId);
  const items = capPerArtist(rerankWithPopularity(candidates), deps.config.recs.maxPerArtist, opts.k)
    .map((c) => ({ id: c.id, title: c.title, artist: c.artist, tj_no: c.tj_no, ky_no: c.ky_no, score: round(c.score), source: 'item2vec' as const }));
  return { song_id: songId, model_version: version, source: 'item2vec', items };
}

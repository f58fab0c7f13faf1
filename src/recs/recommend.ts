// Serving: "for me" is kNN on the song-vectors alias with the user's taste profile, popularity re-rank, per-artist cap;
// "similar" reads the song's neighbour list computed at promotion (one query), then brand filter and per-artist cap;
// popular songs per age band and gender when there is nothing to go on.
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { notFound } from '../platform/errors';
import type { Brand } from '../songs/constants';
import type { AuthUser } from '../users/accounts';
import { POSITION_DECAY, capPerArtist, profileVector, recencyWeight } from './profile';
import { KNN_CANDIDATES, rerankWithPopularity } from './ranking';
import { popularSongs, type Segment } from './popular';
import { promotedModelVersion } from './vectors';
import { llmSuggestions } from './llm';
import { userHistory } from './history';
import { songVectorsAlias } from './vector-index';
import { promotedNeighbours } from './neighbours';

export type RecSource = 'item2vec' | 'popular' | 'openai';
export interface RecItem { id: number; title: string; artist: string; tj_no: string | null; ky_no: string | null; score: number; source: RecSource }
export interface RecResponse { model_version: string | null; source: 'item2vec' | 'popular'; segment?: Segment; items: RecItem[] }

type RecDeps = Pick<Deps, 'es' | 'pg' | 'redis' | 'config' | 'logger'>;

export const HISTORY_LIMIT = 50;
const HISTORY_DAYS = 180;
/** saved songs sent to Elasticsearch as a kNN exclusion filter (the rest are dropped after) */
const MAX_EXCLUDED_IN_QUERY = 1000;

function knnFilter(version: string, brand: Brand | undefined, exclude: number[]): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { model_version: version } }];
  if (brand) filter.push({ term: { brands: brand } });
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
    _source: false,
  };
}

const hasBrand = (s: { tj_no: string | null; ky_no: string | null }, brand?: Brand) => !brand || (brand === 'tj' ? s.tj_no : s.ky_no) !== null;

/** Nearest songs to a vector (the vector index names ids and scores; Postgres the live songs and their counts). */
async function knnCandidates(deps: RecDeps, vector: ArrayLike<number>, opts: { version: string; brand?: Brand; exclude: number[] }) {
  const res = await deps.es.search({ index: songVectorsAlias(deps.config), ...buildKnnSearch(vector, { ...opts, candidates: KNN_CANDIDATES }) });
  const scored = res.hits.hits.map((h) => ({ id: Number(h._id), score: h._score ?? 0.5 }));
  const { rows } = await deps.pg.query<{ id: string; title: string; artist: string; tj_no: string | null; ky_no: string | null; occurrences: number | null }>(
    `SELECT s.id, s.title, s.artist, s.tj_no, s.ky_no, v.occurrences FROM songs s
     LEFT JOIN song_vectors v ON v.model_version = $1 AND v.song_id = s.id
     WHERE s.id = ANY($2::bigint[]) AND s.deleted_at IS NULL`, [opts.version, scored.map((h) => h.id)],
  );
  const songs = new Map(rows.map((r) => [Number(r.id), r]));
  // Elasticsearch scores cosine as (1 + cos) / 2; the brand is checked again on the live row (the index may lag)
  return scored.flatMap(({ id, score }) => {
    const s = songs.get(id);
    return s && hasBrand(s, opts.brand) ? [{ id, title: s.title, artist: s.artist, tj_no: s.tj_no, ky_no: s.ky_no, cosine: 2 * score - 1, occurrences: s.occurrences ?? 0 }] : [];
  });
}

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
  const listed = await promotedNeighbours(deps.pg, songId);
  if (!listed) {
    // no list: an unknown or deleted song (404), no promoted model, or a song the model has no vector for
    const song = (await deps.pg.query('SELECT 1 FROM songs WHERE id = $1 AND deleted_at IS NULL', [songId])).rowCount;
    if (!song) throw notFound(`song ${songId}`);
    const [version, popular] = await Promise.all([promotedModelVersion(deps.pg), popularSongs(deps, {}, { k: opts.k, brand: opts.brand, exclude: new Set([songId]) })]);
    return { song_id: songId, model_version: version ?? null, source: 'popular', items: popular.items.map((s) => ({ ...s, source: 'popular' as const })) };
  }
  let items: RecItem[] = capPerArtist(listed.items.filter((n) => n.id !== songId && hasBrand(n, opts.brand)), deps.config.recs.maxPerArtist, opts.k)
    .map((n) => ({ ...n, source: 'item2vec' as const }));
  if (items.length < opts.k) {
    // the brand filter or the cap left too few of the stored neighbours: popular songs fill the page
    const popular = await popularSongs(deps, {}, { k: opts.k, brand: opts.brand, exclude: new Set([songId, ...items.map((i) => i.id)]) });
    items = capPerArtist([...items, ...popular.items.map((s) => ({ ...s, source: 'popular' as const }))], deps.config.recs.maxPerArtist, opts.k);
  }
  return { song_id: songId, model_version: listed.version, source: 'item2vec', items };
}

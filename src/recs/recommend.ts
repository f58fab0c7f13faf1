// Serving: "for me" is kNN on the song-vectors alias with the user's taste profile, popularity re-rank, per-artist cap;
// "similar" reads the song's neighbour list computed at promotion (one query), then brand filter and per-artist cap;
// popular songs per age band and gender when there is nothing to go on.
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { notFound } from '../platform/errors';
import type { Brand } from '../core/brands';
import type { AuthUser } from '../users/accounts';
import { POSITION_DECAY, capPerArtist, profileVector, recencyWeight } from './profile';
import { KNN_CANDIDATES, rerankWithPopularity } from './ranking';
import { popularSongs, type PopularSong } from './popular';
import type { Demographic } from '../core/demographics';
import { promotedModelVersion } from './vectors';
import { llmSuggestions } from './llm';
import { userHistory } from './history';
import { songVectorsAlias } from './vector-index';
import { promotedNeighbours, type Neighbour } from './neighbours';

export type RecSource = 'item2vec' | 'popular' | 'openai';
/** A recommended song: a popular-list entry's fields, and where the recommendation came from. */
export interface RecItem extends PopularSong {
  source: RecSource;
}
export interface RecResponse {
  model_version: string | null;
  source: 'item2vec' | 'popular';
  segment?: Demographic;
  items: RecItem[];
}

type RecDeps = Pick<Deps, 'es' | 'pg' | 'redis' | 'config' | 'logger'>;

export const HISTORY_LIMIT = 50;
const HISTORY_DAYS = 180;
/** saved songs beyond this many may take places among the candidates (the page is then topped up with popular songs) */
const MAX_EXCLUDED_EXTRA = 800;

/**
 * Only a brand narrows the kNN: the vector index holds one model (an alias per promoted model), and saved songs are
 * dropped from the candidates afterwards — any filter turns HNSW into its slower filtered search (measured at 1M
 * songs: took p50 15 ms with a model and saved-songs filter, 5 ms with none).
 */
function knnFilter(brand: Brand | undefined): estypes.QueryDslQueryContainer | undefined {
  return brand ? { term: { brands: brand } } : undefined;
}

/** The kNN request (a pure function, so tests can read it): ids, occurrences and artist keys come back as doc values,
 * which costs Elasticsearch a fraction of fetching each hit's stored `_id` (measured: took 7 ms → 3 ms for 200 hits). */
export function buildKnnSearch(
  vector: ArrayLike<number>,
  opts: { brand?: Brand; candidates: number },
): estypes.SearchRequest {
  const filter = knnFilter(opts.brand);
  return {
    knn: {
      field: 'vector',
      query_vector: Array.from(vector),
      k: opts.candidates,
      num_candidates: Math.min(10_000, Math.max(100, opts.candidates * 2)),
      ...(filter && { filter }),
    },
    size: opts.candidates,
    _source: false,
    stored_fields: '_none_',
    docvalue_fields: ['id', 'occurrences', 'artist_key', 'model_version'],
  };
}

export interface KnnHit {
  id: number;
  cosine: number;
  occurrences: number;
  artistKey: string;
  version: string;
}

/** Reads the hits of buildKnnSearch; Elasticsearch scores cosine as (1 + cos) / 2. */
export function knnHits(res: estypes.SearchResponse): KnnHit[] {
  return res.hits.hits.map((h) => ({
    id: Number(h.fields?.id?.[0]),
    cosine: 2 * (h._score ?? 0.5) - 1,
    occurrences: Number(h.fields?.occurrences?.[0] ?? 0),
    artistKey: String(h.fields?.artist_key?.[0] ?? ''),
    version: String(h.fields?.model_version?.[0] ?? ''),
  }));
}

const hasBrand = (s: { tj_no: string | null; ky_no: string | null }, brand?: Brand) =>
  !brand || (brand === 'tj' ? s.tj_no : s.ky_no) !== null;

/**
 * The user's nearest songs, re-ranked with popularity and capped per artist on what the vector index holds, so only
 * the few that can make the page (`want`) are read from Postgres: live songs, titles and numbers; the brand is checked
 * again on the live row (the index may lag).
 */
async function knnRanked(
  deps: RecDeps,
  vector: ArrayLike<number>,
  opts: { version: string; brand?: Brand; exclude: Set<number>; want: number },
) {
  // as many more neighbours as the user has saved songs (up to a bound), so KNN_CANDIDATES remain once they are dropped
  const candidates = KNN_CANDIDATES + Math.min(opts.exclude.size, MAX_EXCLUDED_EXTRA);
  const res = await deps.es.search({
    index: songVectorsAlias(deps.config),
    ...buildKnnSearch(vector, { brand: opts.brand, candidates }),
  });
  // a hit of another model (the alias swapped between the two reads) is not comparable with this profile
  const ranked = rerankWithPopularity(
    knnHits(res)
      .filter((h) => h.version === opts.version && !opts.exclude.has(h.id))
      .slice(0, KNN_CANDIDATES),
  );
  const perArtist = new Map<string, number>();
  const shortlist = ranked
    .filter((h) => {
      const n = perArtist.get(h.artistKey) ?? 0;
      perArtist.set(h.artistKey, n + 1);
      return !h.artistKey || n < deps.config.recs.maxPerArtist;
    })
    .slice(0, opts.want);
  const { rows } = await deps.pg.query<{
    id: string;
    title: string;
    artist: string;
    tj_no: string | null;
    ky_no: string | null;
  }>('SELECT id, title, artist, tj_no, ky_no FROM songs WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL', [
    shortlist.map((h) => h.id),
  ]);
  const songs = new Map(rows.map((r) => [Number(r.id), r]));
  return shortlist.flatMap((h) => {
    const s = songs.get(h.id);
    return s && hasBrand(s, opts.brand)
      ? [{ id: h.id, title: s.title, artist: s.artist, tj_no: s.tj_no, ky_no: s.ky_no, score: h.score }]
      : [];
  });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export async function recommendForUser(
  deps: RecDeps,
  user: AuthUser,
  opts: { k: number; brand?: Brand; now?: Date },
): Promise<RecResponse> {
  const now = opts.now ?? new Date();
  const [version, history] = await Promise.all([
    promotedModelVersion(deps.pg),
    userHistory(deps.pg, user.id, { days: HISTORY_DAYS, limit: HISTORY_LIMIT }),
  ]);
  const { maxPerArtist } = deps.config.recs;
  let profile: Float32Array | undefined;
  if (version && history.recent.length) {
    const { rows } = await deps.pg.query<{ song_id: string; vector: number[] }>(
      'SELECT song_id, vector FROM song_vectors WHERE model_version = $1 AND song_id = ANY($2::bigint[])',
      [version, history.recent.map((h) => h.songId)],
    );
    const vectors = new Map(rows.map((r) => [Number(r.song_id), r.vector]));
    // newest first: each step back weighs POSITION_DECAY less (as evaluated offline), and old songs fade with time
    profile = profileVector(
      history.recent.flatMap((h, rank) => {
        const vector = vectors.get(h.songId);
        return vector
          ? [
              {
                vector,
                weight: Math.pow(POSITION_DECAY, rank) * recencyWeight((now.getTime() - h.at.getTime()) / 86_400_000),
              },
            ]
          : [];
      }),
    );
  }

  const segment: Demographic = { gender: user.gender ?? undefined, ageBand: user.age_band ?? undefined };
  if (!version || !profile) {
    const popular = await popularSongs(deps, segment, { k: opts.k, brand: opts.brand, exclude: history.saved });
    return {
      model_version: version ?? null,
      source: 'popular',
      segment: popular.segment,
      items: popular.items.map((s) => ({ ...s, source: 'popular' as const })),
    };
  }

  // a margin over k for songs deleted since promotion and the interleaved suggestions below
  const candidates = await knnRanked(deps, profile, {
    version,
    brand: opts.brand,
    exclude: history.saved,
    want: opts.k * 2,
  });
  let items: RecItem[] = capPerArtist(candidates, maxPerArtist, opts.k).map((c) => ({
    id: c.id,
    title: c.title,
    artist: c.artist,
    tj_no: c.tj_no,
    ky_no: c.ky_no,
    score: round(c.score),
    source: 'item2vec' as const,
  }));

  const suggested = await llmSuggestions(deps, {
    userId: user.id,
    seeds: history.recent.map((h) => h.songId),
    brand: opts.brand,
    exclude: new Set([...history.saved, ...items.map((i) => i.id)]),
  });
  if (suggested.length) {
    // the model keeps at least three quarters of the list; suggestions take the rest, interleaved every fourth place
    const room = Math.max(1, Math.floor(opts.k / 4));
    const extra = suggested.slice(0, room).map((s) => ({ ...s, score: 0, source: 'openai' as const }));
    const mixed: RecItem[] = [];
    const base = items.slice(0, opts.k - extra.length);
    for (let i = 0; base.length || extra.length; i++) {
      if ((i % 4 === 3 || !base.length) && extra.length) mixed.push(extra.shift()!);
      else mixed.push(base.shift()!);
    }
    items = capPerArtist(mixed, maxPerArtist, opts.k);
  }
  if (items.length < opts.k) {
    const popular = await popularSongs(deps, segment, {
      k: opts.k,
      brand: opts.brand,
      exclude: new Set([...history.saved, ...items.map((i) => i.id)]),
    });
    items = capPerArtist(
      [...items, ...popular.items.map((s) => ({ ...s, source: 'popular' as const }))],
      maxPerArtist,
      opts.k,
    );
  }
  return { model_version: version, source: 'item2vec', items };
}

export async function similarSongs(
  deps: RecDeps,
  songId: number,
  opts: { k: number; brand?: Brand },
): Promise<RecResponse & { song_id: number }> {
  const pick = (items: Neighbour[]) =>
    capPerArtist(
      items.filter((n) => n.id !== songId && hasBrand(n, opts.brand)),
      deps.config.recs.maxPerArtist,
      opts.k,
    );
  // the head of the stored list nearly always fills the page; the whole list only when the brand or the cap thin it out
  let listed = await promotedNeighbours(deps.pg, songId, (opts.brand ? 6 : 3) * opts.k);
  if (listed && !listed.complete && pick(listed.items).length < opts.k)
    listed = await promotedNeighbours(deps.pg, songId);
  if (!listed) {
    // no list: an unknown or deleted song (404), no promoted model, or a song the model has no vector for
    const song = (await deps.pg.query('SELECT 1 FROM songs WHERE id = $1 AND deleted_at IS NULL', [songId])).rowCount;
    if (!song) throw notFound(`song ${songId}`);
    const [version, popular] = await Promise.all([
      promotedModelVersion(deps.pg),
      popularSongs(deps, {}, { k: opts.k, brand: opts.brand, exclude: new Set([songId]) }),
    ]);
    return {
      song_id: songId,
      model_version: version ?? null,
      source: 'popular',
      items: popular.items.map((s) => ({ ...s, source: 'popular' as const })),
    };
  }
  let items: RecItem[] = pick(listed.items).map((n) => ({ ...n, source: 'item2vec' as const }));
  if (items.length < opts.k) {
    // the brand filter or the cap left too few of the stored neighbours: popular songs fill the page
    const popular = await popularSongs(
      deps,
      {},
      { k: opts.k, brand: opts.brand, exclude: new Set([songId, ...items.map((i) => i.id)]) },
    );
    items = capPerArtist(
      [...items, ...popular.items.map((s) => ({ ...s, source: 'popular' as const }))],
      deps.config.recs.maxPerArtist,
      opts.k,
    );
  }
  return { song_id: songId, model_version: listed.version, source: 'item2vec', items };
}

// "Sing next" for a room: the room's last songs in the order sung make a session vector (item2vec, the newest
// weighted most), its nearest songs for the room's brand come from the song-vectors index, re-ranked with the
// popularity prior; what the room sang or queued is left out, and each song says which recent song it follows.
import type { Deps } from '../platform/deps';
import type { Brand } from '../core/brands';
import type { ItemVectors } from '../recs/item2vec';
import { rankFromSeeds } from '../recs/evaluate';
import { capPerArtist, profileVector } from '../recs/profile';
import { KNN_CANDIDATES, rerankWithPopularity } from '../recs/ranking';
import { buildKnnSearch, knnHits } from '../recs/recommend';
import { songVectorsAlias } from '../recs/vector-index';
import { promotedModelVersion, vectorsForSongs } from '../recs/vectors';
import { popularSongs } from '../recs/popular';
import { cosine } from '../recs/item2vec';

/** how many of the room's last songs make the session vector */
export const ROOM_SEED_SONGS = 3;
/** each step back in the room's history weighs this much less (measured offline: scripts/eval-room-next.ts) */
export const ROOM_DECAY = 0.5;

export interface NextSong {
  id: number;
  title: string;
  artist: string;
  number: string;
  tj_no: string | null;
  ky_no: string | null;
  score: number;
  source: 'item2vec' | 'popular';
  reason: string;
  after_song_id: number | null;
}

/** The weights of the seeds, oldest first: the newest counts 1, each step back ROOM_DECAY less. */
export const seedWeights = (n: number, decay = ROOM_DECAY): number[] =>
  Array.from({ length: n }, (_, i) => Math.pow(decay, n - 1 - i));

export const reasonAfter = (title: string) => `방금 부른 '${title}' 다음에 많이 불러요`;
export const POPULAR_REASON = '요즘 많이 불러요';

/** The seed a candidate follows: the one most like it, recent seeds favoured (ties to the newest). */
export function followedSeed(
  candidate: ArrayLike<number>,
  seeds: Array<{ vector: ArrayLike<number>; weight: number }>,
): number {
  let best = -1,
    bestScore = -Infinity;
  seeds.forEach((s, i) => {
    const score = cosine(candidate, s.vector) * (0.5 + 0.5 * s.weight);
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** The offline twin of roomNext on an in-memory model (exact cosine instead of HNSW), for scripts/eval-room-next.ts. */
export function rankNextFromVectors(
  model: ItemVectors,
  rowOf: Map<number, number>,
  norms: Float32Array,
  seeds: number[],
  exclude: Iterable<number>,
  k: number,
  decay = ROOM_DECAY,
): number[] {
  const weights = seedWeights(seeds.length, decay);
  return rankFromSeeds(
    model,
    rowOf,
    norms,
    seeds.map((id, i) => ({ id, weight: weights[i] })),
    [...exclude, ...seeds],
    k,
  );
}

const numberFor = (brand: Brand, s: { tj_no: string | null; ky_no: string | null }) =>
  (brand === 'tj' ? s.tj_no : s.ky_no) ?? '';

/** Up to k songs for the room to sing next; popular songs when the room has sung nothing the model knows. */
export async function roomNext(
  deps: Pick<Deps, 'es' | 'pg' | 'redis' | 'config'>,
  room: { brand: Brand; history: Array<{ song_id: number; title: string }>; exclude: Set<number> },
  k: number,
): Promise<{ model_version: string | null; items: NextSong[] }> {
  const seedsInOrder = room.history.slice(-ROOM_SEED_SONGS);
  const version = await promotedModelVersion(deps.pg);
  const vectors =
    version && seedsInOrder.length
      ? await vectorsForSongs(
          deps.pg,
          seedsInOrder.map((s) => s.song_id),
          version,
        )
      : new Map();
  const weights = seedWeights(seedsInOrder.length);
  const seeds = seedsInOrder.flatMap((s, i) => {
    const v = vectors.get(s.song_id);
    return v ? [{ ...s, vector: v.vector, weight: weights[i] }] : [];
  });
  const exclude = new Set([...room.exclude, ...room.history.map((h) => h.song_id)]);
  const items: NextSong[] = [];
  const profile = profileVector(seeds);
  if (version && profile) {
    const res = await deps.es.search({
      index: songVectorsAlias(deps.config),
      ...buildKnnSearch(profile, { brand: room.brand, candidates: KNN_CANDIDATES + exclude.size }),
    });
    const ranked = rerankWithPopularity(knnHits(res).filter((h) => h.version === version && !exclude.has(h.id))).slice(
      0,
      k * 3,
    );
    const { rows } = await deps.pg.query<{
      id: string;
      title: string;
      artist: string;
      tj_no: string | null;
      ky_no: string | null;
    }>('SELECT id, title, artist, tj_no, ky_no FROM songs WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL', [
      ranked.map((h) => h.id),
    ]);
    const songs = new Map(rows.map((r) => [Number(r.id), r]));
    const picked = capPerArtist(
      ranked.flatMap((h) => {
        const s = songs.get(h.id);
        return s && numberFor(room.brand, s) ? [{ ...s, id: h.id, score: h.score }] : [];
      }),
      deps.config.recs.maxPerArtist,
      k,
    );
    const candidateVectors = await vectorsForSongs(
      deps.pg,
      picked.map((p) => p.id),
      version,
    );
    for (const p of picked) {
      const v = candidateVectors.get(p.id);
      const seed = v ? seeds[followedSeed(v.vector, seeds)] : seeds[seeds.length - 1];
      items.push({
        id: p.id,
        title: p.title,
        artist: p.artist,
        number: numberFor(room.brand, p),
        tj_no: p.tj_no,
        ky_no: p.ky_no,
        score: Math.round(p.score * 10_000) / 10_000,
        source: 'item2vec',
        reason: reasonAfter(seed.title),
        after_song_id: seed.song_id,
      });
    }
  }
  if (items.length < k) {
    const popular = await popularSongs(
      deps,
      {},
      { k: k - items.length, brand: room.brand, exclude: new Set([...exclude, ...items.map((i) => i.id)]) },
    );
    for (const p of popular.items)
      items.push({
        id: p.id,
        title: p.title,
        artist: p.artist,
        number: numberFor(room.brand, p),
        tj_no: p.tj_no,
        ky_no: p.ky_no,
        score: 0,
        source: 'popular',
        reason: POPULAR_REASON,
        after_song_id: null,
      });
  }
  return { model_version: version ?? null, items };
}

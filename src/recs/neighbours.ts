// "Similar songs" lists, computed once when a model is promoted: exact cosine top-k over every vector of the model
// (brute force on Float32Array, in slices so the event loop keeps serving), re-ranked with the popularity prior as
// served, stored in Postgres (song_neighbours) and read back with one query per request.
import type { Pool } from 'pg';
import type { ItemVectors } from './item2vec';
import { rerankWithPopularity } from './ranking';

/** neighbours kept per song: more than any page (k <= 50) so the brand filter and per-artist cap still fill one */
export const NEIGHBOURS_PER_SONG = 100;

/** A copy of the rows scaled to unit length (zero rows stay zero), so a dot product is the cosine. */
export function unitRows(vectors: Float32Array, dims: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let r = 0; r < vectors.length / dims; r++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += vectors[r * dims + d] ** 2;
    const inv = norm ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) out[r * dims + d] = vectors[r * dims + d] * inv;
  }
  return out;
}

export interface TopK {
  rows: Int32Array;
  cosines: Float32Array;
  size: number;
}

/**
 * Exact top-k by cosine of the rows [from, to) of `unit` (unit-length rows) against every row, the row itself left
 * out; best first, ties in row order. Query rows are taken a block at a time so each candidate row is read once a block.
 */
export function exactTopK(unit: Float32Array, dims: number, k: number, from: number, to: number): TopK[] {
  const n = unit.length / dims;
  const out: TopK[] = [];
  const BLOCK = 32;
  for (let b = from; b < to; b += BLOCK) {
    const end = Math.min(to, b + BLOCK);
    const lists: TopK[] = [];
    for (let q = b; q < end; q++) lists.push({ rows: new Int32Array(k), cosines: new Float32Array(k), size: 0 });
    for (let j = 0; j < n; j++) {
      const jo = j * dims;
      for (let q = b; q < end; q++) {
        if (q === j) continue;
        const qo = q * dims;
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += unit[qo + d] * unit[jo + d];
        const list = lists[q - b];
        if (list.size === k && dot <= list.cosines[k - 1]) continue;
        // insertion after every equal or better entry keeps ties in row order
        let pos = list.size < k ? list.size : k - 1;
        while (pos > 0 && list.cosines[pos - 1] < dot) {
          list.cosines[pos] = list.cosines[pos - 1];
          list.rows[pos] = list.rows[pos - 1];
          pos--;
        }
        list.cosines[pos] = dot;
        list.rows[pos] = j;
        if (list.size < k) list.size++;
      }
    }
    out.push(...lists);
  }
  return out;
}

export interface NeighbourList {
  songId: number;
  ids: number[];
  scores: number[];
}

/** Every song's neighbour list of a model: exact top-k cosine, then re-ranked with the popularity prior as served. */
export async function computeNeighbourLists(
  model: ItemVectors,
  opts: { k?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<NeighbourList[]> {
  const k = Math.min(opts.k ?? NEIGHBOURS_PER_SONG, Math.max(0, model.ids.length - 1));
  const unit = unitRows(model.vectors, model.dims);
  const n = model.ids.length;
  // a slice is about 20M multiply-adds, so the event loop is never held for long
  const slice = Math.max(1, Math.floor(20_000_000 / Math.max(1, n * model.dims)));
  const lists: NeighbourList[] = [];
  for (let from = 0; from < n; from += slice) {
    const to = Math.min(n, from + slice);
    exactTopK(unit, model.dims, k, from, to).forEach((top, i) => {
      const candidates = Array.from({ length: top.size }, (_, x) => ({
        id: model.ids[top.rows[x]],
        cosine: top.cosines[x],
        occurrences: model.counts[top.rows[x]] ?? 0,
      }));
      const ranked = rerankWithPopularity(candidates);
      lists.push({
        songId: model.ids[from + i],
        ids: ranked.map((c) => c.id),
        scores: ranked.map((c) => Math.round(c.score * 10_000) / 10_000),
      });
    });
    opts.onProgress?.(to, n);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return lists;
}

/** Stores the lists of a model version (replacing any stored before for it). */
export async function saveNeighbourLists(pg: Pool, version: string, lists: NeighbourList[]): Promise<void> {
  await pg.query('DELETE FROM song_neighbours WHERE model_version = $1', [version]);
  const CHUNK = 2000;
  for (let start = 0; start < lists.length; start += CHUNK) {
    const chunk = lists.slice(start, start + CHUNK);
    await pg.query(
      `INSERT INTO song_neighbours (model_version, song_id, neighbour_ids, scores)
       SELECT $1, t.id, t.ids::bigint[], t.scores::real[] FROM unnest($2::bigint[], $3::text[], $4::text[]) AS t(id, ids, scores)`,
      [
        version,
        chunk.map((l) => l.songId),
        chunk.map((l) => `{${l.ids.join(',')}}`),
        chunk.map((l) => `{${l.scores.join(',')}}`),
      ],
    );
  }
}

export interface Neighbour {
  id: number;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  score: number;
}

/**
 * The promoted model's neighbour list of a live song, with what a response shows of each live neighbour, best first:
 * one query. Undefined when there is none (no promoted model, no list for the song, or the song is deleted or unknown).
 */
export async function promotedNeighbours(
  pg: Pool,
  songId: number,
  limit = Number.MAX_SAFE_INTEGER,
): Promise<{ version: string; items: Neighbour[]; complete: boolean } | undefined> {
  const { rows } = await pg.query<{
    version: string;
    id: string | null;
    title: string | null;
    artist: string | null;
    tj_no: string | null;
    ky_no: string | null;
    score: number | null;
    listed: number;
  }>(
    `SELECT n.model_version AS version, s.id, s.title, s.artist, s.tj_no, s.ky_no, u.score, cardinality(n.neighbour_ids) AS listed
     FROM rec_models m
     JOIN song_neighbours n ON n.model_version = m.version AND n.song_id = $1
     JOIN songs self ON self.id = n.song_id AND self.deleted_at IS NULL
     LEFT JOIN LATERAL (SELECT * FROM unnest(n.neighbour_ids, n.scores) WITH ORDINALITY AS u(id, score, pos) ORDER BY pos LIMIT $2) u ON true
     LEFT JOIN songs s ON s.id = u.id AND s.deleted_at IS NULL
     WHERE m.promoted
     ORDER BY u.pos`,
    [songId, limit],
  );
  if (!rows.length) return undefined;
  const items = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: Number(r.id),
      title: r.title!,
      artist: r.artist!,
      tj_no: r.tj_no,
      ky_no: r.ky_no,
      score: r.score!,
    }));
  return { version: rows[0].version, items, complete: limit >= rows[0].listed };
}

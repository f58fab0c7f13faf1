// Model versions and song vectors: Postgres keeps them (rec_models, song_vectors); the promoted model's vectors are
// served from their own index (vector-index.ts).
import type { Pool } from 'pg';
import { loadIndexDefinition } from '../platform/index-admin';
import type { ItemVectors } from './item2vec';
import { withTransaction } from '../platform/postgres';

/** mappings/song-vectors.json */
export const SONG_VECTORS_DEFINITION = 'song-vectors';

export interface SongVector {
  vector: number[];
  model_version: string;
}

export async function promotedModelVersion(pg: Pool): Promise<string | undefined> {
  return (await pg.query<{ version: string }>('SELECT version FROM rec_models WHERE promoted')).rows[0]?.version;
}

/** Vectors of the promoted model (or the given version) for these songs; songs without one are absent. */
export async function vectorsForSongs(pg: Pool, ids: number[], version?: string): Promise<Map<number, SongVector>> {
  if (!ids.length) return new Map();
  const { rows } = await pg.query<{ song_id: string; vector: number[]; model_version: string }>(
    `SELECT song_id, vector, model_version FROM song_vectors
     WHERE song_id = ANY($1::bigint[]) AND model_version = coalesce($2, (SELECT version FROM rec_models WHERE promoted))`,
    [ids, version ?? null],
  );
  return new Map(rows.map((r) => [Number(r.song_id), { vector: r.vector, model_version: r.model_version }]));
}

/** Every vector of one model version, as the training worker's ItemVectors (for comparing a new model with it). */
export async function loadModelVectors(pg: Pool, version: string): Promise<ItemVectors | undefined> {
  const { rows } = await pg.query<{ song_id: string; vector: number[]; occurrences: number }>(
    'SELECT song_id, vector, occurrences FROM song_vectors WHERE model_version = $1 ORDER BY song_id',
    [version],
  );
  if (!rows.length) return undefined;
  const dims = rows[0].vector.length;
  const vectors = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => vectors.set(r.vector, i * dims));
  return { dims, ids: rows.map((r) => Number(r.song_id)), vectors, counts: rows.map((r) => r.occurrences) };
}

export async function saveModel(
  pg: Pool,
  row: { version: string; params: unknown; metrics: unknown; stats: unknown },
  model: ItemVectors,
): Promise<void> {
  await withTransaction(pg, async (client) => {
    await client.query(
      'INSERT INTO rec_models (version, algorithm, params, metrics, stats) VALUES ($1, $2, $3, $4, $5)',
      [
        row.version,
        'item2vec-sgns',
        JSON.stringify(row.params),
        JSON.stringify(row.metrics),
        JSON.stringify(row.stats),
      ],
    );
    const CHUNK = 2000;
    for (let start = 0; start < model.ids.length; start += CHUNK) {
      const ids = model.ids.slice(start, start + CHUNK);
      const literals = ids.map(
        (_, i) =>
          `{${Array.from(model.vectors.subarray((start + i) * model.dims, (start + i + 1) * model.dims)).join(',')}}`,
      );
      await client.query(
        `INSERT INTO song_vectors (model_version, song_id, vector, occurrences)
         SELECT $1, id, v::real[], n FROM unnest($2::bigint[], $3::text[], $4::int[]) AS t(id, v, n)`,
        [row.version, ids, literals, model.counts.slice(start, start + CHUNK)],
      );
    }
  });
}

/** The dims of `vector` in mappings/song-vectors.json: vectors of any other size would be rejected by the index. */
export function mappedVectorDims(): number | undefined {
  const { mappings } = loadIndexDefinition(SONG_VECTORS_DEFINITION);
  const props = (mappings as { properties?: Record<string, { dims?: number }> }).properties ?? {};
  return props.vector?.dims;
}

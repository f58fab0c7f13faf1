// Model versions and song vectors: Postgres keeps them (rec_models, song_vectors); the promoted model's vectors are
// copied into the songs read model as `vector` + `model_version` for kNN.
import type { Client, estypes } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { aliasTargets, loadIndexDefinition } from '../platform/index-admin';
import { SONGS_FAMILY } from '../songs/constants';
import type { ItemVectors } from './item2vec';
import { withTransaction } from '../platform/postgres';

export interface SongVector { vector: number[]; model_version: string }

/**
 * The SQL the songs read model joins to carry the promoted vectors through a full rebuild or sync:
 *   LEFT JOIN song_vectors v ON v.song_id = s.id AND v.model_version = (SELECT version FROM rec_models WHERE promoted)
 * selecting v.vector, v.model_version.
 */
export const PROMOTED_VECTOR_JOIN = `LEFT JOIN song_vectors v ON v.song_id = s.id AND v.model_version = (SELECT version FROM rec_models WHERE promoted)`;

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
    'SELECT song_id, vector, occurrences FROM song_vectors WHERE model_version = $1 ORDER BY song_id', [version],
  );
  if (!rows.length) return undefined;
  const dims = rows[0].vector.length;
  const vectors = new Float32Array(rows.length * dims);
  rows.forEach((r, i) => vectors.set(r.vector, i * dims));
  return { dims, ids: rows.map((r) => Number(r.song_id)), vectors, counts: rows.map((r) => r.occurrences) };
}

export async function saveModel(pg: Pool, row: { version: string; params: unknown; metrics: unknown; stats: unknown }, model: ItemVectors): Promise<void> {
  await withTransaction(pg, async (client) => {
    await client.query('INSERT INTO rec_models (version, algorithm, params, metrics, stats) VALUES ($1, $2, $3, $4, $5)',
      [row.version, 'item2vec-sgns', JSON.stringify(row.params), JSON.stringify(row.metrics), JSON.stringify(row.stats)]);
    const CHUNK = 2000;
    for (let start = 0; start < model.ids.length; start += CHUNK) {
      const ids = model.ids.slice(start, start + CHUNK);
      const literals = ids.map((_, i) => `{${Array.from(model.vectors.subarray((start + i) * model.dims, (start + i + 1) * model.dims)).join(',')}}`);
      await client.query(
        `INSERT INTO song_vectors (model_version, song_id, vector, occurrences)
         SELECT $1, id, v::real[], n FROM unnest($2::bigint[], $3::text[], $4::int[]) AS t(id, v, n)`,
        [row.version, ids, literals, model.counts.slice(start, start + CHUNK)],
      );
    }
  });
}

/** The dims of `vector` in mappings/songs.json: vectors of any other size would be rejected by the index. */
export function mappedVectorDims(): number | undefined {
  const { mappings } = loadIndexDefinition(SONGS_FAMILY);
  const props = (mappings as { properties?: Record<string, { dims?: number }> }).properties ?? {};
  return props.vector?.dims;
}

export interface PushSummary { alias: string; updated: number; missing: number; cleared: number }

/**
 * Partial updates of {vector, model_version} into the live songs alias, then removes vectors of older versions.
 * Returns undefined when there is no songs index yet (the next rebuild joins the promoted vectors anyway).
 */
export async function pushVectorsToIndex(deps: Pick<Deps, 'es' | 'pg' | 'config'>, version: string, onProgress: (done: number) => void = () => undefined): Promise<PushSummary | undefined> {
  const alias = indexName(deps.config, SONGS_FAMILY);
  const targets = await aliasTargets(deps.es, alias);
  if (!targets.length) return undefined;
  let updated = 0;
  let missing = 0;
  let afterId = 0;
  const BATCH = 1000;
  for (;;) {
    const { rows } = await deps.pg.query<{ song_id: string; vector: number[] }>(
      'SELECT song_id, vector FROM song_vectors WHERE model_version = $1 AND song_id > $2 ORDER BY song_id LIMIT $3', [version, afterId, BATCH],
    );
    if (!rows.length) break;
    const operations = rows.flatMap((r) => [{ update: { _index: alias, _id: String(r.song_id) } }, { doc: { vector: r.vector, model_version: version } }]);
    const res = await deps.es.bulk({ operations, refresh: false });
    for (const item of res.items) {
      const r = item.update;
      if (!r?.error) updated++;
      else if (r.status === 404) missing++; // a vector for a song the index does not hold (deleted, not yet synced)
      else throw new Error(`vector update of song ${r._id} failed: ${JSON.stringify(r.error)}`);
    }
    afterId = Number(rows[rows.length - 1].song_id);
    onProgress(updated + missing);
  }
  const cleared = await clearOtherVersions(deps.es, alias, version);
  await deps.es.indices.refresh({ index: alias });
  return { alias, updated, missing, cleared };
}

/** Songs still carrying a vector from an older model (not in the new vocabulary) lose it: versions do not mix.
 * (Search + bulk scripted updates rather than _update_by_query, which needs the reindex module.) */
async function clearOtherVersions(es: Client, alias: string, version: string): Promise<number> {
  let cleared = 0;
  let after: estypes.SortResults | undefined;
  for (;;) {
    const res = await es.search({
      index: alias, size: 1000, _source: false, sort: [{ id: 'asc' }], search_after: after,
      query: { bool: { filter: [{ exists: { field: 'vector' } }], must_not: [{ term: { model_version: version } }] } },
    });
    const hits = res.hits.hits;
    if (!hits.length) return cleared;
    const operations = hits.flatMap((h) => [
      { update: { _index: h._index, _id: h._id } },
      { script: { source: "ctx._source.remove('vector'); ctx._source.remove('model_version')", lang: 'painless' } },
    ]);
    const bulk = await es.bulk({ operations, refresh: false });
    cleared += bulk.items.filter((i) => !i.update?.error).length;
    after = hits[hits.length - 1].sort;
  }
}

// The song-vectors read model: one physical index per promoted model behind the <prefix>song-vectors alias, holding
// each vector with what the kNN filters need (brands, artist key, occurrences). Built from Postgres by the shared
// rebuild (new index, count check, force-merge to one segment, then the alias swap, so the live alias keeps serving).
import type { Pool } from 'pg';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { rebuildIndex, type IndexFamily, type Progress, type RebuildSummary } from '../platform/index-admin';
import type { WarmupProfile } from '../platform/index-warmup';
import { SONG_VECTORS_DEFINITION } from './vectors';
import { artistKey } from './profile';

export const SONG_VECTORS_FAMILY = 'song-vectors';

interface VectorRow {
  id: number;
  vector: number[];
  occurrences: number;
  artist: string | null;
  deleted_at: Date | null;
  tj_no: string | null;
  ky_no: string | null;
  updated_at: Date;
}

/** The family of one model version's vectors (songs deleted from the catalog are left out). */
export function songVectorsFamily(version: string): IndexFamily<VectorRow> {
  return {
    name: SONG_VECTORS_FAMILY,
    definition: SONG_VECTORS_DEFINITION,
    maxSegments: 1,
    fetch: async (pg: Pool, afterId: number, limit: number) => {
      const { rows } = await pg.query<VectorRow>(
        `SELECT v.song_id AS id, v.vector, v.occurrences, s.artist, s.deleted_at, s.tj_no, s.ky_no, m.created_at AS updated_at
         FROM song_vectors v JOIN rec_models m ON m.version = v.model_version LEFT JOIN songs s ON s.id = v.song_id
         WHERE v.model_version = $1 AND v.song_id > $2 ORDER BY v.song_id LIMIT $3`,
        [version, afterId, limit],
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    },
    toDocument: (row) =>
      row.artist === null || row.deleted_at
        ? null
        : {
            id: row.id,
            model_version: version,
            vector: row.vector,
            brands: [...(row.tj_no ? ['tj'] : []), ...(row.ky_no ? ['ky'] : [])],
            artist_key: artistKey(row.artist),
            occurrences: row.occurrences,
          },
  };
}

export const songVectorsAlias = (config: Deps['config']): string => indexName(config, SONG_VECTORS_FAMILY);

/**
 * Builds the index of a model version's vectors and swaps the alias to it (old indices dropped). `beforeSwap` runs
 * while the alias serves both the old and the new index, so a reader on either model version finds its vectors;
 * `warmup` (vector-warmup.ts) runs before it, so the new index joins the alias warm.
 */
export function buildVectorIndex(
  deps: Pick<Deps, 'es' | 'pg' | 'config'> & Partial<Pick<Deps, 'logger'>>,
  version: string,
  onProgress?: Progress,
  beforeSwap?: () => Promise<void>,
  warmup?: WarmupProfile,
): Promise<RebuildSummary> {
  const alias = songVectorsAlias(deps.config);
  return rebuildIndex(deps, { ...songVectorsFamily(version), warmup }, onProgress, {
    beforeSwap:
      beforeSwap &&
      (async (index) => {
        await deps.es.indices.updateAliases({ actions: [{ add: { index, alias } }] });
        await beforeSwap();
      }),
  });
}

/** The model version the alias serves now (undefined without an alias or documents). */
export async function servedVectorVersion(deps: Pick<Deps, 'es' | 'config'>): Promise<string | undefined> {
  const alias = songVectorsAlias(deps.config);
  if (!(await deps.es.indices.existsAlias({ name: alias }))) return undefined;
  const res = await deps.es.search<{ model_version: string }>({ index: alias, size: 1, _source: ['model_version'] });
  return res.hits.hits[0]?._source?.model_version;
}

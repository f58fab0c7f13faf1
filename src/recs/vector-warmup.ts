// The song-vectors index's warm-up profile (platform/index-warmup.ts): the kNN request "for me" sends (buildKnnSearch),
// with vectors of the model each index holds (a query of another model's dimensions would be refused), with and
// without a brand filter, so the HNSW graph and doc values are read before promotion swaps the alias.
import type { estypes } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type { WarmupProfile } from '../platform/index-warmup';
import { BRANDS, type Brand } from '../core/brands';
import { buildKnnSearch } from './recommend';
import { KNN_CANDIDATES } from './ranking';

/** kNN requests per round */
export const VECTOR_WARMUP_QUERIES = 100;

/** A fixed pseudo-random sample of a model's vectors (the same songs every round and every run). */
export async function sampleModelVectors(
  pg: Pool,
  version: string,
  limit = VECTOR_WARMUP_QUERIES,
): Promise<number[][]> {
  const { rows } = await pg.query<{ vector: number[] }>(
    'SELECT vector FROM song_vectors WHERE model_version = $1 ORDER BY md5(song_id::text) LIMIT $2',
    [version, limit],
  );
  return rows.map((r) => r.vector);
}

/** One kNN request per vector, every third without a brand filter and the others filtered by each brand in turn. */
export function vectorWarmupRequests(vectors: number[][]): estypes.SearchRequest[] {
  const brands: Array<Brand | undefined> = [undefined, ...BRANDS];
  return vectors.map((v, i) => buildKnnSearch(v, { brand: brands[i % brands.length], candidates: KNN_CANDIDATES }));
}

export const songVectorsWarmup: WarmupProfile = {
  async requests(ctx, index) {
    const res = await ctx.es.search<{ model_version: string }>({ index, size: 1, _source: ['model_version'] });
    const version = res.hits.hits[0]?._source?.model_version;
    return version ? vectorWarmupRequests(await sampleModelVectors(ctx.pg, version)) : [];
  },
};

// What promoting a model means for serving, in order: neighbour lists computed and stored in Postgres, the model's
// vector index built and force-merged behind the song-vectors alias, and only then the promoted flag. The reindex
// script runs the same steps for the promoted model when its index or lists are missing.
import type { Deps } from '../platform/deps';
import type { RebuildSummary } from '../platform/index-admin';
import { withAdvisoryLock } from '../platform/advisory-lock';
import { withTransaction } from '../platform/postgres';
import { loadModelVectors, promotedModelVersion } from './vectors';
import { computeNeighbourLists, saveNeighbourLists } from './neighbours';
import { buildVectorIndex, servedVectorVersion } from './vector-index';
import { songVectorsWarmup } from './vector-warmup';

export type ServingStep = { step: 'neighbours'; done: number; total: number } | { step: 'indexing'; done: number };

export interface ServingSummary {
  version: string;
  neighbours: { songs: number; ms: number };
  index: RebuildSummary;
}

type ServingDeps = Pick<Deps, 'es' | 'pg' | 'config'> & Partial<Pick<Deps, 'logger'>>;

// promotion and the reindex script never build the serving data of two versions at once
const withServingLock = <T>(deps: ServingDeps, fn: () => Promise<T>) =>
  withAdvisoryLock(deps.pg, 'recs:serving', fn, { wait: true });

async function buildServing(
  deps: ServingDeps,
  version: string,
  onProgress: (s: ServingStep) => void,
  opts: { neighbours: boolean; beforeSwap?: () => Promise<void> },
): Promise<ServingSummary> {
  const started = Date.now();
  let songs = 0;
  if (opts.neighbours) {
    const model = await loadModelVectors(deps.pg, version);
    const lists = model
      ? await computeNeighbourLists(model, {
          onProgress: (done, total) => onProgress({ step: 'neighbours', done, total }),
        })
      : [];
    await saveNeighbourLists(deps.pg, version, lists);
    songs = lists.length;
  }
  const neighbourMs = Date.now() - started;
  // warmed with kNN requests before the alias serves it (issue 24)
  const index = await buildVectorIndex(
    deps,
    version,
    ({ done }) => onProgress({ step: 'indexing', done }),
    opts.beforeSwap,
    songVectorsWarmup,
  );
  return { version, neighbours: { songs, ms: neighbourMs }, index };
}

/** Makes a saved model the served one: its neighbour lists and vector index first, then the flag (older lists go). */
export function promoteModel(
  deps: ServingDeps,
  version: string,
  reason: string,
  onProgress: (s: ServingStep) => void = () => undefined,
): Promise<ServingSummary> {
  return withServingLock(deps, async () => {
    // the flag flips while the alias serves both models' vectors, so "for me" finds vectors of whichever version it read
    const flip = () =>
      withTransaction(deps.pg, async (client) => {
        await client.query('UPDATE rec_models SET promoted = false WHERE promoted');
        await client.query(
          'UPDATE rec_models SET promoted = true, promoted_at = now(), decision = $2 WHERE version = $1',
          [version, reason],
        );
      });
    const summary = await buildServing(deps, version, onProgress, { neighbours: true, beforeSwap: flip });
    await deps.pg.query('DELETE FROM song_neighbours WHERE model_version <> $1', [version]);
    return summary;
  });
}

/**
 * The reindex script's part for vectors: rebuilds the promoted model's vector index (always, or with onlyWhenMissing
 * only when the alias does not serve it) and computes its neighbour lists when Postgres has none.
 * Undefined when no model is promoted.
 */
export function rebuildServing(
  deps: ServingDeps,
  opts: { onlyWhenMissing?: boolean; onProgress?: (s: ServingStep) => void } = {},
): Promise<ServingSummary | 'current' | undefined> {
  return withServingLock(deps, async () => {
    const version = await promotedModelVersion(deps.pg);
    if (!version) return undefined;
    const listed = (await deps.pg.query('SELECT 1 FROM song_neighbours WHERE model_version = $1 LIMIT 1', [version]))
      .rowCount;
    if (opts.onlyWhenMissing && listed && (await servedVectorVersion(deps)) === version) return 'current';
    return buildServing(deps, version, opts.onProgress ?? (() => undefined), { neighbours: !listed });
  });
}

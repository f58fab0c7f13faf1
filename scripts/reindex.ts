// Rebuilds (default) or incrementally syncs (--sync) Elasticsearch read models from Postgres. song-vectors is the
// promoted model's vector index (with --sync only rebuilt when the alias does not serve that model).
// Usage: npx tsx scripts/reindex.ts [songs|products|song-vectors|all] [--sync]
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { rebuildIndex, syncIndex } from '../src/platform/index-admin';
import { indexFamilies } from '../src/families';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';
import { rebuildServing } from '../src/recs/promotion';
import { SONG_VECTORS_FAMILY } from '../src/recs/vector-index';
import type { Deps } from '../src/platform/deps';

async function reindexVectors(deps: Deps, sync: boolean) {
  const line = createProgressLine(process.stderr, '[reindex]');
  const s = await rebuildServing(deps, {
    onlyWhenMissing: sync,
    onProgress: (p) =>
      line.update(
        p.step === 'neighbours' ? `neighbour lists ${p.done}/${p.total}` : `${SONG_VECTORS_FAMILY}: ${p.done} vectors`,
      ),
  }).finally(() => line.done());
  if (!s) console.log(`[reindex] ${SONG_VECTORS_FAMILY}: no promoted model, nothing to build`);
  else if (s === 'current')
    console.log(`[reindex] ${SONG_VECTORS_FAMILY}: the alias already serves the promoted model`);
  else
    console.log(
      `[reindex] ${SONG_VECTORS_FAMILY}: ${s.index.indexed} vectors of ${s.version} into ${s.index.index} (force-merged) in ${s.index.ms} ms` +
        (s.neighbours.songs ? `; ${s.neighbours.songs} neighbour lists computed in ${s.neighbours.ms} ms` : ''),
    );
}

async function main() {
  const {
    flags: { sync },
    positionals,
  } = parseFlags({ sync: false });
  const target = positionals[0] ?? 'all';
  const known = [...Object.keys(indexFamilies), SONG_VECTORS_FAMILY];
  const names = target === 'all' ? known : [target];
  for (const n of names)
    if (!known.includes(n)) throw new Error(`unknown index "${n}" (known: ${known.join(', ')}, all)`);
  const deps = createDeps(loadConfig());
  try {
    for (const name of names) {
      if (name === SONG_VECTORS_FAMILY) {
        await reindexVectors(deps, sync);
        continue;
      }
      const family = indexFamilies[name];
      if (sync) {
        const s = await syncIndex(deps, family);
        console.log(
          `[reindex] ${name}: sync ${s.rebuilt ? '(no alias yet: full rebuild) ' : ''}upserted ${s.upserted}, deleted ${s.deleted} in ${s.ms} ms`,
        );
      } else {
        const line = createProgressLine(process.stderr, '[reindex]');
        const r = await rebuildIndex(deps, family, ({ done, elapsedMs }) => {
          line.update(`${name}: ${done} rows, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
        }).finally(() => line.done());
        console.log(
          `[reindex] ${name}: ${r.indexed} documents into ${r.index} (alias ${r.alias}) in ${r.ms} ms, ${r.docsPerSecond} docs/s; removed ${r.deletedIndices.length} old indices`,
        );
      }
    }
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[reindex] failed: ${err.message}`);
  process.exit(1);
});

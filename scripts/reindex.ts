// Rebuilds (default) or incrementally syncs (--sync) Elasticsearch read models from Postgres.
// Usage: npx tsx scripts/reindex.ts [songs|products|all] [--sync]
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/platform/deps';
import { rebuildIndex, syncIndex } from '../src/platform/index-admin';
import { indexFamilies } from '../src/families';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';

async function main() {
  const { flags: { sync }, positionals } = parseFlags({ sync: false });
  const target = positionals[0] ?? 'all';
  const names = target === 'all' ? Object.keys(indexFamilies) : [target];
  for (const n of names) if (!indexFamilies[n]) throw new Error(`unknown index "${n}" (known: ${Object.keys(indexFamilies).join(', ')}, all)`);
  const deps = createDeps(loadConfig());
  try {
    for (const name of names) {
      const family = indexFamilies[name];
      if (sync) {
        const s = await syncIndex(deps, family);
        console.log(`[reindex] ${name}: sync ${s.rebuilt ? '(no alias yet: full rebuild) ' : ''}upserted ${s.upserted}, deleted ${s.deleted} in ${s.ms} ms`);
      } else {
        const line = createProgressLine(process.stderr, '[reindex]');
        const r = await rebuildIndex(deps, family, ({ done, elapsedMs }) => {
          line.update(`${name}: ${done} rows, ${Math.round((done / Math.max(elapsedMs, 1)) * 1000)} docs/s`);
        }).finally(() => line.done());
        console.log(`[reindex] ${name}: ${r.indexed} documents into ${r.index} (alias ${r.alias}) in ${r.ms} ms, ${r.docsPerSecond} docs/s; removed ${r.deletedIndices.length} old indices`);
      }
    }
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => { console.error(`[reindex] failed: ${err.message}`); process.exit(1); });

// Loads the shipped sample data and builds the indices (used by `npm run local`).
import type { Deps } from '../src/platform/deps';
import { rebuildIndex } from '../src/platform/index-admin';
import { ingestProductDirectory } from '../src/products/catalog';
import { indexFamilies } from '../src/families';

export async function loadSamples(deps: Deps): Promise<void> {
  for (const s of await ingestProductDirectory(deps.pg)) console.log(`[samples] products ${JSON.stringify(s)}`);
  for (const family of Object.values(indexFamilies)) {
    const r = await rebuildIndex(deps, family);
    console.log(`[samples] ${family.name}: ${r.indexed} documents indexed into ${r.index} in ${r.ms} ms`);
  }
}

// Imports kibana/saved-objects.ndjson (data views, visualizations, dashboard) into Kibana.
// Usage: KIBANA_URL=http://127.0.0.1:5601 [KIBANA_SPACE=...] [KIBANA_AUTH="Basic ..."] npx tsx scripts/kibana-import.ts
import { loadConfig } from '../src/platform/config';
import { importSavedObjects, readSavedObjectsFile, withIndexPrefix } from '../src/searchlogs/kibana';

async function main() {
  const kibanaUrl = process.env.KIBANA_URL;
  if (!kibanaUrl) throw new Error('set KIBANA_URL, e.g. KIBANA_URL=http://127.0.0.1:5601');
  const config = loadConfig();
  const ndjson = withIndexPrefix(readSavedObjectsFile(), config.esIndexPrefix);
  const result = await importSavedObjects(kibanaUrl, ndjson, {
    space: process.env.KIBANA_SPACE,
    authorization: process.env.KIBANA_AUTH,
  });
  console.log(`[kibana-import] ${result.successCount} saved objects imported (index prefix ${config.esIndexPrefix})`);
  if (!result.success) {
    console.error(JSON.stringify(result.errors, null, 2));
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`[kibana-import] ${err.message}`);
  process.exit(1);
});

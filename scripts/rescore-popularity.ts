// Re-scores song popularity (events + charts) into Postgres and the live songs index, like the daily cron job.
// Usage: npx tsx scripts/rescore-popularity.ts
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { rescorePopularity } from '../src/songs/popularity';

async function main() {
  const deps = createDeps(loadConfig());
  try {
    const s = await rescorePopularity(deps, {
      onProgress: (msg) => process.stderr.write(`\r[popularity] ${msg}        `),
    });
    process.stderr.write('\n');
    console.log(
      `[popularity] ${s.scored} songs scored above 0 (highest raw score ${s.maxRaw.toFixed(1)}); ${s.changed} changed, ${s.updated} updated in the live index, ${s.missing} not indexed yet (${s.ms} ms)`,
    );
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[popularity] failed: ${err.message}`);
  process.exit(1);
});

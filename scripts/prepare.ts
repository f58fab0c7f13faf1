// Creates the database if needed, applies migrations, and (with --samples) loads the shipped sample data and
// builds the indices. With --fresh (tests) it starts from an empty database, index prefix and Redis prefix.
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { ensureDatabase, migrate } from '../src/platform/migrate';
import { deleteIndicesWithPrefix } from '../src/platform/index-admin';
import { loadSamples } from './samples';
import { parseFlags } from '../src/platform/cli-flags';

async function main() {
  const { flags } = parseFlags({ fresh: false, samples: false });
  const config = loadConfig();
  if (flags.fresh && config.env !== 'test') throw new Error('--fresh only runs with APP_ENV=test');
  await ensureDatabase(config.databaseUrl, { recreate: flags.fresh });
  const deps = createDeps(config);
  try {
    const applied = await migrate(deps.pg, (m) => console.log(`[prepare] ${m}`));
    console.log(`[prepare] migrations: ${applied.length} applied`);
    if (flags.fresh) {
      const deleted = await deleteIndicesWithPrefix(deps.es, config.esIndexPrefix);
      const keys = await deps.redis.eval(
        `local n=0 for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) n=n+1 end return n`,
        0,
        `${config.redisPrefix}*`,
      );
      console.log(`[prepare] removed ${deleted} test indices and ${keys} test redis keys`);
    }
    if (flags.samples) await loadSamples(deps);
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[prepare] failed: ${err.message}`);
  process.exit(1);
});

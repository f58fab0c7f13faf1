// Incremental merge at scale: `npx tsx scripts/bench-merge.ts --songs 1000000 --changes 1000 --rounds 3`.
// Loads the synthetic catalog of N songs once (full merge) into its own database, then ingests --rounds files of
// --changes changed entries each and times the ingest and its incremental merge. --verify runs a full merge at the
// end and checks it finds nothing left to change; --drop deletes the database afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { dropDatabase, ensureDatabase, migrate } from '../src/platform/migrate';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';
import { ingestSongFiles } from '../src/songs/ingest';
import { mergeCatalog } from '../src/songs/merge-store';
import { syntheticCatalog, syntheticCatalogChanges, type CatalogChange } from '../tools/synthetic/song-catalog';

async function main() {
  const { flags } = parseFlags({
    songs: 1_000_000,
    changes: 1000,
    rounds: 3,
    verify: false,
    drop: false,
    trace: false,
  });
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/norae_bench_index_merge_${flags.songs}`;
  const config = loadConfig({
    ...process.env,
    APP_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    ES_INDEX_PREFIX: 'norae_bench_index_',
    REDIS_PREFIX: 'norae:bench:index:',
  });
  await ensureDatabase(config.databaseUrl);
  const deps = createDeps(config);
  const line = createProgressLine(process.stderr, '[bench-merge]');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-bench-merge-'));
  const results: Array<Record<string, unknown>> = [];
  try {
    await migrate(deps.pg);
    const have = Number((await deps.pg.query('SELECT count(*) FROM catalog_entries')).rows[0].count);
    const merged = (await deps.pg.query('SELECT 1 FROM song_merge_state')).rowCount;
    if (!have || !merged) {
      const file = path.join(tmp, 'catalog.ndjson');
      const out = fs.createWriteStream(file);
      for (const e of syntheticCatalog(flags.songs)) out.write(JSON.stringify(e) + '\n');
      await new Promise((resolve) => out.end(resolve));
      await deps.pg.query(
        'TRUNCATE songs, catalog_entries, song_merge_state, catalog_entry_blocks, catalog_alias_edges RESTART IDENTITY CASCADE',
      );
      const t = Date.now();
      const r = await ingestSongFiles(deps.pg, [file], (m) => line.update(`load: ${m}`), { fullMerge: true });
      line.done();
      results.push({
        step: 'load + full merge',
        entries: r.merge?.entries,
        songs: r.merge?.songs,
        upsertMs: r.files[0].ms,
        mergeMs: r.merge?.ms,
        seconds: (Date.now() - t) / 1000,
      });
      console.error(`[bench-merge] ${JSON.stringify(results[results.length - 1])}`);
    }
    const entries = Number((await deps.pg.query('SELECT count(*) FROM catalog_entries')).rows[0].count);
    for (let round = 1; round <= flags.rounds; round++) {
      const percent = Math.min(100, (flags.changes * 300) / entries);
      const sample = (
        await deps.pg.query<CatalogChange>(
          `SELECT brand, no, title, singer FROM catalog_entries TABLESAMPLE SYSTEM (${percent})`,
        )
      ).rows;
      const newFrom = Number(
        (
          await deps.pg.query(
            `SELECT COALESCE(max(no::bigint), 60000000) + 1 AS n FROM catalog_entries WHERE no >= '60000000' AND length(no) = 8`,
          )
        ).rows[0].n,
      );
      const changes = syntheticCatalogChanges(sample, flags.changes, 1000 + round + newFrom, newFrom);
      const file = path.join(tmp, `changes-${round}.ndjson`);
      fs.writeFileSync(file, changes.map((c) => JSON.stringify(c)).join('\n') + '\n');
      const t = Date.now();
      const r = await ingestSongFiles(deps.pg, [file], (m) => {
        line.update(`round ${round}: ${m}`);
        if (flags.trace) console.error(`[bench-merge] +${Date.now() - t} ms round ${round}: ${m}`);
      });
      line.done();
      const m = r.merge;
      results.push({
        step: `round ${round}`,
        catalogEntries: entries,
        changedEntries: m?.changed,
        mode: m?.mode,
        replanned: m?.entries,
        created: m?.created,
        updated: m?.updated,
        deleted: m?.deleted,
        upsertMs: r.files[0].ms,
        mergeMs: m?.ms,
        seconds: (Date.now() - t) / 1000,
      });
      console.error(`[bench-merge] ${JSON.stringify(results[results.length - 1])}`);
    }
    if (flags.verify) {
      const full = await mergeCatalog(deps.pg, (m) => line.update(`verify: ${m}`));
      line.done();
      results.push({
        step: 'verify: full merge after the rounds',
        created: full.created,
        updated: full.updated,
        deleted: full.deleted,
        mergeMs: full.ms,
        same: full.created + full.updated + full.deleted === 0,
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await closeDeps(deps);
  }
  if (flags.drop) await dropDatabase(databaseUrl);
  console.log(JSON.stringify({ songs: flags.songs, changes: flags.changes, results }, null, 2));
}

main().catch((err) => {
  console.error(`[bench-merge] failed: ${err.message}`);
  process.exit(1);
});

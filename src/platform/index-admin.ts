// The Postgres -> Elasticsearch read-model machinery shared by every index family (songs, products):
// definitions loaded as-is from mappings/ and analyzers/, full rebuilds behind an alias swap, incremental syncs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Client } from '@elastic/elasticsearch';
import type { Pool, PoolClient } from 'pg';
import { indexName } from './elasticsearch';
import { withAdvisoryLock } from './advisory-lock';
import { projectPath } from './paths';
import { DocumentPool, bulkBodyOf, type BuiltBulk, type DocumentSource } from './document-pool';
import { warmBeforeSwap, type WarmupProfile, type WarmupSettings, type WarmupSummary } from './index-warmup';
import type { Logger } from './logger';

export function readJson<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(projectPath(relativePath), 'utf8')) as T;
}

/** mappings/<name>.json is a create-index body ({ settings, mappings }); analyzers/<analysis> is its settings.analysis. */
export function loadIndexDefinition(
  name: string,
  analysis?: string,
): { settings: Record<string, unknown>; mappings: Record<string, unknown> } {
  const def = readJson<{ settings?: Record<string, unknown>; mappings: Record<string, unknown> }>(
    `mappings/${name}.json`,
  );
  const settings: Record<string, unknown> = { ...(def.settings ?? {}) };
  if (analysis) settings.analysis = readJson(`analyzers/${analysis}`);
  return { settings, mappings: def.mappings };
}

/**
 * A digest of an index definition as the files give it (mappings, settings, analysis; not the cluster's shard and
 * replica overlay). A rebuild stamps it into the index's mapping _meta; a sync finding another one rebuilds, since
 * documents with new fields would be refused by a strict mapping, and changed analysis only applies to a new index.
 */
export function definitionDigest(definition: {
  settings: Record<string, unknown>;
  mappings: Record<string, unknown>;
}): string {
  return crypto.createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

/** Whether an index the alias points at was built from another definition than the family's files give now. */
async function builtFromAnotherDefinition(es: Client, alias: string, digest: string): Promise<boolean> {
  const mappings = await es.indices.getMapping({ index: alias });
  return Object.values(mappings).some(
    (m) => (m.mappings._meta as { definition?: string } | undefined)?.definition !== digest,
  );
}

/** Shard and replica counts from config (ES_SHARDS / ES_REPLICAS) overlaid on a definition's settings when set. */
export function withClusterSettings(
  settings: Record<string, unknown>,
  config: ClusterSettingsConfig,
): Record<string, unknown> {
  return {
    ...settings,
    ...(config.esShards === undefined ? {} : { number_of_shards: config.esShards }),
    ...(config.esReplicas === undefined ? {} : { number_of_replicas: config.esReplicas }),
  };
}
export interface ClusterSettingsConfig {
  esShards?: number;
  esReplicas?: number;
}

export interface IndexFamily<Row extends { id: number | string; updated_at: Date }> {
  /** alias base name, e.g. "songs"; the alias is <prefix>songs, physical indices <prefix>songs-<stamp> */
  name: string;
  /** mappings/<definition>.json */
  definition: string;
  /** analyzers/<analysis>, used as the index's settings.analysis */
  analysis?: string;
  /** rows with id > afterId (and updated_at > since when given), ordered by id, at most limit */
  fetch(pg: Pool, afterId: number, limit: number, since?: Date): Promise<Row[]>;
  /** the document for a row, or null when the row must not be in the index (deleted, hidden) */
  toDocument(row: Row): Record<string, unknown> | null;
  /** where worker threads find this family (its module and export), to build documents beside the main thread */
  documentSource?: DocumentSource;
  /** force-merge a full rebuild down to this many segments before the alias swap (the live alias serves meanwhile) */
  maxSegments?: number;
  /** the requests that warm a new index before the alias swap (index-warmup.ts); none: swapped in as built */
  warmup?: WarmupProfile;
}

/** The usual IndexFamily.fetch: keyset pagination by id over a SELECT, optionally only rows changed since a time. */
export function keysetFetch<Row extends { id: number | string }>(
  select: string,
  columns = { id: 'id', updatedAt: 'updated_at' },
) {
  return async (pg: Pool, afterId: number, limit: number, since?: Date): Promise<Row[]> => {
    const sql = since
      ? `${select} WHERE ${columns.id} > $1 AND ${columns.updatedAt} > $3 ORDER BY ${columns.id} LIMIT $2`
      : `${select} WHERE ${columns.id} > $1 ORDER BY ${columns.id} LIMIT $2`;
    const rows = (await pg.query<Row>(sql, since ? [afterId, limit, since] : [afterId, limit])).rows;
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  };
}

export interface IndexContext {
  es: Client;
  pg: Pool;
  config: { esIndexPrefix: string; indexWarmup?: WarmupSettings } & ClusterSettingsConfig;
  logger?: Pick<Logger, 'info' | 'warn'>;
}
export type Progress = (p: { done: number; elapsedMs: number }) => void;

export interface RebuildSummary {
  alias: string;
  index: string;
  indexed: number;
  skipped: number;
  ms: number;
  docsPerSecond: number;
  deletedIndices: string[];
  /** how the new index was warmed before the swap (absent: INDEX_WARMUP_MS=0 or a family without a profile) */
  warmup?: WarmupSummary;
}

const BATCH = 2000;
// bulks being written while the next ones are built: with 2 the write threads idled between bulks (50k songs on
// 2 cores: 1,171 docs/s), 4 keeps them busy (1,313-1,354 docs/s, same run; docs/benchmarks.md)
const BULKS_IN_FLIGHT = 4;
const BULK_TIMEOUT_MS = 120_000;
const FORCE_MERGE_TIMEOUT_MS = 30 * 60_000;
const FORCE_MERGE_POLL_MS = 1000;
const REPLICAS_TIMEOUT = '10m';

export interface RebuildOptions {
  /** document-building worker threads (default: cores - 1, at least 1, at most 4; 0 builds in the main thread) */
  workers?: number;
  /** rows per Postgres read and per bulk request */
  batchSize?: number;
  /** bulk requests Elasticsearch may be working on at once */
  bulksInFlight?: number;
  /** overrides the family's maxSegments (0: no force-merge) */
  maxSegments?: number;
  /** runs on the built index just before the alias swap (a failure leaves the live alias as it was) */
  beforeSwap?: (index: string) => Promise<void>;
  /** measurement only (scripts/bench-rebuild.ts): documents are indexed without these fields */
  omitFields?: string[];
}

export function defaultDocumentWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** Runs fn holding the family's index lock; fails fast when it is taken, or waits for it with { wait: true }. */
export function withFamilyLock<T>(
  pg: Pool,
  family: string,
  fn: () => Promise<T>,
  opts: { wait?: boolean } = {},
): Promise<T> {
  return withAdvisoryLock(pg, `index:${family}`, () => fn(), {
    ...opts,
    busyMessage: `another rebuild or sync of ${family} is running`,
  });
}

async function bulkWrite(
  es: Client,
  index: string,
  ops: Array<{ id: string; doc: Record<string, unknown> | null }>,
): Promise<void> {
  if (!ops.length) return;
  const operations: unknown[] = [];
  for (const op of ops) {
    if (op.doc) operations.push({ index: { _index: index, _id: op.id } }, op.doc);
    else operations.push({ delete: { _index: index, _id: op.id } });
  }
  await sendBulk(es, index, operations);
}

/** operations: the bulk actions and documents, or a ready NDJSON body (built in a worker) */
async function sendBulk(es: Client, index: string, operations: unknown[] | Uint8Array): Promise<void> {
  // a bulk of BATCH documents may take far longer than the client's search-sized timeout on a busy cluster
  const body =
    operations instanceof Uint8Array
      ? Buffer.from(operations.buffer, operations.byteOffset, operations.byteLength)
      : operations;
  const res = await es.bulk(
    { index, operations: body as unknown[], refresh: false },
    { requestTimeout: BULK_TIMEOUT_MS },
  );
  if (res.errors) {
    const failures = res.items
      .map((i) => Object.values(i)[0])
      .filter((r) => r?.error && !(r.status === 404 && r.result === 'not_found'));
    if (failures.length)
      throw new Error(
        `bulk write to ${index}: ${failures.length} failed, first: ${JSON.stringify(failures[0]?.error)}`,
      );
  }
}

/** Force-merges as a task and polls it: a merge takes minutes at 1M documents, longer than any one HTTP request may
 * wait (the client's connection enforces its own request timeout even when a call asks for a longer one). */
async function forceMerge(es: Client, index: string, maxSegments: number): Promise<void> {
  // nothing to merge (a small index): skip the merge queue, which the node runs one merge at a time
  const perShard = new Map<string, number>();
  for (const s of await es.cat.segments({ index, format: 'json' }))
    perShard.set(`${s.shard}/${s.prirep}`, (perShard.get(`${s.shard}/${s.prirep}`) ?? 0) + 1);
  if (Math.max(0, ...perShard.values()) <= maxSegments) return;
  const { task } = await es.indices.forcemerge({ index, max_num_segments: maxSegments, wait_for_completion: false });
  if (!task) return;
  const started = Date.now();
  for (;;) {
    const status = await es.tasks.get({ task_id: String(task) });
    if (status.completed) {
      if (status.error) throw new Error(`force-merge of ${index} failed: ${JSON.stringify(status.error)}`);
      return;
    }
    if (Date.now() - started > FORCE_MERGE_TIMEOUT_MS)
      throw new Error(`force-merge of ${index} still running after ${FORCE_MERGE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, FORCE_MERGE_POLL_MS));
  }
}

export async function aliasTargets(es: Client, alias: string): Promise<string[]> {
  const exists = await es.indices.existsAlias({ name: alias });
  if (!exists) return [];
  return Object.keys(await es.indices.getAlias({ name: alias }));
}

/**
 * Builds a new physical index from Postgres, checks its count, force-merges it, waits for its replicas, warms it with
 * the family's warm-up profile until it answers as fast as the old one (index-warmup.ts), swaps the
 * alias atomically, drops the old ones. Reads, document building (worker threads) and bulk indexing overlap.
 */
export async function rebuildIndex<Row extends { id: number | string; updated_at: Date }>(
  ctx: IndexContext,
  family: IndexFamily<Row>,
  onProgress: Progress = () => undefined,
  opts: RebuildOptions = {},
): Promise<RebuildSummary> {
  return withFamilyLock(ctx.pg, family.name, async () => {
    const started = Date.now();
    const alias = indexName(ctx.config, family.name);
    const index = `${alias}-${new Date()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 17)
      .toLowerCase()}`;
    const snapshotAt = await syncWatermark(ctx.pg);
    const definition = loadIndexDefinition(family.definition, family.analysis);
    const settings = withClusterSettings(definition.settings, ctx.config);
    const mappings = {
      ...definition.mappings,
      _meta: { ...(definition.mappings._meta as object | undefined), definition: definitionDigest(definition) },
    };
    const batchSize = opts.batchSize ?? BATCH;
    // the build writes primaries only, unrefreshed, with an async translog: replicas then copy the finished (merged)
    // segments, and a failed build (a lost node included) is deleted and leaves the alias where it was
    await ctx.es.indices.create({
      index,
      mappings,
      settings: { ...settings, refresh_interval: '-1', number_of_replicas: 0, 'index.translog.durability': 'async' },
    });
    let indexed = 0;
    let skipped = 0;
    let pool: DocumentPool | null = null;
    let warmup: WarmupSummary | undefined;
    try {
      let afterId = 0;
      const workers = family.documentSource ? (opts.workers ?? defaultDocumentWorkers()) : 0;
      const inFlight: Promise<void>[] = [];
      const maxInFlight = workers + (opts.bulksInFlight ?? BULKS_IN_FLIGHT);
      for (let batchNo = 0; ; batchNo++) {
        const rows = await family.fetch(ctx.pg, afterId, batchSize);
        if (!rows.length) break;
        afterId = Number(rows[rows.length - 1].id);
        // workers pay off from the second full batch on (small families and test catalogs never start them)
        if (!pool && workers > 0 && batchNo === 1)
          pool = new DocumentPool(family.documentSource!, workers, opts.omitFields);
        const built: Promise<BuiltBulk> = pool
          ? pool.build(rows)
          : Promise.resolve().then(() => bulkBodyOf(family.toDocument as never, rows, opts.omitFields));
        const written = built.then(async (b) => {
          if (b.docs) await sendBulk(ctx.es, index, b.body);
          indexed += b.docs;
          skipped += b.skipped;
          onProgress({ done: indexed + skipped, elapsedMs: Date.now() - started });
        });
        written.catch(() => undefined); // handled when awaited below; avoids an unhandled-rejection crash meanwhile
        inFlight.push(written);
        if (inFlight.length >= maxInFlight) await inFlight.shift();
      }
      await Promise.all(inFlight);
      // the first refresh of a large unrefreshed index writes every segment: far longer than a search-sized timeout
      await ctx.es.indices.refresh({ index }, { requestTimeout: BULK_TIMEOUT_MS });
      const { count } = await ctx.es.count({ index });
      if (count !== indexed)
        throw new Error(
          `count check failed for ${index}: Postgres gave ${indexed} documents, Elasticsearch holds ${count}`,
        );
      const segments = opts.maxSegments ?? family.maxSegments ?? 0;
      if (segments > 0) await forceMerge(ctx.es, index, segments);
      await ctx.es.indices.putSettings({
        index,
        timeout: '2m',
        settings: {
          refresh_interval: (settings.refresh_interval as string) ?? '1s',
          number_of_replicas: Number(settings.number_of_replicas ?? 0),
          'index.translog.durability': 'request',
        },
      });
      // the alias moves only to an index whose replicas are all allocated
      const health = await ctx.es.cluster.health(
        { index, wait_for_status: 'green', timeout: REPLICAS_TIMEOUT },
        { requestTimeout: 660_000 },
      );
      if (health.timed_out)
        throw new Error(`replicas of ${index} were not allocated within ${REPLICAS_TIMEOUT} (status ${health.status})`);
      // before beforeSwap too: a vector promotion adds the new index to the alias there, and live reads would find it cold
      const serving = (await aliasTargets(ctx.es, alias)).find((i) => i !== index);
      warmup = await warmBeforeSwap(ctx, family.warmup, ctx.config.indexWarmup, { index, old: serving });
      await opts.beforeSwap?.(index);
    } catch (err) {
      await ctx.es.indices.delete({ index }).catch(() => undefined);
      throw err;
    } finally {
      await pool?.close();
    }
    const old = await aliasTargets(ctx.es, alias);
    await ctx.es.indices.updateAliases({
      actions: [...old.map((o) => ({ remove: { index: o, alias } })), { add: { index, alias, is_write_index: true } }],
    });
    // indices of this family that the alias no longer points at (old builds, failed builds)
    const all = Object.keys(
      await ctx.es.indices.get({ index: `${alias}-*`, allow_no_indices: true, expand_wildcards: 'open' }),
    );
    const stale = all.filter((i) => i !== index);
    for (const s of stale) await ctx.es.indices.delete({ index: s }).catch(() => undefined);
    await ctx.pg.query(
      `INSERT INTO index_sync_state (family, synced_until, physical_index) VALUES ($1, $2, $3)
       ON CONFLICT (family) DO UPDATE SET synced_until = EXCLUDED.synced_until, physical_index = EXCLUDED.physical_index, updated_at = now()`,
      [family.name, snapshotAt, index],
    );
    const ms = Date.now() - started;
    return {
      alias,
      index,
      indexed,
      skipped,
      ms,
      docsPerSecond: Math.round((indexed / Math.max(ms, 1)) * 1000),
      deletedIndices: stale,
      ...(warmup && { warmup }),
    };
  });
}

export interface SyncSummary {
  alias: string;
  upserted: number;
  deleted: number;
  since: string | null;
  rebuilt: boolean;
  ms: number;
}

// Rows committed slightly after our watermark was read still get picked up next time; upserts are idempotent.
const SYNC_OVERLAP_MS = 5000;

/**
 * How far a read made now is known to be complete: now(), held back to the start of the oldest transaction still
 * open in this database, because its rows (stamped updated_at = now() = its start) are invisible to us until it
 * commits. Without this a minutes-long catalog merge committing after a sync would be skipped for good.
 */
export async function syncWatermark(pg: Pool | PoolClient): Promise<Date> {
  const res = await pg.query<{ watermark: Date }>(
    `SELECT LEAST(now(), COALESCE(min(xact_start), now())) - interval '1 millisecond' AS watermark
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND backend_type = 'client backend'`,
  );
  return res.rows[0].watermark;
}

/**
 * Applies rows changed since the last sync (or rebuild) to the live alias; rebuilds when there is no alias yet, or
 * when the live index was built from another definition (mappings/ or analyzers/ changed since: definitionDigest).
 */
export async function syncIndex<Row extends { id: number | string; updated_at: Date }>(
  ctx: IndexContext,
  family: IndexFamily<Row>,
  opts: { overlapMs?: number } = {},
): Promise<SyncSummary> {
  const alias = indexName(ctx.config, family.name);
  const state = await ctx.pg.query<{ synced_until: Date }>(
    'SELECT synced_until FROM index_sync_state WHERE family = $1',
    [family.name],
  );
  const digest = definitionDigest(loadIndexDefinition(family.definition, family.analysis));
  if (
    !state.rowCount ||
    !(await ctx.es.indices.existsAlias({ name: alias })) ||
    (await builtFromAnotherDefinition(ctx.es, alias, digest))
  ) {
    const r = await rebuildIndex(ctx, family);
    return { alias, upserted: r.indexed, deleted: 0, since: null, rebuilt: true, ms: r.ms };
  }
  return withFamilyLock(ctx.pg, family.name, async () => {
    const started = Date.now();
    const since = new Date(state.rows[0].synced_until.getTime() - (opts.overlapMs ?? SYNC_OVERLAP_MS));
    const syncStartedAt = await syncWatermark(ctx.pg);
    let upserted = 0;
    let deleted = 0;
    let afterId = 0;
    for (;;) {
      const rows = await family.fetch(ctx.pg, afterId, BATCH, since);
      if (!rows.length) break;
      const ops = rows.map((row) => ({ id: String(row.id), doc: family.toDocument(row) }));
      await bulkWrite(ctx.es, alias, ops);
      for (const op of ops) op.doc ? upserted++ : deleted++;
      afterId = Number(rows[rows.length - 1].id);
    }
    if (upserted + deleted) await ctx.es.indices.refresh({ index: alias });
    await ctx.pg.query('UPDATE index_sync_state SET synced_until = $2, updated_at = now() WHERE family = $1', [
      family.name,
      syncStartedAt,
    ]);
    return { alias, upserted, deleted, since: since.toISOString(), rebuilt: false, ms: Date.now() - started };
  });
}

/** Test/reset helper: deletes every index whose name starts with the prefix (names resolved first, no wildcard delete). */
export async function deleteIndicesWithPrefix(es: Client, prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete indices with an empty prefix');
  const found = Object.keys(
    await es.indices.get({ index: `${prefix}*`, allow_no_indices: true, expand_wildcards: 'all' }),
  );
  for (const index of found) await es.indices.delete({ index });
  return found.length;
}

// Safe catalog sync: a brand's listing is walked page by page into a staging table (a crashed walk resumes from its
// checkpoint), then compared with what Postgres holds, then applied in one transaction (entries, provenance,
// withdrawals) and merged, or refused with the reason when the listing is too small or the walk hit an error.
// Works with any CatalogSource (src/catalogs/source.ts): the brand sites, saved dumps, or a test's arrays.
import type { Pool, PoolClient } from 'pg';
import { withAdvisoryLock, lockForTransaction } from '../platform/advisory-lock';
import { withTransaction } from '../platform/postgres';
import type { CatalogEntry } from '../songs/catalog-entry';
import type { Brand } from '../core/brands';
import { mergeCatalogChanges } from '../songs/merge-store';
import { deliverArrivals } from '../arrivals/watches';
import { recordProvenance } from './provenance';
import { badReasonOf, needsDetails } from './row-checks';
import {
  DEFAULT_SYNC_POLICY,
  planSync,
  refusalOf,
  type HeldEntry,
  type StagedRow,
  type SyncPlan,
  type SyncPolicy,
} from './sync-plan';
import type { SyncKind, SyncReport, SyncStatus } from './sync-report';
import { SourceError, type CatalogSource, type SourcePage, type SourceSong } from './source';

/** What a run walks: a brand's pages, where they come from (the provenance name), and how to complete cut rows. */
export interface Listing {
  brand: Brand;
  kind: SyncKind;
  /** provenance name of the listing's rows ('tj-api', 'ky-book', 'ky-player', 'ky-dump', ...) */
  source: string;
  /** provenance name of detail answers ('ky-detail', ...) */
  detailSource: string;
  /** a walk can go on from a checkpoint after a crash (full listings of a site) */
  resumable: boolean;
  pages(resumeFrom: string | null): AsyncIterable<SourcePage>;
  details?(no: string): Promise<SourceSong | null>;
}

export const SOURCE_NAMES: Readonly<Record<Brand, { full: string; new: string; dump: string; detail: string }>> = {
  tj: { full: 'tj-api', new: 'tj-api', dump: 'tj-dump', detail: 'tj-detail' },
  ky: { full: 'ky-book', new: 'ky-player', dump: 'ky-dump', detail: 'ky-detail' },
};

/** The brand's whole catalog, as its site lists it. */
export function fullListing(source: CatalogSource): Listing {
  const names = SOURCE_NAMES[source.brand];
  return {
    brand: source.brand,
    kind: 'full',
    source: names.full,
    detailSource: names.detail,
    resumable: true,
    pages: (resumeFrom) => source.listAll(resumeFrom),
    details: (no) => source.details(no),
  };
}

/** The songs published on or after `day`: added and changed, never withdrawn. "No data" is an empty page. */
export function newSongsListing(source: CatalogSource, day: string): Listing {
  const names = SOURCE_NAMES[source.brand];
  return {
    brand: source.brand,
    kind: 'new',
    source: names.new,
    detailSource: names.detail,
    resumable: false,
    async *pages() {
      try {
        yield await source.newSince(day);
      } catch (err) {
        if (!(err instanceof SourceError && err.kind === 'no_data')) throw err;
        yield { songs: [], rejected: [], next: null, label: `no songs since ${day}` };
      }
    },
    details: (no) => source.details(no),
  };
}

/**
 * A saved dump (a TJ answer, a KY CSV): added and changed, never withdrawn (a dump may be old or partial). Read from
 * the start each time (a local file is quick to read again, and another file must not resume this one's walk).
 */
export function dumpListing(brand: Brand, read: () => AsyncIterable<SourcePage>, detailsFrom?: CatalogSource): Listing {
  const names = SOURCE_NAMES[brand];
  return {
    brand,
    kind: 'dump',
    source: names.dump,
    detailSource: names.detail,
    resumable: false,
    pages: () => read(),
    details: detailsFrom ? (no) => detailsFrom.details(no) : undefined,
  };
}

export interface SyncOptions {
  /** walk and compare, print what would change, change nothing but the run record */
  dryRun?: boolean;
  /**
   * auto (default): go on from an interrupted walk of the same brand and kind begun within resumeWithinMs;
   * require: only that (an error when there is none, however old); never: start over.
   */
  resume?: 'auto' | 'require' | 'never';
  resumeWithinMs?: number;
  policy?: Partial<SyncPolicy>;
  onProgress?: (msg: string) => void;
  /** how many added / changed / withdrawn songs the report shows */
  sampleSize?: number;
}

export class NothingToResumeError extends Error {}

const DAY_MS = 24 * 3600_000;
const WRITE_BATCH = 5000;
const RAW_JSON_CHARS = 4000;

interface RunRow {
  id: string;
  source: string;
  started_at: Date;
  pages: number;
  checkpoint: string | null;
  walked_at: Date | null;
  detail_calls: number;
}

/** Runs one sync of a listing; one run per brand at a time (another one waiting is an error, not a queue). */
export async function syncCatalog(pg: Pool, listing: Listing, opts: SyncOptions = {}): Promise<SyncReport> {
  const started = Date.now();
  const policy = { ...DEFAULT_SYNC_POLICY, ...opts.policy };
  const log = opts.onProgress ?? (() => undefined);
  return withAdvisoryLock(
    pg,
    `catalog-sync:${listing.brand}`,
    async () => {
      const { run, resumed } = await openRun(pg, listing, opts);
      const report = emptyReport(Number(run.id), listing, Boolean(opts.dryRun), resumed);
      report.pages = run.pages;
      report.detailCalls = run.detail_calls;
      const finish = async (status: SyncStatus) => {
        report.status = status;
        report.ms = Date.now() - started;
        await finishRun(pg, report);
        return report;
      };
      try {
        if (!run.walked_at) {
          if (resumed) log(`resuming run ${run.id} after ${run.pages} stored pages`);
          const failure = await walkListing(pg, run, listing, report, log);
          if (failure) {
            report.refusal = failure;
            return await finish('failed');
          }
        }
        log('comparing the listing with the catalog');
        const held = await heldEntries(pg, listing.brand);
        const plan = planSync(await stagedRows(pg, report.runId), held, {
          brand: listing.brand,
          kind: listing.kind,
          policy,
        });
        report.baseline = listing.kind === 'full' ? await lastListingSize(pg, listing.brand) : null;
        fillCounts(report, plan, held, opts.sampleSize ?? 10);
        report.refusal = refusalOf(listing.kind, plan.listingSize, report.baseline, policy);
        if (report.refusal || opts.dryRun) {
          await dropStaging(pg, report.runId);
          return await finish(report.refusal ? 'refused' : 'dry_run');
        }
        await withTransaction(pg, async (c) => {
          await c.query("SET LOCAL statement_timeout = '15min'"); // a first import writes the whole catalog at once
          await applyPlan(c, listing, plan, report, log);
          await dropStaging(c, report.runId);
          await finishRun(c, { ...report, status: 'applied', ms: Date.now() - started });
        });
        report.status = 'applied';
        log(
          `applied: ${report.added} added, ${report.changed} changed, ${report.withdrawn} withdrawn, ${report.restored} restored`,
        );
        if (report.added + report.changed > 0 || (await mergePending(pg)))
          report.merge = await mergeCatalogChanges(pg, log);
        // every time, not only after changes: one aggregate, and it heals a run whose bookkeeping failed after applying
        Object.assign(report, await syncSongWithdrawals(pg));
        if (report.merge) report.arrivals = (await deliverArrivals(pg)).delivered; // singers waiting for these songs hear now
        return await finish('applied');
      } catch (err) {
        // before the apply committed nothing changed: the run failed; after it, the entries stand and the merge catches up next time
        if (report.status === 'running') {
          report.refusal = `stopped by an error: ${(err as Error).message}`;
          await finish('failed').catch(() => undefined);
        } else {
          report.error = `applied, then: ${(err as Error).message}`;
          await finish(report.status).catch(() => undefined);
        }
        throw err;
      }
    },
    { busyMessage: `a ${listing.brand} catalog sync is already running` },
  );
}

function emptyReport(runId: number, listing: Listing, dryRun: boolean, resumed: boolean): SyncReport {
  return {
    runId,
    brand: listing.brand,
    kind: listing.kind,
    source: listing.source,
    dryRun,
    status: 'running',
    resumed,
    pages: 0,
    listingSize: 0,
    baseline: null,
    added: 0,
    changed: 0,
    unchanged: 0,
    missing: 0,
    withdrawn: 0,
    restored: 0,
    bad: 0,
    badReasons: {},
    warnings: {},
    detailCalls: 0,
    provenanceRows: 0,
    refusal: null,
    merge: null,
    songsWithdrawn: 0,
    songsRestored: 0,
    samples: { added: [], changed: [], withdrawn: [] },
    error: null,
    ms: 0,
  };
}

/** The interrupted run to go on with, or a new one (earlier interrupted runs of this kind are closed as failed). */
async function openRun(pg: Pool, listing: Listing, opts: SyncOptions): Promise<{ run: RunRow; resumed: boolean }> {
  const mode = opts.resume ?? 'auto';
  const dryRun = Boolean(opts.dryRun);
  const columns = 'id, source, started_at, pages, checkpoint, walked_at, detail_calls';
  // only the latest run of the kind can be going on: a walk started over left the older ones behind
  const prev = (
    await pg.query<RunRow & { status: string }>(
      `SELECT ${columns}, status FROM catalog_sync_runs WHERE brand = $1 AND kind = $2 AND dry_run = $3 ORDER BY id DESC LIMIT 1`,
      [listing.brand, listing.kind, dryRun],
    )
  ).rows[0];
  const resumable = Boolean(
    prev &&
    (prev.status === 'running' || prev.status === 'failed') &&
    listing.resumable &&
    prev.source === listing.source,
  );
  if (mode === 'require' && !resumable)
    throw new NothingToResumeError(`no interrupted ${listing.brand} ${listing.kind} walk to resume`);
  const recent = resumable && Date.now() - prev.started_at.getTime() <= (opts.resumeWithinMs ?? DAY_MS);
  const resume = resumable && (mode === 'require' || (mode === 'auto' && recent));
  // we hold the brand's lock: a run still marked running died with its process
  await pg.query(
    `UPDATE catalog_sync_runs SET status = 'failed', finished_at = now(), refusal = 'interrupted (the process stopped)'
     WHERE brand = $1 AND status = 'running' AND id <> $2`,
    [listing.brand, resume ? prev.id : 0],
  );
  if (resume) {
    const run = (
      await pg.query<RunRow>(
        `UPDATE catalog_sync_runs SET status = 'running', resumed = resumed + 1, finished_at = NULL, refusal = NULL WHERE id = $1 RETURNING ${columns}`,
        [prev.id],
      )
    ).rows[0];
    return { run, resumed: true };
  }
  // the walks left behind are not going on: their staged pages go
  await pg.query(
    `DELETE FROM catalog_sync_staging WHERE run_id IN (SELECT id FROM catalog_sync_runs WHERE brand = $1 AND kind = $2 AND dry_run = $3 AND status = 'failed')`,
    [listing.brand, listing.kind, dryRun],
  );
  const run = (
    await pg.query<RunRow>(
      `INSERT INTO catalog_sync_runs (brand, kind, source, dry_run, status) VALUES ($1, $2, $3, $4, 'running') RETURNING ${columns}`,
      [listing.brand, listing.kind, listing.source, dryRun],
    )
  ).rows[0];
  return { run, resumed: false };
}

interface StageRow {
  role: StagedRow['role'];
  no: string | null;
  song: string | null;
  reason: string | null;
  raw: string | null;
}

/** JSON Postgres accepts (jsonb refuses \u0000), cut to a readable size (then kept as a JSON string). */
function storableJson(value: unknown): string {
  const json = (JSON.stringify(value) ?? 'null').replace(/\\u0000/g, '\\\\u0000');
  return json.length <= RAW_JSON_CHARS ? json : JSON.stringify(json.slice(0, RAW_JSON_CHARS));
}

/**
 * Walks from the run's checkpoint, completing cut rows from their detail pages and storing each page with its
 * checkpoint in one transaction. Returns why the walk stopped early (the run changes nothing), or null.
 */
async function walkListing(
  pg: Pool,
  run: RunRow,
  listing: Listing,
  report: SyncReport,
  log: (msg: string) => void,
): Promise<string | null> {
  const brand = listing.brand;
  const asked = new Set<string>();
  let label = run.checkpoint ? `the page after checkpoint ${run.checkpoint}` : 'the first page';
  try {
    for await (const page of listing.pages(run.checkpoint)) {
      label = page.label;
      const rows: StageRow[] = [];
      const cut = page.songs.filter((s) => s.mayBeCut && !badReasonOf(s, brand)).map((s) => s.no.trim());
      const held =
        cut.length && listing.details
          ? await heldTexts(pg, brand, cut)
          : new Map<string, { title: string; singer: string }>();
      let calls = 0;
      for (const song of page.songs) {
        const reason = badReasonOf(song, brand);
        const no = typeof song.no === 'string' ? song.no.trim() : null;
        if (reason || !no) {
          rows.push({ role: 'rejected', no, reason: reason ?? 'no_number', song: null, raw: storableJson(song) });
          continue;
        }
        rows.push({ role: 'listing', no, song: JSON.stringify(song), reason: null, raw: null });
        if (listing.details && needsDetails(song, held.get(no)) && !asked.has(no)) {
          asked.add(no);
          calls++;
          let detail: SourceSong | null = null;
          let unreadable: unknown = null;
          try {
            detail = await listing.details(no);
          } catch (err) {
            // the page answered but its row cannot be stored (a 5,000-character artist): that song's bad row, not a broken walk
            if (!(err instanceof SourceError && err.kind === 'bad_row')) throw err;
            unreadable = { reason: err.details.reason, row: err.details.row };
          }
          const raw = detail ?? unreadable;
          rows.push({
            role: 'detail',
            no,
            song: detail && !badReasonOf(detail, brand) ? JSON.stringify(detail) : null,
            reason: null,
            raw: raw ? storableJson(raw) : null,
          });
        }
      }
      for (const r of page.rejected)
        rows.push({ role: 'rejected', no: null, reason: r.reason, song: null, raw: storableJson(r.raw) });
      await stagePage(pg, run.id, report.pages, rows, page.next, calls);
      report.pages++;
      report.detailCalls += calls;
      log(
        `${label}: page ${report.pages} stored (${page.songs.length} rows, ${page.rejected.length} rejected), ${report.detailCalls} detail calls`,
      );
    }
    await pg.query('UPDATE catalog_sync_runs SET walked_at = COALESCE(walked_at, now()) WHERE id = $1', [run.id]);
    return null;
  } catch (err) {
    const what = err instanceof SourceError ? `${err.kind}: ${err.message}` : (err as Error).message;
    return `the walk stopped at ${label} after ${report.pages} stored pages (${what}); the next sync resumes from the checkpoint`;
  }
}

async function stagePage(
  pg: Pool,
  runId: string,
  page: number,
  rows: StageRow[],
  next: string | null,
  detailCalls: number,
): Promise<void> {
  await withTransaction(pg, async (c) => {
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      const batch = rows.slice(i, i + WRITE_BATCH);
      await c.query(
        `INSERT INTO catalog_sync_staging (run_id, page, pos, role, no, song, reason, raw)
         SELECT $1, $2, x.pos, x.role, x.no, x.song::jsonb, x.reason, x.raw::jsonb
         FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(pos, role, no, song, reason, raw)`,
        [
          runId,
          page,
          batch.map((_, j) => i + j),
          batch.map((r) => r.role),
          batch.map((r) => r.no),
          batch.map((r) => r.song),
          batch.map((r) => r.reason),
          batch.map((r) => r.raw),
        ],
      );
    }
    await c.query(
      `UPDATE catalog_sync_runs SET pages = pages + 1, checkpoint = $2, detail_calls = detail_calls + $3,
         walked_at = CASE WHEN $2::text IS NULL THEN now() END WHERE id = $1`,
      [runId, next, detailCalls],
    );
  });
}

async function stagedRows(pg: Pool, runId: number): Promise<StagedRow[]> {
  const res = await pg.query<{
    role: StagedRow['role'];
    no: string | null;
    song: SourceSong | null;
    reason: string | null;
    raw: unknown;
    fetched_at: Date;
  }>('SELECT role, no, song, reason, raw, fetched_at FROM catalog_sync_staging WHERE run_id = $1 ORDER BY page, pos', [
    runId,
  ]);
  return res.rows.map((r): StagedRow => {
    if (r.role === 'listing') return { role: 'listing', song: r.song!, fetchedAt: r.fetched_at };
    if (r.role === 'detail')
      return r.song || !r.raw
        ? { role: 'detail', no: r.no!, song: r.song, fetchedAt: r.fetched_at }
        : { role: 'rejected', no: r.no, reason: 'detail_unusable', raw: r.raw, fetchedAt: r.fetched_at };
    return { role: 'rejected', no: r.no, reason: r.reason ?? 'rejected', raw: r.raw, fetchedAt: r.fetched_at };
  });
}

async function heldTexts(
  pg: Pool,
  brand: Brand,
  nos: string[],
): Promise<Map<string, { title: string; singer: string }>> {
  const res = await pg.query<{ no: string; title: string; singer: string }>(
    'SELECT no, title, singer FROM catalog_entries WHERE brand = $1 AND no = ANY($2::text[])',
    [brand, nos],
  );
  return new Map(res.rows.map((r) => [r.no, r]));
}

async function heldEntries(pg: Pool, brand: Brand): Promise<Map<string, HeldEntry>> {
  const res = await pg.query<HeldEntry>(
    `SELECT no, title, singer, composer, lyricist, to_char(release, 'YYYY-MM-DD') AS release,
            nation, title_reading, singer_reading, sub_title,
            withdrawn_at IS NOT NULL AS withdrawn, missing_listings AS "missingListings"
     FROM catalog_entries WHERE brand = $1`,
    [brand],
  );
  return new Map(res.rows.map((r) => [r.no, r]));
}

/**
 * What a new full listing is held against: the size of the brand's last applied full listing, or before the first
 * one, of the last applied dump (the first import often is a dump).
 */
async function lastListingSize(pg: Pool, brand: Brand): Promise<number | null> {
  const res = await pg.query<{ listing_size: number }>(
    `SELECT listing_size FROM catalog_sync_runs WHERE brand = $1 AND kind IN ('full', 'dump') AND status = 'applied' AND NOT dry_run
     ORDER BY kind = 'full' DESC, id DESC LIMIT 1`,
    [brand],
  );
  return res.rows[0]?.listing_size ?? null;
}

function fillCounts(report: SyncReport, plan: SyncPlan, held: Map<string, HeldEntry>, samples: number): void {
  Object.assign(report, {
    listingSize: plan.listingSize,
    added: plan.added.length,
    changed: plan.changed.length,
    unchanged: plan.unchanged,
    missing: plan.missing.length,
    withdrawn: plan.toWithdraw.length,
    restored: plan.restored.length,
    bad: plan.bad.total,
    badReasons: plan.bad.toJSON(),
    warnings: plan.warnings.toJSON(),
  });
  const brief = (e: { no: string; title: string; singer: string }) => ({ no: e.no, title: e.title, singer: e.singer });
  report.samples = {
    added: plan.added.slice(0, samples).map(brief),
    changed: plan.changed.slice(0, samples).map((c) => ({
      no: c.after.no,
      before: { title: c.before.title, singer: c.before.singer },
      after: { title: c.after.title, singer: c.after.singer },
    })),
    withdrawn: plan.toWithdraw.slice(0, samples).map((no) => brief(held.get(no)!)),
  };
}

async function applyPlan(
  c: PoolClient,
  listing: Listing,
  plan: SyncPlan,
  report: SyncReport,
  log: (msg: string) => void,
): Promise<void> {
  const brand = listing.brand;
  await writeEntries(c, [...plan.added, ...plan.changed.map((x) => x.after)]);
  log(`entries written: ${plan.added.length} added, ${plan.changed.length} changed`);
  report.provenanceRows = await recordProvenance(
    c,
    brand,
    plan.sourceRows.map((r) => ({
      source: r.role === 'detail' ? listing.detailSource : listing.source,
      song: r.song,
      fetchedAt: r.fetchedAt,
    })),
    report.runId,
  );
  log(`provenance: ${report.provenanceRows} new source rows`);
  if (plan.missing.length)
    await c.query(
      'UPDATE catalog_entries SET missing_listings = missing_listings + 1 WHERE brand = $1 AND no = ANY($2::text[])',
      [brand, plan.missing],
    );
  if (plan.toWithdraw.length) {
    await c.query(
      'UPDATE catalog_entries SET withdrawn_at = now() WHERE brand = $1 AND no = ANY($2::text[]) AND withdrawn_at IS NULL',
      [brand, plan.toWithdraw],
    );
  }
  if (plan.reset.length)
    await c.query(
      'UPDATE catalog_entries SET missing_listings = 0, withdrawn_at = NULL WHERE brand = $1 AND no = ANY($2::text[])',
      [brand, plan.reset],
    );
}

/** Upserts the entries (as src/songs/ingest.ts upsertCatalogEntries, inside the run's transaction). */
async function writeEntries(c: PoolClient, rows: CatalogEntry[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    const col = <K extends keyof CatalogEntry>(k: K) => batch.map((r) => r[k] ?? null);
    // nation, readings and sub title arrive already completed from what we hold (sync-plan.ts completeEntry)
    await c.query(
      `INSERT INTO catalog_entries (brand, no, title, singer, composer, lyricist, release, nation, title_reading, singer_reading, sub_title)
       SELECT brand, no, title, singer, composer, lyricist, release::date, nation, title_reading, singer_reading, sub_title
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS t(brand, no, title, singer, composer, lyricist, release, nation, title_reading, singer_reading, sub_title)
       ON CONFLICT (brand, no) DO UPDATE SET
         title = EXCLUDED.title, singer = EXCLUDED.singer, composer = EXCLUDED.composer, lyricist = EXCLUDED.lyricist,
         release = EXCLUDED.release, nation = EXCLUDED.nation, title_reading = EXCLUDED.title_reading,
         singer_reading = EXCLUDED.singer_reading, sub_title = EXCLUDED.sub_title, updated_at = now()
       WHERE (catalog_entries.title, catalog_entries.singer, catalog_entries.composer, catalog_entries.lyricist, catalog_entries.release,
              catalog_entries.nation, catalog_entries.title_reading, catalog_entries.singer_reading, catalog_entries.sub_title)
          IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.singer, EXCLUDED.composer, EXCLUDED.lyricist, EXCLUDED.release,
              EXCLUDED.nation, EXCLUDED.title_reading, EXCLUDED.singer_reading, EXCLUDED.sub_title)`,
      [
        col('brand'),
        col('no'),
        col('title'),
        col('singer'),
        col('composer'),
        col('lyricist'),
        col('release'),
        col('nation'),
        col('title_reading'),
        col('singer_reading'),
        col('sub_title'),
      ],
    );
  }
}

async function dropStaging(db: Pool | PoolClient, runId: number): Promise<void> {
  await db.query('DELETE FROM catalog_sync_staging WHERE run_id = $1', [runId]);
}

async function finishRun(db: Pool | PoolClient, r: SyncReport): Promise<void> {
  const { samples, ...summary } = r;
  await db.query(
    `UPDATE catalog_sync_runs SET status = $2, finished_at = now(), listing_size = $3, added = $4, changed = $5, withdrawn = $6,
       restored = $7, unchanged = $8, missing = $9, bad = $10, bad_reasons = $11, warnings = $12, refusal = $13,
       detail_calls = $14, summary = $15
     WHERE id = $1`,
    [
      r.runId,
      r.status,
      r.listingSize,
      r.added,
      r.changed,
      r.withdrawn,
      r.restored,
      r.unchanged,
      r.missing,
      r.bad,
      JSON.stringify(r.badReasons),
      JSON.stringify(r.warnings),
      r.refusal,
      r.detailCalls,
      JSON.stringify({ ...summary, samples }),
    ],
  );
}

/** Entries written since the last merge (an earlier run's merge failed, or a file ingest skipped it). */
async function mergePending(pg: Pool): Promise<boolean> {
  const res = await pg.query<{ pending: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM catalog_entries WHERE updated_at > COALESCE((SELECT merged_until FROM song_merge_state), '-infinity')) AS pending`,
  );
  return res.rows[0].pending;
}

/**
 * Keeps songs.withdrawn_at in step with their entries: set when every entry of the song is withdrawn, cleared when
 * one is listed again. The index leaves withdrawn songs out (src/songs/document.ts); saved lists keep them.
 */
export async function syncSongWithdrawals(pg: Pool): Promise<{ songsWithdrawn: number; songsRestored: number }> {
  return withTransaction(pg, async (c) => {
    await lockForTransaction(c, 'songs-merge'); // the merge moves entries between songs
    const res = await c.query<{ withdrawn: boolean }>(
      `WITH state AS (
         SELECT c.song_id AS id, CASE WHEN bool_and(c.withdrawn_at IS NOT NULL) THEN max(c.withdrawn_at) END AS withdrawn_at
         FROM catalog_entries c WHERE c.song_id IS NOT NULL GROUP BY c.song_id)
       UPDATE songs s SET withdrawn_at = state.withdrawn_at, updated_at = now()
       FROM state WHERE s.id = state.id AND s.deleted_at IS NULL AND s.withdrawn_at IS DISTINCT FROM state.withdrawn_at
       RETURNING state.withdrawn_at IS NOT NULL AS withdrawn`,
    );
    const songsWithdrawn = res.rows.filter((r) => r.withdrawn).length;
    return { songsWithdrawn, songsRestored: res.rows.length - songsWithdrawn };
  });
}

/** The day a daily run asks for: a few days before the last applied run of the brand (sites list late), else a month. */
export async function newSinceDay(pg: Pool, brand: Brand, now: Date = new Date()): Promise<string> {
  const res = await pg.query<{ at: Date | null }>(
    `SELECT max(started_at) AS at FROM catalog_sync_runs WHERE brand = $1 AND kind IN ('new', 'full') AND status = 'applied' AND NOT dry_run`,
    [brand],
  );
  const from = res.rows[0]?.at ? res.rows[0].at.getTime() - 3 * DAY_MS : now.getTime() - 31 * DAY_MS;
  return seoulDay(new Date(from));
}

const SEOUL_OFFSET_MS = 9 * 3600_000;
const seoulDay = (at: Date) => new Date(at.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);

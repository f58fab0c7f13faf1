// Loads TJ/KY catalog files into Postgres (upsert per brand + number), then re-merges the songs.
import path from 'node:path';
import type { Pool } from 'pg';
import { ingestRecords, readCatalogFile, type IngestSummary } from '../platform/catalog-reader';
import { validateCatalogEntry, type CatalogEntry } from './catalog-entry';
import { mergeCatalog, mergeCatalogChanges, type MergeSummary } from './merge-store';
import { projectPath } from '../platform/paths';
import { deliverArrivals } from '../arrivals/watches';

export const SAMPLE_SONG_FILES = ['data/songs/tj.json', 'data/songs/ky.csv'].map((f) => projectPath(f));

export async function upsertCatalogEntries(
  pg: Pool,
  rows: CatalogEntry[],
): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const col = <K extends keyof CatalogEntry>(k: K) => rows.map((r) => r[k]);
  const res = await pg.query<{ inserted: boolean }>(
    `INSERT INTO catalog_entries (brand, no, title, singer, composer, lyricist, release)
     SELECT brand, no, title, singer, composer, lyricist, release::date
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(brand, no, title, singer, composer, lyricist, release)
     ON CONFLICT (brand, no) DO UPDATE SET
       title = EXCLUDED.title, singer = EXCLUDED.singer, composer = EXCLUDED.composer, lyricist = EXCLUDED.lyricist,
       release = EXCLUDED.release, updated_at = now()
     WHERE (catalog_entries.title, catalog_entries.singer, catalog_entries.composer, catalog_entries.lyricist, catalog_entries.release)
        IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.singer, EXCLUDED.composer, EXCLUDED.lyricist, EXCLUDED.release)
     RETURNING (xmax = 0) AS inserted`,
    [col('brand'), col('no'), col('title'), col('singer'), col('composer'), col('lyricist'), col('release')],
  );
  const inserted = res.rows.filter((r) => r.inserted).length;
  return { inserted, updated: res.rows.length - inserted };
}

export interface SongIngestResult {
  files: IngestSummary[];
  merge: MergeSummary | null;
}

/**
 * Ingests each file (bad rows reported, the rest loaded), then merges once if anything changed: only the entries
 * the changes can affect, or the whole catalog with { fullMerge: true }.
 */
export async function ingestSongFiles(
  pg: Pool,
  files: string[],
  onProgress: (msg: string) => void = () => undefined,
  opts: { fullMerge?: boolean } = {},
): Promise<SongIngestResult> {
  const summaries: IngestSummary[] = [];
  for (const file of files) {
    const source = path.basename(file);
    summaries.push(
      await ingestRecords(readCatalogFile(file), {
        source,
        validate: validateCatalogEntry,
        upsert: (rows) => upsertCatalogEntries(pg, rows),
        batchSize: 2000,
        onProgress: ({ read, elapsedMs }) =>
          onProgress(`${source}: ${read} rows read, ${Math.round((read / Math.max(elapsedMs, 1)) * 1000)} rows/s`),
      }),
    );
  }
  const changed = summaries.some((s) => s.inserted + s.updated > 0);
  const merge =
    changed || opts.fullMerge ? await (opts.fullMerge ? mergeCatalog : mergeCatalogChanges)(pg, onProgress) : null;
  if (merge) await deliverArrivals(pg); // watched songs the merge gave their missing brand reach the singers' inboxes
  return { files: summaries, merge };
}

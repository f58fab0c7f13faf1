// Monthly TJ/KY top-100 charts (brand, month, rank, number) from CSV or JSON files into Postgres.
import path from 'node:path';
import type { Pool } from 'pg';
import { ingestRecords, readCatalogFile, type IngestSummary, type Validated } from '../platform/catalog-reader';
import { BRAND_NAMES } from './catalog-entry';
import type { Brand } from '../core/brands';
import { projectPath } from '../platform/paths';

export const CHART_SIZE = 100;
export const SAMPLE_CHART_FILES = ['data/songs/charts-tj.csv', 'data/songs/charts-ky.json'].map((f) => projectPath(f));

export interface ChartRow {
  brand: Brand;
  month: string;
  rank: number;
  no: string;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v)).trim();

/** "2026-10" (or "2026-10-01", "2026.10") -> "2026-10-01"; undefined when not a real month. */
export function parseChartMonth(raw: string): string | undefined {
  const m = /^(\d{4})[-./](\d{1,2})(?:[-./]01)?$/.exec(raw);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12 || Number(m[1]) < 1980 || Number(m[1]) > 2100) return undefined;
  return `${m[1]}-${String(month).padStart(2, '0')}-01`;
}

/** A validator for one file: a number may hold only one place per brand and month. */
export function chartRowValidator(): (fields: Record<string, unknown>) => Validated<ChartRow> {
  const placeOf = new Map<string, number>();
  return (fields) => {
    const brand = BRAND_NAMES[text(fields.brand).toLowerCase()];
    if (!brand) return { reason: `brand must be tj, kumyoung or ky (got "${text(fields.brand)}")` };
    const month = parseChartMonth(text(fields.month));
    if (!month) return { reason: `month must be YYYY-MM (got "${text(fields.month)}")` };
    const rankText = text(fields.rank);
    const rank = Number(rankText);
    if (!/^\d{1,3}$/.test(rankText) || rank < 1 || rank > CHART_SIZE)
      return { reason: `rank must be a whole number from 1 to ${CHART_SIZE} (got "${rankText}")` };
    const no = text(fields.number ?? fields.no);
    if (!no) return { reason: 'number (the song number) is missing' };
    if (!/^\d{1,8}$/.test(no)) return { reason: `number must be 1-8 digits (got "${no}")` };
    const numberKey = `${brand} ${month.slice(0, 7)} ${no}`;
    const earlier = placeOf.get(numberKey);
    if (earlier !== undefined && earlier !== rank)
      return { reason: `number ${no} is already at rank ${earlier} of ${brand} ${month.slice(0, 7)}` };
    placeOf.set(numberKey, rank);
    return { key: `place:${brand} ${month.slice(0, 7)} #${rank}`, row: { brand, month, rank, no } };
  };
}

export async function upsertChartRows(pg: Pool, rows: ChartRow[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const res = await pg.query<{ inserted: boolean }>(
    `INSERT INTO song_charts (brand, month, rank, no)
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::text[])
     ON CONFLICT (brand, month, rank) DO UPDATE SET no = EXCLUDED.no, imported_at = now()
     WHERE song_charts.no IS DISTINCT FROM EXCLUDED.no
     RETURNING (xmax = 0) AS inserted`,
    [rows.map((r) => r.brand), rows.map((r) => r.month), rows.map((r) => r.rank), rows.map((r) => r.no)],
  );
  const inserted = res.rows.filter((r) => r.inserted).length;
  return { inserted, updated: res.rows.length - inserted };
}

export interface ChartIngestResult {
  files: IngestSummary[];
  unknownNumbers: number;
  months: string[];
}

/** Loads chart files (bad rows reported with line and reason); says how many placed numbers the catalog lacks. */
export async function ingestChartFiles(
  pg: Pool,
  files: string[],
  onProgress: (msg: string) => void = () => undefined,
): Promise<ChartIngestResult> {
  const summaries: IngestSummary[] = [];
  for (const file of files) {
    const source = path.basename(file);
    summaries.push(
      await ingestRecords(readCatalogFile(file), {
        source,
        validate: chartRowValidator(),
        upsert: (rows) => upsertChartRows(pg, rows),
        onProgress: ({ read }) => onProgress(`${source}: ${read} rows read`),
      }),
    );
  }
  const { rows } = await pg.query<{ unknown: string; months: string[] }>(
    `SELECT count(*) FILTER (WHERE s.id IS NULL) AS unknown, array_agg(DISTINCT to_char(c.month, 'YYYY-MM') || ' ' || c.brand) AS months
     FROM song_charts c
     LEFT JOIN songs s ON s.deleted_at IS NULL AND ((c.brand = 'tj' AND s.tj_no = c.no) OR (c.brand = 'ky' AND s.ky_no = c.no))`,
  );
  return {
    files: summaries,
    unknownNumbers: Number(rows[0].unknown),
    months: (rows[0].months ?? []).filter(Boolean).sort(),
  };
}

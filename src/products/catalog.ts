// The product catalog in Postgres: validating source records and upserting them by natural key
// (barcode when there is one, else brand + name).
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { compactText, tidyText } from '../korean';
import { ingestRecords, readCatalogFile, type IngestSummary, type Validated } from '../platform/catalog-reader';
import { projectPath } from '../platform/paths';

export const PRODUCT_CATEGORIES = [
  '생수',
  '탄산수',
  '탄산음료',
  '이온음료',
  '차음료',
  '커피',
  '주스',
  '유제품',
  '과자',
  '라면',
  '생활용품',
] as const;
export const NO_LABEL_STATUSES = ['full', 'partial', 'none'] as const;
export type NoLabelStatus = (typeof NO_LABEL_STATUSES)[number];

const NO_LABEL_ALIASES: Record<string, NoLabelStatus> = {
  full: 'full',
  무라벨: 'full',
  라벨프리: 'full',
  yes: 'full',
  true: 'full',
  partial: 'partial',
  라벨최소화: 'partial',
  부분: 'partial',
  none: 'none',
  일반: 'none',
  no: 'none',
  false: 'none',
};

export interface ProductInput {
  naturalKey: string;
  name: string;
  brand: string;
  category: string;
  noLabel: NoLabelStatus;
  barcode: string | null;
  description: string | null;
  imageUrl: string | null;
  source: string;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : tidyText(String(v)));

/** GTIN-8/12/13/14 with a valid check digit. */
export function isValidBarcode(code: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

export function validateProduct(fields: Record<string, unknown>, source: string): Validated<ProductInput> {
  const name = text(fields.name);
  const brand = text(fields.brand);
  const category = text(fields.category);
  const noLabelRaw = text(fields.no_label).toLowerCase();
  const barcode = text(fields.barcode).replace(/[-\s]/g, '') || null;
  const description = text(fields.description) || null;
  const imageUrl = text(fields.image_url) || null;
  if (!name) return { reason: 'name is required' };
  if (name.length > 200) return { reason: 'name must be at most 200 characters' };
  if (!brand) return { reason: 'brand is required' };
  if (brand.length > 100) return { reason: 'brand must be at most 100 characters' };
  if (!(PRODUCT_CATEGORIES as readonly string[]).includes(category))
    return { reason: `category must be one of ${PRODUCT_CATEGORIES.join(', ')} (got "${category}")` };
  const noLabel = NO_LABEL_ALIASES[noLabelRaw];
  if (!noLabel) return { reason: `no_label must be full, partial or none (got "${noLabelRaw}")` };
  if (barcode && !isValidBarcode(barcode)) return { reason: `barcode "${barcode}" is not a valid EAN/UPC code` };
  if (description && description.length > 2000) return { reason: 'description must be at most 2000 characters' };
  if (imageUrl && !/^https?:\/\/\S+$/.test(imageUrl)) return { reason: 'image_url must be an http(s) URL' };
  const naturalKey = barcode ? `barcode:${barcode}` : `name:${compactText(brand)}|${compactText(name)}`;
  return {
    key: naturalKey,
    row: { naturalKey, name, brand, category, noLabel, barcode, description, imageUrl, source },
  };
}

export async function upsertProducts(pg: Pool, rows: ProductInput[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const col = <K extends keyof ProductInput>(k: K) => rows.map((r) => r[k]);
  const res = await pg.query<{ inserted: boolean }>(
    `INSERT INTO products (natural_key, name, brand, category, no_label, barcode, description, image_url, source)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT (natural_key) DO UPDATE SET
       name = EXCLUDED.name, brand = EXCLUDED.brand, category = EXCLUDED.category, no_label = EXCLUDED.no_label,
       barcode = EXCLUDED.barcode, description = EXCLUDED.description, image_url = EXCLUDED.image_url,
       source = EXCLUDED.source, deleted_at = NULL, updated_at = now()
     WHERE products.deleted_at IS NOT NULL
        OR (products.name, products.brand, products.category, products.no_label, products.barcode, products.description, products.image_url, products.source)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.brand, EXCLUDED.category, EXCLUDED.no_label, EXCLUDED.barcode, EXCLUDED.description, EXCLUDED.image_url, EXCLUDED.source)
     RETURNING (xmax = 0) AS inserted`,
    [
      col('naturalKey'),
      col('name'),
      col('brand'),
      col('category'),
      col('noLabel'),
      col('barcode'),
      col('description'),
      col('imageUrl'),
      col('source'),
    ],
  );
  const inserted = res.rows.filter((r) => r.inserted).length;
  return { inserted, updated: res.rows.length - inserted };
}

/** Ingests one catalog file (.csv / .json / .ndjson); the source name recorded on each row is the file's base name. */
export async function ingestProductFile(
  pg: Pool,
  file: string,
  onProgress?: (p: { read: number; elapsedMs: number }) => void,
): Promise<IngestSummary> {
  const source = file.split('/').pop()!;
  return ingestRecords(readCatalogFile(file), {
    source,
    validate: (f) => validateProduct(f, source),
    upsert: (rows) => upsertProducts(pg, rows),
    onProgress,
  });
}

export const SAMPLE_PRODUCTS_DIR = 'data/products';

/** Ingests every catalog file in a directory (the shipped samples by default), in name order. */
export async function ingestProductDirectory(
  pg: Pool,
  dir: string = projectPath(SAMPLE_PRODUCTS_DIR),
): Promise<IngestSummary[]> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.(csv|json|ndjson|jsonl)$/i.test(f))
    .sort();
  const out: IngestSummary[] = [];
  for (const f of files) out.push(await ingestProductFile(pg, path.join(dir, f)));
  return out;
}

// The products read model for the shared rebuild (alias swap) and incremental sync in platform/index-admin.
import type { Pool } from 'pg';
import type { IndexFamily } from '../platform/index-admin';
import { PRODUCTS_FAMILY, productDocument, type ProductRow } from './document';

const SELECT_PRODUCTS = `
  SELECT id, name, brand, category, no_label, barcode, description, image_url, source, deleted_at, updated_at FROM products`;

export const productsFamily: IndexFamily<ProductRow> = {
  name: PRODUCTS_FAMILY,
  definition: 'products',
  analysis: 'products.json',
  async fetch(pg: Pool, afterId: number, limit: number, since?: Date) {
    const sql = since
      ? `${SELECT_PRODUCTS} WHERE id > $1 AND updated_at > $3 ORDER BY id LIMIT $2`
      : `${SELECT_PRODUCTS} WHERE id > $1 ORDER BY id LIMIT $2`;
    const params: unknown[] = since ? [afterId, limit, since] : [afterId, limit];
    return (await pg.query<ProductRow>(sql, params)).rows.map((r) => ({ ...r, id: Number(r.id) }));
  },
  toDocument: productDocument,
};

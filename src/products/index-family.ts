// The products read model for the shared rebuild (alias swap) and incremental sync in platform/index-admin.
import { keysetFetch, type IndexFamily } from '../platform/index-admin';
import { PRODUCTS_FAMILY, productDocument, type ProductRow } from './document';

const SELECT_PRODUCTS = `
  SELECT id, name, brand, category, no_label, barcode, description, image_url, source, deleted_at, updated_at FROM products`;

export const productsFamily: IndexFamily<ProductRow> = {
  name: PRODUCTS_FAMILY,
  definition: 'products',
  analysis: 'products.json',
  fetch: keysetFetch<ProductRow>(SELECT_PRODUCTS),
  toDocument: productDocument,
};

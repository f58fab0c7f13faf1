// Every Elasticsearch read model built from Postgres, by name (used by scripts/reindex and the cron jobs).
import type { IndexFamily } from './platform/index-admin';
import { songsFamily } from './songs/index-family';
import { productsFamily } from './products/index-family';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const indexFamilies: Record<string, IndexFamily<any>> = {
  songs: songsFamily,
  products: productsFamily,
};

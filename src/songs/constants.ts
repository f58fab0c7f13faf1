// Names shared by everything that reads or writes the songs read model (the brands are src/core/brands.ts).
import type { Client } from '@elastic/elasticsearch';
import { indexName } from '../platform/elasticsearch';

export const SONGS_FAMILY = 'songs';

/** The songs alias to search, for src/search/songs.ts. */
export const songsIndexOf = (deps: { es: Client; config: Parameters<typeof indexName>[0] }) => ({
  es: deps.es,
  index: indexName(deps.config, SONGS_FAMILY),
});

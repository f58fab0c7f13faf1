// The Elasticsearch client: no retries of its own (src/platform/breakers.ts retries within a per-request budget).
import { Client } from '@elastic/elasticsearch';
import type { Config } from './config';

export function createEsClient(config: Pick<Config, 'esUrl'>): Client {
  return new Client({ node: config.esUrl, requestTimeout: 10_000, maxRetries: 0, compression: false });
}

/** Physical/alias index names all carry the environment prefix, so tests never touch local data. */
export function indexName(config: Pick<Config, 'esIndexPrefix'>, base: string): string {
  return `${config.esIndexPrefix}${base}`;
}

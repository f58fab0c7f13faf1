// The Elasticsearch client, with short timeouts so a down cluster becomes a fast 503.
import { Client } from '@elastic/elasticsearch';
import type { Config } from './config';

export function createEsClient(config: Pick<Config, 'esUrl'>): Client {
  return new Client({ node: config.esUrl, requestTimeout: 10_000, maxRetries: 1, compression: false });
}

/** Physical/alias index names all carry the environment prefix, so tests never touch local data. */
export function indexName(config: Pick<Config, 'esIndexPrefix'>, base: string): string {
  return `${config.esIndexPrefix}${base}`;
}

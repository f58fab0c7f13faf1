// The Elasticsearch client. With one node it never retries (src/platform/breakers.ts retries within a per-request budget);
// with a cluster (ES_URL lists N nodes) a request that fails on one node is retried at once on another, never the same one.
import { Client } from '@elastic/elasticsearch';
import type { Config } from './config';

export function createEsClient(config: Pick<Config, 'esNodes' | 'esAuth' | 'esRequestTimeoutMs'>): Client {
  return new Client({
    nodes: config.esNodes,
    auth: config.esAuth,
    requestTimeout: config.esRequestTimeoutMs,
    maxRetries: config.esNodes.length - 1,
    compression: false,
  });
}

/** Physical/alias index names all carry the environment prefix, so tests never touch local data. */
export function indexName(config: Pick<Config, 'esIndexPrefix'>, base: string): string {
  return `${config.esIndexPrefix}${base}`;
}

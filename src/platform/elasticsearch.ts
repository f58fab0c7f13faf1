// The Elasticsearch client. With one node it never retries (src/platform/breakers.ts retries within a per-request budget);
// with a cluster (ES_URL lists N nodes) a request that fails on one node is retried at once on another, never the same one.
import { Client } from '@elastic/elasticsearch';
import type { Config } from './config';

/**
 * The longest any one call may ask for (bulks, refreshes and health waits of a 1M-document rebuild). The client's
 * HTTP connections time out at their own setting whatever a call asks, so they get this one, and `requestTimeout`
 * (ES_REQUEST_TIMEOUT_MS) stays the default of every call that does not ask for more.
 */
export const LONGEST_CALL_MS = 15 * 60_000;

export function createEsClient(config: Pick<Config, 'esNodes' | 'esAuth' | 'esRequestTimeoutMs'>): Client {
  return new Client({
    nodes: config.esNodes.map((url) => ({ url: new URL(url), timeout: Math.max(LONGEST_CALL_MS, config.esRequestTimeoutMs) })),
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

// The Elasticsearch client. With one node it never retries (src/platform/breakers.ts retries within a per-request budget);
// with a cluster (ES_URL lists N nodes) a request that fails on one node is retried at once on another, never the same one.
import { Client, errors, Serializer } from '@elastic/elasticsearch';
import type { Config } from './config';

/**
 * The longest any one call may ask for (bulks, refreshes and health waits of a 1M-document rebuild). The client's
 * HTTP connections time out at their own setting whatever a call asks, so they get this one, and `requestTimeout`
 * (ES_REQUEST_TIMEOUT_MS) stays the default of every call that does not ask for more.
 */
export const LONGEST_CALL_MS = 15 * 60_000;

/**
 * Answers come from our own cluster, never from a user: JSON.parse reads them. The client's default parser scans
 * every answer for __proto__ / constructor keys first, which was ~2.5% of the API's CPU per autocomplete (profile in
 * docs/benchmarks.md); a body that is not JSON is still the client's DeserializationError.
 */
export class TrustedAnswerSerializer extends Serializer {
  deserialize<T = unknown>(json: string): T {
    try {
      return JSON.parse(json) as T;
    } catch (err) {
      throw new errors.DeserializationError((err as Error).message, json);
    }
  }
}

export function createEsClient(config: Pick<Config, 'esNodes' | 'esAuth' | 'esRequestTimeoutMs'>): Client {
  return new Client({
    nodes: config.esNodes.map((url) => ({
      url: new URL(url),
      timeout: Math.max(LONGEST_CALL_MS, config.esRequestTimeoutMs),
    })),
    auth: config.esAuth,
    requestTimeout: config.esRequestTimeoutMs,
    maxRetries: config.esNodes.length - 1,
    compression: false,
    Serializer: TrustedAnswerSerializer,
  });
}

/** Physical/alias index names all carry the environment prefix, so tests never touch local data. */
export function indexName(config: Pick<Config, 'esIndexPrefix'>, base: string): string {
  return `${config.esIndexPrefix}${base}`;
}

// The brand sources as configured (CATALOG_TJ_URL, CATALOG_KY_URL, CATALOG_KY_PLAYER_URL and the politeness
// settings): the one place the CLI and the scheduled jobs build adapters, so both read the sites the same way.
import type { Config } from '../platform/config';
import type { Brand } from '../core/brands';
import { KySource } from './ky-source';
import { PoliteFetch, type RetryEvent } from './polite-fetch';
import type { CatalogSource } from './source';
import type { SyncPolicy } from './sync-plan';
import { TjSource } from './tj-source';

export type CatalogSources = Record<Brand, CatalogSource>;

/** The adapters for both brands, sharing one polite fetcher (its pacing is per host). */
export function sourcesFromConfig(
  config: Pick<Config, 'catalogs'>,
  opts: { onRetry?: (e: RetryEvent) => void } = {},
): CatalogSources {
  const c = config.catalogs;
  const fetcher = new PoliteFetch({
    userAgent: c.userAgent,
    requestsPerSecond: c.requestsPerSecond,
    timeoutMs: c.timeoutMs,
    maxBytes: c.maxBytes,
    retries: c.retries,
    onRetry: opts.onRetry,
  });
  return {
    tj: new TjSource({ baseUrl: c.tjUrl, fetcher }),
    ky: new KySource({ baseUrl: c.kyUrl, playerUrl: c.kyPlayerUrl, fetcher }),
  };
}

/** The safe-sync thresholds (CATALOG_MIN_LISTING_RATIO, CATALOG_WITHDRAW_AFTER_LISTINGS). */
export function syncPolicyFromConfig(config: Pick<Config, 'catalogs'>): SyncPolicy {
  return {
    minListingRatio: config.catalogs.minListingRatio,
    withdrawAfterListings: config.catalogs.withdrawAfterListings,
  };
}

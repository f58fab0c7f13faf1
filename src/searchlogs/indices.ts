// Daily search-log indices for Kibana: <prefix>search-logs-YYYY.MM.DD (UTC days), shaped by one index template.
import type { Client } from '@elastic/elasticsearch';
import type { Config } from '../platform/config';
import { indexName } from '../platform/elasticsearch';
import { loadIndexDefinition, withClusterSettings } from '../platform/index-admin';

export const SEARCH_LOGS_BASE = 'search-logs';

export const searchLogsPattern = (config: Pick<Config, 'esIndexPrefix'>) => `${indexName(config, SEARCH_LOGS_BASE)}-*`;

export function dailyIndexName(config: Pick<Config, 'esIndexPrefix'>, at: Date): string {
  const d = at.toISOString().slice(0, 10).replace(/-/g, '.');
  return `${indexName(config, SEARCH_LOGS_BASE)}-${d}`;
}

/** The UTC day a daily index holds, or null when the name is not one of ours. */
export function dayOfIndex(config: Pick<Config, 'esIndexPrefix'>, index: string): Date | null {
  const base = `${indexName(config, SEARCH_LOGS_BASE)}-`;
  if (!index.startsWith(base)) return null;
  const m = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(index.slice(base.length));
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Daily indices whose whole day lies more than retentionDays before now's UTC day. */
export function expiredIndices(
  config: Pick<Config, 'esIndexPrefix'>,
  indices: string[],
  retentionDays: number,
  now: Date,
): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const cutoff = today - retentionDays * 86_400_000;
  return indices
    .filter((i) => {
      const d = dayOfIndex(config, i);
      return d !== null && d.getTime() < cutoff;
    })
    .sort();
}

export async function ensureSearchLogTemplate(
  es: Client,
  config: Pick<Config, 'esIndexPrefix' | 'esShards' | 'esReplicas'>,
): Promise<void> {
  const definition = loadIndexDefinition(SEARCH_LOGS_BASE);
  const { mappings } = definition;
  const settings = withClusterSettings(definition.settings, config);
  await es.indices.putIndexTemplate({
    name: indexName(config, SEARCH_LOGS_BASE),
    index_patterns: [searchLogsPattern(config)],
    priority: 200,
    template: { settings, mappings },
  });
}

/** The retention job: deletes daily search-log indices older than config.searchLogRetentionDays. */
export async function deleteExpiredSearchLogs(
  deps: { es: Client; config: Pick<Config, 'esIndexPrefix' | 'searchLogRetentionDays'> },
  now: Date = new Date(),
): Promise<{ deleted: string[] }> {
  const found = Object.keys(
    await deps.es.indices.get({
      index: searchLogsPattern(deps.config),
      allow_no_indices: true,
      expand_wildcards: ['open', 'closed'],
    }),
  );
  const deleted = expiredIndices(deps.config, found, deps.config.searchLogRetentionDays, now);
  for (const index of deleted) await deps.es.indices.delete({ index });
  return { deleted };
}

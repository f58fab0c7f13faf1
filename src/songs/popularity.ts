// Popularity: what people sing, save, open and search here (decayed by age) plus the brands' monthly charts,
// scored daily into song_popularity (Postgres, the record) and written into the live songs index as partial updates.
import type { Client } from '@elastic/elasticsearch';
import type { Pool, PoolClient } from 'pg';
import { compactText } from '../korean';
import { indexName } from '../platform/elasticsearch';
import { withFamilyLock } from '../platform/index-admin';
import { lockForTransaction } from '../platform/advisory-lock';
import { withTransaction } from '../platform/postgres';
import { SONGS_FAMILY } from './constants';
import { rescaledSuggest, type CompletionGroup } from './suggest-inputs';
import { compactSql, countedEventsSql } from '../events/counting';

/** sang > saved > clicked result (view) > searched; an unsave takes its save back (of counted events: events/counting.ts) */
export const EVENT_WEIGHTS = { sang: 8, save: 4, unsave: -4, view: 2, search: 1 } as const;
/** an event counts half after this many days */
export const EVENT_HALF_LIFE_DAYS = 30;
/** events older than this no longer count (about 1/64 of their weight at 6 half-lives) */
export const EVENT_WINDOW_DAYS = 180;
/** a chart place counts half after this many months */
export const CHART_HALF_LIFE_MONTHS = 3;
/** charts older than this no longer count */
export const CHART_WINDOW_MONTHS = 24;
/** a #1 place this month is worth as much as this many fresh event points (rank 100 is worth 1/100 of it) */
export const CHART_POINTS = 40;
/** the most frequent distinct search queries credited to the songs whose title they name */
export const SEARCH_QUERIES_CREDITED = 5000;
/** changes smaller than this are not written to the index (at most 0.1% of a score): daily decay alone moves
 * nearly every value a little, and the gap is rechecked against what the index holds, so it never accumulates */
const EPSILON = 0.002;
const ES_BATCH = 2000;

export interface PopularityDeps {
  pg: Pool;
  es: Client;
  config: { esIndexPrefix: string };
}
export interface RescoreSummary {
  scored: number;
  changed: number;
  updated: number;
  missing: number;
  maxRaw: number;
  ms: number;
}
export type RescoreProgress = (msg: string) => void;

const decay = (at: string) =>
  `exp(-ln(2) * greatest(0, extract(epoch FROM ($1::timestamptz - ${at}))) / 86400 / ${EVENT_HALF_LIFE_DAYS})`;
/** the counted events of the scoring window ($1 = now, $2 = EVENT_WINDOW_DAYS) */
const countedInWindow = (kinds: Parameters<typeof countedEventsSql>[0]['kinds']) =>
  countedEventsSql({ kinds, after: '$1::timestamptz - make_interval(days => $2)', until: '$1::timestamptz' });

/** Credit of search queries, per song: each frequent query's decayed count shared by the songs its text names. */
async function searchCredit(pg: Pool | PoolClient, now: Date): Promise<Map<number, number>> {
  const { rows } = await pg.query<{ query: string; score: number }>(
    `SELECT query, sum(weight * ${decay('occurred_at')})::float8 AS score FROM ${countedInWindow(['search'])} counted
     WHERE query IS NOT NULL
     GROUP BY query ORDER BY score DESC LIMIT $3`,
    [now, EVENT_WINDOW_DAYS, SEARCH_QUERIES_CREDITED],
  );
  const byKey = new Map<string, number>();
  for (const r of rows) {
    const key = compactText(r.query);
    if (key.length >= 2) byKey.set(key, (byKey.get(key) ?? 0) + r.score * EVENT_WEIGHTS.search);
  }
  const credit = new Map<number, number>();
  if (!byKey.size) return credit;
  const matches = await pg.query<{ id: string; key: string }>(
    `SELECT id, key FROM (
       SELECT id, unnest(ARRAY[${compactSql('title')}, ${compactSql('artist || title')}, ${compactSql('title || artist')}]) AS key
       FROM songs WHERE deleted_at IS NULL) s
     WHERE key = ANY($1::text[])`,
    [[...byKey.keys()]],
  );
  const songsOfKey = new Map<string, number[]>();
  for (const m of matches.rows) songsOfKey.set(m.key, [...(songsOfKey.get(m.key) ?? []), Number(m.id)]);
  for (const [key, ids] of songsOfKey) {
    const share = byKey.get(key)! / ids.length;
    for (const id of ids) credit.set(id, (credit.get(id) ?? 0) + share);
  }
  return credit;
}

/**
 * Scores every song at `now` into song_popularity: raw = decayed events + CHART_POINTS x decayed chart places,
 * popularity = ln(1 + raw) / ln(1 + the highest raw), so the most popular song is 1 and unknown songs are 0.
 */
export async function scorePopularity(pg: Pool, now: Date = new Date()): Promise<{ scored: number; maxRaw: number }> {
  return withTransaction(pg, async (client) => {
    await lockForTransaction(client, 'songs-popularity');
    await client.query("SET LOCAL statement_timeout = '15min'"); // months of events at 1M songs take more than the pool's 30 s
    const credit = await searchCredit(client, now);
    const monthIndex = (d: string) => `(extract(year FROM ${d}) * 12 + extract(month FROM ${d}))`;
    await client.query(
      `CREATE TEMP TABLE scored ON COMMIT DROP AS
       WITH ev AS (
         SELECT song_id, sum(CASE kind WHEN 'sang' THEN ${EVENT_WEIGHTS.sang} WHEN 'save' THEN ${EVENT_WEIGHTS.save}
                                       WHEN 'unsave' THEN ${EVENT_WEIGHTS.unsave} WHEN 'view' THEN ${EVENT_WEIGHTS.view} ELSE 0 END
                             * weight * ${decay('occurred_at')}) AS score
         FROM ${countedInWindow(['sang', 'save', 'unsave', 'view'])} counted
         WHERE song_id IS NOT NULL
         GROUP BY song_id
       ), searched AS (
         SELECT * FROM unnest($3::bigint[], $4::float8[]) AS t(song_id, score)
       ), charted AS (
         SELECT s.id AS song_id,
                sum((101 - c.rank) / 100.0 * power(0.5, (${monthIndex('$1::timestamptz')} - ${monthIndex('c.month')}) / ${CHART_HALF_LIFE_MONTHS}.0)) AS score
         FROM song_charts c
         JOIN songs s ON s.deleted_at IS NULL AND ((c.brand = 'tj' AND s.tj_no = c.no) OR (c.brand = 'ky' AND s.ky_no = c.no))
         WHERE c.month <= $1::timestamptz AND c.month > $1::timestamptz - make_interval(months => $5)
         GROUP BY s.id
       ), parts AS (
         SELECT song_id, score AS ev, 0 AS ch FROM ev
         UNION ALL SELECT song_id, score, 0 FROM searched
         UNION ALL SELECT song_id, 0, score FROM charted
       ), summed AS (
         SELECT p.song_id, greatest(sum(p.ev), 0) AS events_score, sum(p.ch) AS chart_score
         FROM parts p JOIN songs s ON s.id = p.song_id AND s.deleted_at IS NULL
         GROUP BY p.song_id
       ), raw AS (
         SELECT song_id, events_score, chart_score, events_score + ${CHART_POINTS} * chart_score AS raw FROM summed
       )
       SELECT song_id, events_score::real, chart_score::real, raw::float8,
              CASE WHEN raw > 0 THEN least(1, ln(1 + raw) / ln(1 + max(raw) OVER ())) ELSE 0 END::real AS popularity
       FROM raw`,
      [now, EVENT_WINDOW_DAYS, [...credit.keys()], [...credit.values()], CHART_WINDOW_MONTHS],
    );
    // songs that fell out of every window score 0 again; their row stays until the index has caught up
    await client.query(
      `UPDATE song_popularity p SET events_score = 0, chart_score = 0, popularity = 0, scored_at = $1
       WHERE NOT EXISTS (SELECT 1 FROM scored s WHERE s.song_id = p.song_id AND s.popularity > 0) AND p.popularity <> 0`,
      [now],
    );
    await client.query(
      `INSERT INTO song_popularity (song_id, events_score, chart_score, popularity, scored_at)
       SELECT song_id, events_score, chart_score, popularity, $1 FROM scored WHERE popularity > 0
       ON CONFLICT (song_id) DO UPDATE SET events_score = EXCLUDED.events_score, chart_score = EXCLUDED.chart_score,
         popularity = EXCLUDED.popularity, scored_at = EXCLUDED.scored_at`,
      [now],
    );
    const stats = await client.query<{ scored: string; max: number | null }>(
      'SELECT count(*) FILTER (WHERE popularity > 0) AS scored, max(raw) AS max FROM scored',
    );
    return { scored: Number(stats.rows[0].scored), maxRaw: stats.rows[0].max ?? 0 };
  });
}

/**
 * Writes song_popularity values the live index does not hold yet as partial updates (bulk `update` of the field and
 * of the suggestion weights that depend on it; no rebuild). Runs under the songs index lock, so it never interleaves with a rebuild's alias swap.
 */
export async function pushPopularityToIndex(
  deps: PopularityDeps,
  onProgress: RescoreProgress = () => undefined,
): Promise<{ changed: number; updated: number; missing: number }> {
  const alias = indexName(deps.config, SONGS_FAMILY);
  return withFamilyLock(
    deps.pg,
    SONGS_FAMILY,
    async () => {
      const { rows } = await deps.pg.query<{ song_id: string; popularity: number }>(
        `SELECT song_id, popularity FROM song_popularity
       WHERE in_index IS NULL OR abs(in_index - popularity) > ${EPSILON} ORDER BY song_id`,
      );
      let updated = 0;
      let missing = 0;
      for (let i = 0; i < rows.length; i += ES_BATCH) {
        const batch = rows.slice(i, i + ES_BATCH);
        // the suggestion weights carry popularity too: read them to rescale them with it
        type Standing = { popularity?: number; version?: string[]; suggest?: CompletionGroup[] };
        const current = await deps.es.mget<Standing>({
          index: alias,
          ids: batch.map((r) => String(r.song_id)),
          _source: ['popularity', 'version', 'suggest'],
        });
        const sourceOf = new Map(current.docs.map((d) => [d._id, 'found' in d && d.found ? d._source : undefined]));
        const operations = batch.flatMap((r) => {
          const suggest = rescaledSuggest(sourceOf.get(String(r.song_id)) ?? {}, r.popularity);
          return [
            { update: { _index: alias, _id: String(r.song_id) } },
            { doc: suggest ? { popularity: r.popularity, suggest } : { popularity: r.popularity } },
          ];
        });
        const res = await deps.es.bulk({ operations, refresh: false });
        const failed = res.items.map((it) => it.update!).filter((u) => u.error && u.status !== 404);
        if (failed.length)
          throw new Error(
            `popularity update of ${alias}: ${failed.length} failed, first: ${JSON.stringify(failed[0].error)}`,
          );
        // a song not in the index yet gets its popularity from the next sync or rebuild, which read song_popularity
        const notFound = res.items.filter((it) => it.update!.status === 404).length;
        missing += notFound;
        updated += batch.length - notFound;
        await deps.pg.query(
          `UPDATE song_popularity p SET in_index = x.popularity FROM unnest($1::bigint[], $2::real[]) AS x(song_id, popularity) WHERE p.song_id = x.song_id`,
          [batch.map((r) => r.song_id), batch.map((r) => r.popularity)],
        );
        onProgress(`index: ${Math.min(i + ES_BATCH, rows.length)}/${rows.length} popularity updates`);
      }
      if (rows.length) await deps.es.indices.refresh({ index: alias });
      await deps.pg.query('DELETE FROM song_popularity WHERE popularity = 0 AND in_index = 0');
      return { changed: rows.length, updated, missing };
    },
    { wait: true },
  );
}

/** The daily job: score in Postgres, then bring the live index up to date. */
export async function rescorePopularity(
  deps: PopularityDeps,
  opts: { now?: Date; onProgress?: RescoreProgress } = {},
): Promise<RescoreSummary> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => undefined);
  const scored = await scorePopularity(deps.pg, opts.now ?? new Date());
  progress(`scored ${scored.scored} songs with a popularity above 0`);
  const pushed = await pushPopularityToIndex(deps, progress);
  return {
    scored: scored.scored,
    changed: pushed.changed,
    updated: pushed.updated,
    missing: pushed.missing,
    maxRaw: scored.maxRaw,
    ms: Date.now() - started,
  };
}

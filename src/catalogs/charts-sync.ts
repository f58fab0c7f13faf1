// The weekly chart job: TJ's TOP and HOT charts, overall and for every genre, for the month so far. Each chart
// replaces its period's places in song_chart_lists; the overall TOP chart also becomes the month's places in
// song_charts, which popularity reads. A chart the source cannot give is reported, the others still land. Then
// the songs' genres follow the genre charts (src/songs/genres.ts).
import type { Pool } from 'pg';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { upsertChartRows } from '../songs/charts';
import { refreshSongGenres } from '../songs/genres';
import { TJ_CHART_GENRES } from './tj-source';
import { SourceError, type CatalogSource, type ChartRequest } from './source';

export interface ChartSyncSummary {
  period: { from: string; to: string };
  charts: number;
  places: number;
  /** charts the source refused or could not give, with why */
  failed: Array<{ chart: string; genre: number; reason: string }>;
  popularityMonth: { month: string; inserted: number; updated: number } | null;
  /** songs whose genres (songs.genres, from the genre charts) changed with this run */
  genresChanged: number;
  ms: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The month so far (Asia/Seoul) as a chart period: its first day to `now`. */
export function monthToDate(now: Date): { from: string; to: string } {
  const seoul = new Date(now.getTime() + 9 * 3600_000);
  return { from: `${day(seoul).slice(0, 8)}01`, to: day(seoul) };
}

export async function syncCharts(
  pg: Pool,
  source: CatalogSource,
  now: Date,
  log: (line: string) => void = () => undefined,
): Promise<ChartSyncSummary> {
  if (!source.charts) throw new Error(`the ${source.brand} source publishes no charts`);
  const started = Date.now();
  const period = monthToDate(now);
  const summary: ChartSyncSummary = {
    period,
    charts: 0,
    places: 0,
    failed: [],
    popularityMonth: null,
    genresChanged: 0,
    ms: 0,
  };
  for (const chart of ['TOP', 'HOT'] as const) {
    for (let genre = 0; genre < TJ_CHART_GENRES.length; genre++) {
      const req: ChartRequest = { chart, from: period.from, to: period.to, genre };
      let places;
      try {
        places = await source.charts(req);
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        summary.failed.push({ chart, genre, reason: `${err.kind}: ${err.message}` });
        continue;
      }
      await withTransaction(pg, async (c) => {
        await c.query(
          'DELETE FROM song_chart_lists WHERE brand = $1 AND chart = $2 AND genre = $3 AND period_start = $4',
          [source.brand, chart, genre, period.from],
        );
        await c.query(
          `INSERT INTO song_chart_lists (brand, chart, genre, genre_name, period_start, period_end, rank, no)
           SELECT $1, $2, $3, $4, $5, $6, rank, no FROM unnest($7::int[], $8::text[]) AS t(rank, no)
           ON CONFLICT DO NOTHING`,
          [
            source.brand,
            chart,
            genre,
            TJ_CHART_GENRES[genre],
            period.from,
            period.to,
            places.map((p) => p.rank),
            places.map((p) => p.no),
          ],
        );
      });
      summary.charts++;
      summary.places += places.length;
      if (chart === 'TOP' && genre === 0) {
        const month = period.from;
        summary.popularityMonth = {
          month: month.slice(0, 7),
          ...(await upsertChartRows(
            pg,
            places.map((p) => ({ brand: source.brand, month, rank: p.rank, no: p.no })),
          )),
        };
      }
      log(`${source.brand} ${chart} ${TJ_CHART_GENRES[genre]}: ${places.length} places`);
    }
  }
  // every song, not only those placed now: a place older than the genre window no longer gives its genre
  summary.genresChanged = await withTransaction(pg, async (c) => {
    await lockForTransaction(c, 'songs-merge'); // the merge rewrites the same songs: one after the other, never a deadlock
    return refreshSongGenres(c, { now });
  });
  log(`${summary.genresChanged} songs changed genres`);
  summary.ms = Date.now() - started;
  return summary;
}

// The weekly TJ chart job against the TJ fixture server and real Postgres: every TOP/HOT chart, overall and per
// genre, replaces its period's places; the overall TOP chart becomes the month's places popularity reads.
import { testDeps, closeDeps } from '../support';
import { PoliteFetch } from '../../src/catalogs/polite-fetch';
import { TjSource, TJ_CHART_GENRES } from '../../src/catalogs/tj-source';
import { monthToDate, syncCharts } from '../../src/catalogs/charts-sync';
import { syntheticSources } from '../../tools/synthetic/brand-sources';
import { startTjFixture, type TjFixture } from '../../tools/fixtures/catalog-servers';

const deps = testDeps();
let fx: TjFixture;
let source: TjSource;
const now = new Date('2026-11-18T03:00:00Z');

beforeAll(async () => {
  fx = await startTjFixture({ songs: syntheticSources({ tjSongs: 400, kySongs: 10 }).tj });
  let t = 0; // virtual time: pacing is planned, never waited for
  const fetcher = new PoliteFetch({
    userAgent: 'NoraeTestBot/1.0',
    requestsPerSecond: 1,
    timeoutMs: 5000,
    maxBytes: 1 << 24,
    retries: 1,
    backoffMs: 10,
    clock: {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    },
  });
  source = new TjSource({ baseUrl: fx.url, fetcher });
  await deps.pg.query(
    "DELETE FROM song_chart_lists WHERE brand = 'tj'; DELETE FROM song_charts WHERE brand = 'tj' AND month = '2026-11-01'",
  );
});
afterAll(async () => {
  await fx.close();
  await closeDeps(deps);
});

test('the month so far in Seoul is the chart period', () => {
  expect(monthToDate(new Date('2026-11-30T16:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  expect(monthToDate(now)).toEqual({ from: '2026-11-01', to: '2026-11-18' });
});

test('all 24 charts are stored, and the overall TOP chart lands in song_charts for popularity', async () => {
  const summary = await syncCharts(deps.pg, source, now);
  expect(summary.failed).toEqual([]);
  expect(summary.charts).toBe(2 * TJ_CHART_GENRES.length);
  const lists = await deps.pg.query(
    "SELECT chart, genre, count(*)::int AS n FROM song_chart_lists WHERE brand = 'tj' GROUP BY 1, 2 ORDER BY 1, 2",
  );
  expect(lists.rows).toHaveLength(24);
  expect(lists.rows.every((r) => r.n > 0 && r.n <= 100)).toBe(true);
  const top = await deps.pg.query(
    "SELECT rank, no FROM song_chart_lists WHERE brand = 'tj' AND chart = 'TOP' AND genre = 0 ORDER BY rank",
  );
  const month = await deps.pg.query(
    "SELECT rank, no FROM song_charts WHERE brand = 'tj' AND month = '2026-11-01' ORDER BY rank",
  );
  expect(month.rows).toEqual(top.rows);
  expect(summary.popularityMonth).toMatchObject({ month: '2026-11', inserted: top.rows.length });
  const asked = fx.requests.filter((r) => r.path.endsWith('/topAndHot100'));
  expect(asked.map((r) => r.form.get('searchStartDate'))).toEqual(Array(24).fill('2026-11-01'));
});

test('a chart the site cannot give is reported and leaves the period it had; the others are replaced', async () => {
  const before = await deps.pg.query(
    "SELECT count(*)::int AS n FROM song_chart_lists WHERE chart = 'HOT' AND genre = 3",
  );
  fx.fail(
    { kind: 'maintenance' },
    {
      times: 10,
      match: (r) =>
        r.path.endsWith('/topAndHot100') && r.form.get('chartType') === 'HOT' && r.form.get('strType') === '3',
    },
  );
  const summary = await syncCharts(deps.pg, source, now);
  expect(summary.failed).toEqual([
    expect.objectContaining({ chart: 'HOT', genre: 3, reason: expect.stringMatching(/^maintenance/) }),
  ]);
  expect(summary.charts).toBe(23);
  const after = await deps.pg.query(
    "SELECT count(*)::int AS n FROM song_chart_lists WHERE chart = 'HOT' AND genre = 3",
  );
  expect(after.rows[0].n).toBe(before.rows[0].n);
});

import cron from 'node-cron';
import { loadConfig } from '../platform/config';
import { catalogJobs } from './jobs';

describe('catalogJobs', () => {
  test('new songs daily, full listings weekly for both brands, TJ charts weekly, TJ enrichment daily, on valid schedules from the config', () => {
    const config = loadConfig({ APP_ENV: 'test', CRON_CATALOG_KY_FULL: '0 2 * * 4' });
    const jobs = catalogJobs({ config });
    expect(jobs.map((j) => j.name)).toEqual([
      'catalog-tj-new',
      'catalog-ky-new',
      'catalog-tj-full',
      'catalog-ky-full',
      'catalog-tj-charts',
      'catalog-tj-enrich',
    ]);
    for (const j of jobs) expect(cron.validate(j.cron)).toBe(true);
    const s = config.catalogs.schedule;
    expect(jobs.map((j) => j.cron)).toEqual([s.tjNew, s.kyNew, s.tjFull, '0 2 * * 4', s.tjCharts, s.tjEnrich]);
    // daily at a fixed minute and hour; weekly on one day of the week
    expect(s.tjNew.split(' ').slice(2)).toEqual(['*', '*', '*']);
    expect(s.tjFull.split(' ')[4]).toMatch(/^[0-6]$/);
  });

  test('the schedule syncs catalogs only in production unless CATALOG_SCHEDULE says so', () => {
    expect(loadConfig({ APP_ENV: 'local' }).catalogs.scheduled).toBe(false);
    expect(loadConfig({ APP_ENV: 'production', DATABASE_URL: 'postgres://x@localhost/db' }).catalogs.scheduled).toBe(
      true,
    );
    expect(loadConfig({ APP_ENV: 'local', CATALOG_SCHEDULE: 'true' }).catalogs.scheduled).toBe(true);
  });
});

import cron from 'node-cron';
import { loadConfig } from '../platform/config';
import { catalogJobs, DEFAULT_CATALOG_SCHEDULE } from './jobs';

describe('catalogJobs', () => {
  test('new songs daily and full listings weekly for both brands, on valid schedules', () => {
    const jobs = catalogJobs({ config: loadConfig({ APP_ENV: 'test' }) });
    expect(jobs.map((j) => j.name)).toEqual(['catalog-tj-new', 'catalog-ky-new', 'catalog-tj-full', 'catalog-ky-full']);
    for (const j of jobs) expect(cron.validate(j.cron)).toBe(true);
    expect(jobs.map((j) => j.cron)).toEqual([DEFAULT_CATALOG_SCHEDULE.tjNew, DEFAULT_CATALOG_SCHEDULE.kyNew, DEFAULT_CATALOG_SCHEDULE.tjFull, DEFAULT_CATALOG_SCHEDULE.kyFull]);
    // daily at a fixed minute and hour; weekly on one day of the week
    expect(DEFAULT_CATALOG_SCHEDULE.tjNew.split(' ').slice(2)).toEqual(['*', '*', '*']);
    expect(DEFAULT_CATALOG_SCHEDULE.kyFull.split(' ')[4]).toMatch(/^[0-6]$/);
  });
});

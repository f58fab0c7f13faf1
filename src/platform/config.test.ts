import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  test('defaults point at the local stack with per-environment names', () => {
    const c = loadConfig({});
    expect(c.env).toBe('local');
    expect(c.port).toBe(3000);
    expect(c.esUrl).toBe('http://127.0.0.1:9200');
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/norae');
    expect(c.redisPrefix).toBe('norae:local:');
    expect(c.esIndexPrefix).toBe('norae_local_');
    expect(c.cron.enabled).toBe(true);
  });

  test('test environment gets its own database and prefixes and no cron', () => {
    const c = loadConfig({ APP_ENV: 'test' });
    expect(c.databaseUrl.endsWith('/norae_test')).toBe(true);
    expect(c.redisPrefix).toBe('norae:test:');
    expect(c.cron.enabled).toBe(false);
  });

  test('every bad value is reported at once, naming the variable', () => {
    try {
      loadConfig({ PORT: 'eighty', ES_URL: 'not a url', APP_ENV: 'staging', CRON_ENABLED: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT must be an integer/);
      expect(problems).toMatch(/ES_URL must be a URL/);
      expect(problems).toMatch(/APP_ENV must be local, test or production/);
      expect(problems).toMatch(/CRON_ENABLED must be true or false/);
    }
  });

  test('rejects a database URL with the wrong scheme', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL must use postgres:/);
  });
});

describe('loadConfig messages', () => {
  test('each kind of value names its rule and the value given', () => {
    const problems = (() => {
      try {
        loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', REDIS_URL: 'http://x', SEARCH_LOG_BATCH_SIZE: '1.5' });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      'LOG_LEVEL must be debug, info, warn, error or silent (got "loud")',
      'PORT must be an integer from 0 to 65535 (got "70000")',
      'REDIS_URL must use redis: or rediss: (got "http://x")',
      'SEARCH_LOG_BATCH_SIZE must be an integer from 1 to 10000 (got "1.5")',
    ]);
  });
});

describe('loadConfig catalogs', () => {
  test("the brands' sites by default, read at one request a second with an identifying User-Agent", () => {
    const c = loadConfig({}).catalogs;
    expect(c).toMatchObject({
      tjUrl: 'https://www.tjmedia.com',
      kyUrl: 'https://kysing.kr',
      kyPlayerUrl: 'http://my.kysing.kr',
      requestsPerSecond: 1,
      minListingRatio: 0.9,
      withdrawAfterListings: 3,
    });
    expect(c.userAgent).toMatch(/^\w+\/[\d.]+ \(\+https?:\/\//);
    expect(c.maxBytes).toBeGreaterThan(17 * 1024 * 1024);
  });

  test('fractions are read as numbers and checked against their range', () => {
    expect(
      loadConfig({ CATALOG_REQUESTS_PER_SECOND: '0.5', CATALOG_MIN_LISTING_RATIO: '0.75' }).catalogs,
    ).toMatchObject({ requestsPerSecond: 0.5, minListingRatio: 0.75 });
    const problems = (() => {
      try {
        loadConfig({
          CATALOG_MIN_LISTING_RATIO: '1.5',
          CATALOG_TJ_URL: 'ftp://x',
          CATALOG_KY_URL: 'kysing',
          CATALOG_REQUESTS_PER_SECOND: 'fast',
        });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      'CATALOG_TJ_URL must use http: or https: (got "ftp://x")',
      'CATALOG_KY_URL must be a URL (got "kysing")',
      'CATALOG_REQUESTS_PER_SECOND must be a number from 0.01 to 1000 (got "fast")',
      'CATALOG_MIN_LISTING_RATIO must be a number from 0 to 1 (got "1.5")',
    ]);
  });
});

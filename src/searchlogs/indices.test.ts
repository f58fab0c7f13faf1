import { dailyIndexName, dayOfIndex, expiredIndices } from './indices';

const config = { esIndexPrefix: 'norae_x_' };

test('daily index names use the UTC day', () => {
  expect(dailyIndexName(config, new Date('2025-03-09T23:30:00Z'))).toBe('norae_x_search-logs-2025.03.09');
  expect(dailyIndexName(config, new Date('2025-03-09T23:30:00-05:00'))).toBe('norae_x_search-logs-2025.03.10');
});

test('only our own well-formed names parse to a day', () => {
  expect(dayOfIndex(config, 'norae_x_search-logs-2025.03.09')?.toISOString()).toBe('2025-03-09T00:00:00.000Z');
  expect(dayOfIndex(config, 'norae_y_search-logs-2025.03.09')).toBeNull();
  expect(dayOfIndex(config, 'norae_x_search-logs-latest')).toBeNull();
});

test('retention keeps exactly retentionDays days before today', () => {
  const names = ['2025.03.01', '2025.03.02', '2025.03.03', '2025.03.10'].map((d) => `norae_x_search-logs-${d}`);
  const now = new Date('2025-03-10T12:00:00Z');
  expect(expiredIndices(config, [...names, 'norae_x_songs-1'], 8, now)).toEqual(['norae_x_search-logs-2025.03.01']);
  expect(expiredIndices(config, names, 7, now)).toEqual([
    'norae_x_search-logs-2025.03.01',
    'norae_x_search-logs-2025.03.02',
  ]);
});

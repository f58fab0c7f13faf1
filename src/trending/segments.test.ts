import { segmentOf, segmentsFor } from './segments';

test('a search counts in all, its gender, its age band and the pair', () => {
  expect(segmentsFor({ gender: 'female', ageBand: '20s' })).toEqual(['all', 'g:female', 'a:20s', 'ga:female:20s']);
  expect(segmentsFor({})).toEqual(['all']);
});

test('a trending read picks the most specific bucket asked for', () => {
  expect(segmentOf({})).toBe('all');
  expect(segmentOf({ ageBand: '30s' })).toBe('a:30s');
  expect(segmentOf({ gender: 'male', ageBand: '30s' })).toBe('ga:male:30s');
  // whatever is read must be something a search writes
  expect(segmentsFor({ gender: 'male', ageBand: '30s' })).toContain(segmentOf({ gender: 'male', ageBand: '30s' }));
});

test('genders trending keeps no list for count in the lists for everyone and the age band', () => {
  expect(segmentsFor({ gender: 'other', ageBand: '20s' })).toEqual(['all', 'a:20s']);
  expect(segmentOf({ gender: 'other' })).toBe('all');
});

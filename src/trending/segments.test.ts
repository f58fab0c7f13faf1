import { ageBandOf, genderOf, segmentOf, segmentsFor } from './segments';

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

test('age bands come from ages or Kakao age ranges', () => {
  expect(ageBandOf(27)).toBe('20s');
  expect(ageBandOf('40s')).toBe('40s');
  expect(ageBandOf('30~39')).toBe('30s');
  expect(ageBandOf(71)).toBe('60s+');
  expect(ageBandOf(9)).toBeUndefined();
  expect(ageBandOf(null)).toBeUndefined();
});

test('genders accept words and letters', () => {
  expect(genderOf('F')).toBe('female');
  expect(genderOf('male')).toBe('male');
  expect(genderOf('x')).toBeUndefined();
});

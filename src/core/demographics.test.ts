import { ageBandFromBirthYear, ageBandOf, genderOf } from './demographics';

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

test('age bands from birth years, by the UTC year of now', () => {
  expect(ageBandFromBirthYear(2003, new Date('2025-06-01T00:00:00Z'))).toBe('20s');
  expect(ageBandFromBirthYear(null)).toBeNull();
});

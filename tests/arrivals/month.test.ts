import { monthBounds, seoulMonth } from '../../src/arrivals/new-songs';

describe('the 신곡 month', () => {
  test('is the calendar month in Seoul, not in UTC', () => {
    expect(seoulMonth(new Date('2030-04-30T14:59:59Z'))).toBe('2030-04');
    expect(seoulMonth(new Date('2030-04-30T15:00:00Z'))).toBe('2030-05'); // 00:00 on 1 May in Seoul
    expect(seoulMonth(new Date('2030-12-31T15:30:00Z'))).toBe('2031-01');
  });

  test('spans its first day up to the first day of the next month', () => {
    expect(monthBounds('2030-05')).toEqual({ start: '2030-05-01', end: '2030-06-01' });
    expect(monthBounds('2030-12')).toEqual({ start: '2030-12-01', end: '2031-01-01' });
    expect(() => monthBounds('2030-13')).toThrow('YYYY-MM');
    expect(() => monthBounds('2030-5')).toThrow('YYYY-MM');
  });
});

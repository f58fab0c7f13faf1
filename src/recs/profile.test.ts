import { capPerArtist, profileVector, recencyWeight } from './profile';

describe('profile vector', () => {
  test('is the weighted mean of unit vectors, returned at unit length', () => {
    const p = profileVector([
      { vector: [10, 0], weight: 1 },
      { vector: [0, 1], weight: 1 },
    ])!;
    expect(p[0]).toBeCloseTo(Math.SQRT1_2, 5); // the long [10, 0] does not dominate
    expect(p[1]).toBeCloseTo(Math.SQRT1_2, 5);
  });

  test('recent songs weigh more: the profile leans to the heavier side', () => {
    const p = profileVector([
      { vector: [1, 0], weight: recencyWeight(0) },
      { vector: [0, 1], weight: recencyWeight(60) },
    ])!;
    expect(p[0]).toBeGreaterThan(p[1] * 3);
    expect(recencyWeight(30)).toBeCloseTo(0.5, 6);
  });

  test('is undefined without usable vectors', () => {
    expect(profileVector([])).toBeUndefined();
    expect(profileVector([{ vector: [0, 0], weight: 1 }])).toBeUndefined();
    expect(profileVector([{ vector: [1, 0], weight: 0 }])).toBeUndefined();
  });
});

describe('per-artist cap', () => {
  const ranked = [
    { id: 1, artist: '아이유' },
    { id: 2, artist: '아이유' },
    { id: 3, artist: 'BTS' },
    { id: 4, artist: ' 아이 유' },
    { id: 5, artist: 'bts' },
    { id: 6, artist: 'BTS' },
    { id: 7, artist: '이무진' },
  ];
  test('keeps order and at most n songs per artist (case/space-insensitive)', () => {
    expect(capPerArtist(ranked, 2).map((r) => r.id)).toEqual([1, 2, 3, 5, 7]);
    expect(capPerArtist(ranked, 1).map((r) => r.id)).toEqual([1, 3, 7]);
  });
  test('stops at the limit', () => {
    expect(capPerArtist(ranked, 2, 3).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});

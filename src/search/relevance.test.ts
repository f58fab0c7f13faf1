import { fuzzinessFor, parseSongRelevance, songRelevance } from './relevance';
import { SONG_GENRES } from '../songs/genres';
import { NATIONS } from '../catalogs/source';

describe('fuzzinessFor: the one home of the jamo typo thresholds', () => {
  test.each([
    ['ㄴㅓㅇㅢ', 0],
    ['ㄴㅓㅇㅢㅇ', 1],
    ['ㅂㅏㅁㅍㅕㄴㅈㅣㅇ', 1],
    ['ㅂㅏㅁㅍㅕㄴㅈㅣㅇㅏ', 2],
    ['ㄱ'.repeat(40), 2],
    ['ㄱ'.repeat(41), 0],
  ] as const)('%s -> %i edits', (jamo, edits) => expect(fuzzinessFor(jamo)).toBe(edits));
});

describe('the relevance profile file', () => {
  test('a missing or mistyped setting stops the load, naming it', () => {
    const broken = JSON.parse(JSON.stringify(songRelevance));
    delete broken.whole.artistExact;
    expect(() => parseSongRelevance(broken)).toThrow(/whole\.artistExact/);
    broken.whole.artistExact = '40';
    expect(() => parseSongRelevance(broken)).toThrow(/whole\.artistExact/);
  });

  test('facet sizes cover every genre and nation', () => {
    expect(songRelevance.facets.genre.size).toBeGreaterThanOrEqual(SONG_GENRES.length);
    expect(songRelevance.facets.nation.size).toBeGreaterThanOrEqual(NATIONS.length);
  });
});

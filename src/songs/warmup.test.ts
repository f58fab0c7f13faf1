import { readQuery } from '../search/readings';
import { buildKeystrokeRequest } from '../search/song-keystroke';
import { buildSongQuery } from '../search/song-query';
import { fallbackSongQueries, songWarmupRequests, typedPrefixes } from './warmup';

test('typedPrefixes: the keystrokes the autocomplete route sees on the way to the whole query', () => {
  expect(typedPrefixes('밤편지 아이유')).toEqual(['밤', '밤편', '밤편지', '밤편지 아이유']);
  expect(typedPrefixes('a b')).toEqual(['a', 'a b']);
  expect(typedPrefixes('IU')).toEqual(['I', 'IU']);
});

test("songWarmupRequests: the live builders' bodies for every prefix (keystroke, prefix, typo) and the full search", () => {
  const bodies = songWarmupRequests(['ㅂㅍㅈ'], { keystroke: true }).map((b) => JSON.stringify(b));
  const p = readQuery('ㅂㅍ');
  expect(bodies).toContain(JSON.stringify(buildKeystrokeRequest(p, { size: 10 })?.request));
  expect(bodies).toContain(JSON.stringify(buildSongQuery(p, 'prefix', { from: 0, size: 10 })));
  expect(bodies).toContain(JSON.stringify(buildSongQuery(p, 'typo', { from: 0, size: 10 })));
  expect(bodies).toContain(
    JSON.stringify(buildSongQuery(readQuery('ㅂㅍㅈ'), 'full', { from: 0, size: 20, filters: {} })),
  );
  expect(new Set(bodies).size).toBe(bodies.length);
  expect(bodies.some((b) => b.includes('"suggest"'))).toBe(true);
});

test('songWarmupRequests: no completion suggesters when the keystroke path is off; unparsable input is skipped', () => {
  const bodies = songWarmupRequests(['ㅂㅍㅈ', '!!!'], { keystroke: false });
  expect(bodies.length).toBeGreaterThan(0);
  expect(bodies.some((b) => 'suggest' in b)).toBe(false);
});

test('the fallback mix is non-empty, distinct and every query yields requests', () => {
  const queries = fallbackSongQueries();
  expect(queries.length).toBeGreaterThanOrEqual(50);
  expect(new Set(queries).size).toBe(queries.length);
  for (const q of queries) expect(songWarmupRequests([q], { keystroke: true }).length).toBeGreaterThan(0);
});

import { parseSearchQuery } from '../korean';
import { buildSongSearch, songQueryClauses } from './search-query';

const fields = (clauses: unknown[]) => JSON.stringify(clauses);

describe('buildSongSearch', () => {
  test('a chosung query searches the chosung fields, not the text fields', () => {
    const s = fields(songQueryClauses(parseSearchQuery('ㄴㅇㅇㅁ'), 'search'));
    expect(s).toContain('{"term":{"title_chosung":"ㄴㅇㅇㅁ"}');
    expect(s).not.toContain('{"term":{"title_compact":"ㄴㅇㅇㅁ"}');
    expect(s).not.toContain('fuzziness');
  });

  test('digits look up both brand numbers exactly', () => {
    const s = fields(songQueryClauses(parseSearchQuery('31954'), 'search'));
    expect(s).toContain('{"term":{"tj_no":"31954"}');
    expect(s).toContain('{"term":{"ky_no":"31954"}');
  });

  test('Korean typed in English mode also searches the converted text', () => {
    const s = fields(songQueryClauses(parseSearchQuery('dkdldb'), 'search'));
    expect(s).toContain('{"term":{"artist_compact":"아이유"}');
  });

  test('a one-letter word only ranks what the other words find; longer words keep the one-missing tolerance', () => {
    // the per-word clause: the bool whose clauses are one dis_max per word
    const wordsOf = (q: string) => {
      const found: Array<Record<string, unknown>> = [];
      const walk = (node: unknown) => {
        if (!node || typeof node !== 'object') return;
        const bool = (node as { bool?: Record<string, unknown> }).bool;
        if (bool && JSON.stringify(bool).includes('dis_max') && ('must' in bool || 'minimum_should_match' in bool) && !JSON.stringify(bool.must ?? []).startsWith('{"dis_max"')) found.push(bool);
        Object.values(node).forEach(walk);
      };
      walk(songQueryClauses(parseSearchQuery(q), 'autocomplete'));
      return found[0];
    };
    const withLetter = wordsOf('아이유 ㅂ');
    expect(JSON.stringify(withLetter.must)).toContain('아이유');
    expect(JSON.stringify(withLetter.must)).not.toContain('"title_chosung":"ㅂ"');
    expect(JSON.stringify(withLetter.should)).toContain('"title_chosung":"ㅂ"');
    const twoWords = wordsOf('밤편지 아이유');
    expect(twoWords.minimum_should_match).toBe(1);
    expect((twoWords.should as unknown[]).length).toBe(2);
    const lettersOnly = wordsOf('ㅂ ㅇ');
    expect((lettersOnly.must as unknown[]).length).toBe(2);
  });

  test('autocomplete uses prefix lookups and at most one one-edit typo lookup; no total count, no highlight', () => {
    const req = buildSongSearch(parseSearchQuery('밤편지'), { from: 0, size: 10, mode: 'autocomplete' });
    expect(JSON.stringify(req).match(/fuzziness/g)).toEqual(['fuzziness']);
    expect(JSON.stringify(req)).toContain('"fuzziness":1');
    expect(req.track_total_hits).toBe(false);
    expect(req.highlight).toBeUndefined();
  });

  test('search adds typo tolerance, totals and highlights', () => {
    const req = buildSongSearch(parseSearchQuery('밤편지'), { from: 20, size: 10, mode: 'search' });
    expect(JSON.stringify(req)).toContain('"title_typo":{"value":"ㅂㅏㅁㅍㅕㄴㅈㅣ","fuzziness":1');
    expect(req.track_total_hits).toBe(true);
    expect(req.from).toBe(20);
    expect(req.highlight?.fields).toHaveProperty('title');
  });

  test('a brand keeps only songs that brand carries', () => {
    const req = buildSongSearch(parseSearchQuery('봄날'), { brand: 'ky', from: 0, size: 10, mode: 'search' });
    expect(JSON.stringify(req.query)).toContain('"filter":[{"term":{"brands":"ky"}}]');
  });

  test('user text only ever reaches match/term queries, never query_string', () => {
    const req = buildSongSearch(parseSearchQuery('a:b AND (c OR d*)'), { from: 0, size: 10, mode: 'search' });
    expect(JSON.stringify(req)).not.toMatch(/query_string|simple_query_string/);
  });

  test('a brand in the text or the parameter restricts a number to that brand\'s number', () => {
    const fromText = fields(songQueryClauses(parseSearchQuery('금영 4567'), 'search'));
    expect(fromText).toContain('{"term":{"ky_no":"4567"}');
    expect(fromText).not.toContain('tj_no');
    const fromParam = fields(songQueryClauses(parseSearchQuery('4567'), 'autocomplete', 'tj'));
    expect(fromParam).toContain('{"term":{"tj_no":"4567"}');
    expect(fromParam).not.toContain('ky_no');
  });

  test('초성 and letters mixed look up each word by its own key, in any order', () => {
    const s = fields(songQueryClauses(parseSearchQuery('볼빨간 ㅇㅎ'), 'autocomplete'));
    expect(s).toContain('{"term":{"title_chosung":"ㅇㅎ"}');
    expect(s).toContain('{"term":{"artist_compact":"볼빨간"}');
  });

  test('English typed in Korean mode also searches the Latin keys', () => {
    const s = fields(songQueryClauses(parseSearchQuery('ㅠㅕㅅㅅㄷㄱ'), 'autocomplete'));
    expect(s).toContain('{"term":{"title_compact":"butter"}');
  });

  test('jamo typos are fuzzed with no prefix kept, so the first syllable may be wrong; autocomplete only whole titles', () => {
    expect(fields(songQueryClauses(parseSearchQuery('빔편지'), 'autocomplete'))).not.toContain('artist_typo');
    const typo = fields(songQueryClauses(parseSearchQuery('빔편지'), 'typo'));
    expect(typo).toContain('"title_typo":{"value":"ㅂㅣㅁㅍㅕㄴㅈㅣ","fuzziness":1,"prefix_length":0');
  });

  test('the keystroke typo fallback fuzzes a key of more than 12 jamo by one edit; search keeps two', () => {
    const q = parseSearchQuery('사랑했지만 그대를'); // 21 jamo
    const edits = (mode: 'typo' | 'search') => [...fields(songQueryClauses(q, mode)).matchAll(/"title_typo":\{"value":"ㅅㅏㄹㅏㅇㅎㅐㅆㅈㅣㅁㅏㄴㄱㅡㄷㅐㄹㅡㄹ","fuzziness":(\d)/g)].map((m) => Number(m[1]));
    expect(edits('typo')).toEqual([1]);
    expect(edits('search')).toEqual([2]);
    // a key of 10-12 jamo keeps two edits in the fallback too
    expect(fields(songQueryClauses(parseSearchQuery('너의 의미'), 'typo'))).toContain('"title_typo":{"value":"ㄴㅓㅇㅡㅣㅇㅡㅣㅁㅣ","fuzziness":2');
  });

  test('long Hangul is never fuzzed', () => {
    const long = '가나다라마바사아자차카타파하'.repeat(2);
    expect(fields(songQueryClauses(parseSearchQuery(long), 'search'))).not.toContain('title_typo');
  });
});

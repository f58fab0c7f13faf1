import { readQuery } from './readings';
import { buildSongQuery, songQueryClauses } from './song-query';

const fields = (clauses: unknown[]) => JSON.stringify(clauses);

describe('buildSongQuery', () => {
  test('a chosung query searches the chosung fields, not the text fields', () => {
    const s = fields(songQueryClauses(readQuery('ㄴㅇㅇㅁ'), 'full'));
    expect(s).toContain('{"term":{"title_chosung":"ㄴㅇㅇㅁ"}');
    expect(s).not.toContain('{"term":{"title_compact":"ㄴㅇㅇㅁ"}');
    expect(s).not.toContain('fuzziness');
  });

  test('digits look up both brand numbers exactly', () => {
    const s = fields(songQueryClauses(readQuery('31954'), 'full'));
    expect(s).toContain('{"term":{"tj_no":"31954"}');
    expect(s).toContain('{"term":{"ky_no":"31954"}');
  });

  test('Korean typed in English mode also searches the converted text', () => {
    const s = fields(songQueryClauses(readQuery('dkdldb'), 'full'));
    expect(s).toContain('{"term":{"artist_compact":"아이유"}');
  });

  test('a one-letter word only ranks what the other words find; longer words keep the one-missing tolerance', () => {
    // the per-word clause: the bool whose clauses are one dis_max per word
    const wordsOf = (q: string) => {
      const found: Array<Record<string, unknown>> = [];
      const walk = (node: unknown) => {
        if (!node || typeof node !== 'object') return;
        const bool = (node as { bool?: Record<string, unknown> }).bool;
        if (
          bool &&
          JSON.stringify(bool).includes('dis_max') &&
          ('must' in bool || 'minimum_should_match' in bool) &&
          !JSON.stringify(bool.must ?? []).startsWith('{"dis_max"')
        )
          found.push(bool);
        Object.values(node).forEach(walk);
      };
      walk(songQueryClauses(readQuery(q), 'prefix'));
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
    const req = buildSongQuery(readQuery('밤편지'), 'prefix', { from: 0, size: 10 });
    expect(JSON.stringify(req).match(/fuzziness/g)).toEqual(['fuzziness']);
    expect(JSON.stringify(req)).toContain('"fuzziness":1');
    expect(req.track_total_hits).toBe(false);
    expect(req.highlight).toBeUndefined();
  });

  test('search adds typo tolerance, totals and highlights', () => {
    const req = buildSongQuery(readQuery('밤편지'), 'full', { from: 20, size: 10 });
    expect(JSON.stringify(req)).toContain('"title_typo":{"value":"ㅂㅏㅁㅍㅕㄴㅈㅣ","fuzziness":1');
    expect(req.track_total_hits).toBe(true);
    expect(req.from).toBe(20);
    expect(req.highlight?.fields).toHaveProperty('title');
  });

  test('a brand keeps only songs that brand carries', () => {
    const req = buildSongQuery(readQuery('봄날'), 'full', { brand: 'ky', from: 0, size: 10 });
    expect(JSON.stringify(req.query)).toContain('"filter":[{"term":{"brands":"ky"}}]');
  });

  test('user text only ever reaches match/term queries, never query_string', () => {
    const req = buildSongQuery(readQuery('a:b AND (c OR d*)'), 'full', { from: 0, size: 10 });
    expect(JSON.stringify(req)).not.toMatch(/query_string|simple_query_string/);
  });

  test("a brand in the text or the parameter restricts a number to that brand's number", () => {
    const fromText = fields(songQueryClauses(readQuery('금영 4567'), 'full'));
    expect(fromText).toContain('{"term":{"ky_no":"4567"}');
    expect(fromText).not.toContain('tj_no');
    const fromParam = fields(songQueryClauses(readQuery('4567'), 'prefix', 'tj'));
    expect(fromParam).toContain('{"term":{"tj_no":"4567"}');
    expect(fromParam).not.toContain('ky_no');
  });

  test('초성 and letters mixed look up each word by its own key, in any order', () => {
    const s = fields(songQueryClauses(readQuery('볼빨간 ㅇㅎ'), 'prefix'));
    expect(s).toContain('{"term":{"title_chosung":"ㅇㅎ"}');
    expect(s).toContain('{"term":{"artist_compact":"볼빨간"}');
  });

  test('English typed in Korean mode also searches the Latin keys', () => {
    const s = fields(songQueryClauses(readQuery('ㅠㅕㅅㅅㄷㄱ'), 'prefix'));
    expect(s).toContain('{"term":{"title_compact":"butter"}');
  });

  test('jamo typos are fuzzed with no prefix kept, so the first syllable may be wrong; autocomplete only whole titles', () => {
    expect(fields(songQueryClauses(readQuery('빔편지'), 'prefix'))).not.toContain('artist_typo');
    const typo = fields(songQueryClauses(readQuery('빔편지'), 'typo'));
    expect(typo).toContain('"title_typo":{"value":"ㅂㅣㅁㅍㅕㄴㅈㅣ","fuzziness":1,"prefix_length":0');
  });

  test('the keystroke typo fallback fuzzes a key of more than 12 jamo by one edit; search keeps two', () => {
    const q = readQuery('사랑했지만 그대를'); // 21 jamo
    const edits = (mode: 'typo' | 'full') =>
      [
        ...fields(songQueryClauses(q, mode)).matchAll(
          /"title_typo":\{"value":"ㅅㅏㄹㅏㅇㅎㅐㅆㅈㅣㅁㅏㄴㄱㅡㄷㅐㄹㅡㄹ","fuzziness":(\d)/g,
        ),
      ].map((m) => Number(m[1]));
    expect(edits('typo')).toEqual([1]);
    expect(edits('full')).toEqual([2]);
    // a key of 10-12 jamo keeps two edits in the fallback too
    expect(fields(songQueryClauses(readQuery('너의 의미'), 'typo'))).toContain(
      '"title_typo":{"value":"ㄴㅓㅇㅡㅣㅇㅡㅣㅁㅣ","fuzziness":2',
    );
  });

  test('long Hangul is never fuzzed', () => {
    const long = '가나다라마바사아자차카타파하'.repeat(2);
    expect(fields(songQueryClauses(readQuery(long), 'full'))).not.toContain('title_typo');
  });
});

import { parseSearchQuery } from '../korean';
import { buildSongSearch, songQueryClauses } from './search-query';

const fields = (clauses: unknown[]) => JSON.stringify(clauses);

describe('buildSongSearch', () => {
  test('a chosung query searches the chosung fields, not the text fields', () => {
    const s = fields(songQueryClauses(parseSearchQuery('ㄴㅇㅇㅁ'), 'search'));
    expect(s).toContain('"title_chosung":{"query":"ㄴㅇㅇㅁ"');
    expect(s).not.toContain('title_compact');
  });

  test('digits look up both brand numbers exactly', () => {
    const s = fields(songQueryClauses(parseSearchQuery('31954'), 'search'));
    expect(s).toContain('"tj_no":{"value":"31954"');
    expect(s).toContain('"ky_no":{"value":"31954"');
  });

  test('Korean typed in English mode also searches the converted text', () => {
    const s = fields(songQueryClauses(parseSearchQuery('dkdldb'), 'search'));
    expect(s).toContain('"artist_compact":{"query":"아이유"');
  });

  test('autocomplete uses prefix lookups only: no fuzzy clause, no total count, no highlight', () => {
    const req = buildSongSearch(parseSearchQuery('밤편지'), { from: 0, size: 10, mode: 'autocomplete' });
    expect(JSON.stringify(req)).not.toContain('fuzziness');
    expect(req.track_total_hits).toBe(false);
    expect(req.highlight).toBeUndefined();
  });

  test('search adds typo tolerance, totals and highlights', () => {
    const req = buildSongSearch(parseSearchQuery('밤편지'), { from: 20, size: 10, mode: 'search' });
    expect(JSON.stringify(req)).toContain('"fuzziness":"AUTO"');
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
});

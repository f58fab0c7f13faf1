import { readQuery } from './readings';
import { facetRequest, readFacets } from './song-facets';
import { buildSongQuery } from './song-query';

describe('facetRequest', () => {
  test('without filters: no post_filter, and each facet counts every song of the query', () => {
    expect(facetRequest({})).toEqual({
      aggs: {
        genre: { filter: { bool: { filter: [] } }, aggs: { values: { terms: { field: 'genres', size: 11 } } } },
        nation: { filter: { bool: { filter: [] } }, aggs: { values: { terms: { field: 'nation', size: 5 } } } },
      },
    });
  });

  test('filters narrow the hits only; each facet is counted under the other filters, not its own', () => {
    const req = facetRequest({ genre: '발라드', nation: 'kor' });
    expect(req.post_filter).toEqual({
      bool: { filter: [{ term: { genres: '발라드' } }, { term: { nation: 'kor' } }] },
    });
    expect(req.aggs!.genre.filter).toEqual({ bool: { filter: [{ term: { nation: 'kor' } }] } });
    expect(req.aggs!.nation.filter).toEqual({ bool: { filter: [{ term: { genres: '발라드' } }] } });
  });

  test('one filter leaves its own facet unfiltered', () => {
    const req = facetRequest({ nation: 'jpn' });
    expect(req.post_filter).toEqual({ bool: { filter: [{ term: { nation: 'jpn' } }] } });
    expect(req.aggs!.genre.filter).toEqual({ bool: { filter: [{ term: { nation: 'jpn' } }] } });
    expect(req.aggs!.nation.filter).toEqual({ bool: { filter: [] } });
  });
});

describe('readFacets', () => {
  test('buckets become { value, count } in their order; a missing aggregation is an empty list', () => {
    const aggs = {
      genre: {
        doc_count: 3,
        values: {
          buckets: [
            { key: '발라드', doc_count: 2 },
            { key: 'OST', doc_count: 1 },
          ],
        },
      },
    };
    expect(readFacets(aggs)).toEqual({
      genre: [
        { value: '발라드', count: 2 },
        { value: 'OST', count: 1 },
      ],
      nation: [],
    });
    expect(readFacets(undefined)).toEqual({ genre: [], nation: [] });
  });
});

describe('buildSongQuery with facets', () => {
  test('a search carries the facet aggregations and the filters as a post_filter, the query itself unfiltered by them', () => {
    const req = buildSongQuery(readQuery('사랑'), 'full', { from: 0, size: 10, filters: { genre: 'OST' } });
    expect(req.post_filter).toEqual({ bool: { filter: [{ term: { genres: 'OST' } }] } });
    expect(Object.keys(req.aggs!)).toEqual(['genre', 'nation']);
    expect(JSON.stringify(req.query)).not.toContain('"genres"');
  });

  test('autocomplete computes no facets', () => {
    for (const depth of ['prefix', 'typo'] as const) {
      const req = buildSongQuery(readQuery('사랑'), depth, { from: 0, size: 10, filters: { genre: 'OST' } });
      expect(req.aggs).toBeUndefined();
      expect(req.post_filter).toBeUndefined();
    }
  });

  test('search words are also looked for in the readings', () => {
    const req = buildSongQuery(readQuery('아이도루'), 'full', { from: 0, size: 10 });
    expect(JSON.stringify(req.query)).toContain('"title_readings^2","artist_readings"');
  });
});

import { rankedQuery, rankingFunctions } from './song-query';
import { songRelevance as R } from './relevance';

describe('rankedQuery', () => {
  test('multiplies the text score by 1 + popularity share + original bonus', () => {
    const text = { match_all: {} };
    const q = rankedQuery(text);
    expect(q.function_score).toMatchObject({ score_mode: 'sum', boost_mode: 'multiply' });
    // inside: the text score plus the shorter-title tie-break
    expect((q.function_score as { query: { function_score: unknown } }).query.function_score).toMatchObject({
      query: text,
      score_mode: 'sum',
      boost_mode: 'sum',
    });
    expect(rankingFunctions()).toEqual(
      expect.arrayContaining([
        { weight: 1 },
        { field_value_factor: { field: 'popularity', factor: R.standing.popularityWeight, missing: 0 } },
      ]),
    );
  });

  test('the most a song can gain is bounded, so a much better text match keeps its lead', () => {
    // a match scoring twice another cannot be overtaken even by the most popular original
    expect(1 + R.standing.popularityWeight + R.standing.originalBonus).toBeLessThan(2);
    // a clearly more popular version still beats an unknown original
    expect(R.standing.originalBonus).toBeLessThan(R.standing.popularityWeight / 2);
  });
});

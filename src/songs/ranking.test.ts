import { rankedQuery, rankingFunctions, versionKindsOf, POPULARITY_WEIGHT, ORIGINAL_BONUS } from './ranking';

describe('versionKindsOf', () => {
  test.each([
    ['사랑 (Live)', ['live']],
    ['스물셋 (Remix)', ['remix']],
    ['너의 의미 (MR)', ['mr']],
    ['좋은 날 (Inst.)', ['inst']],
    ['봄날 (Acoustic Ver.)', ['acoustic']],
    ['밤편지', []],
    ['Butter (Feat. Megan Thee Stallion)', []],
    ['블루밍(Blueming)', []],
    ['(여자)아이들', []],
  ])('%s -> %j', (title, kinds) => {
    expect(versionKindsOf(title)).toEqual(kinds);
  });
});

describe('rankedQuery', () => {
  test('multiplies the text score by 1 + popularity share + original bonus', () => {
    const text = { match_all: {} };
    const q = rankedQuery(text);
    expect(q.function_score).toMatchObject({ query: text, score_mode: 'sum', boost_mode: 'multiply' });
    expect(rankingFunctions()).toEqual(expect.arrayContaining([
      { weight: 1 },
      { field_value_factor: { field: 'popularity', factor: POPULARITY_WEIGHT, missing: 0 } },
    ]));
  });

  test('the most a song can gain is bounded, so a much better text match keeps its lead', () => {
    // a match scoring twice another cannot be overtaken even by the most popular original
    expect(1 + POPULARITY_WEIGHT + ORIGINAL_BONUS).toBeLessThan(2);
    // a clearly more popular version still beats an unknown original
    expect(ORIGINAL_BONUS).toBeLessThan(POPULARITY_WEIGHT / 2);
  });
});

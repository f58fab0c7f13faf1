import { ArtistAliases, planMerge, songFieldsOf, splitArtists, type EntryRef } from './merge-rules';

const tj = (title: string, singer: string, no = '10001'): EntryRef => ({ brand: 'tj', no, title, singer });
const ky = (title: string, singer: string, no = '20001'): EntryRef => ({ brand: 'ky', no, title, singer });
const merged = (a: EntryRef, b: EntryRef, aliases: string[][] = []) => planMerge([a, b], [], aliases).length === 1;

// [TJ title, TJ singer, KY title, KY singer]
const MUST_MERGE: Array<[string, string, string, string]> = [
  ['좋은 날', '아이유', '좋은날', '아이유(IU)'],
  ['좋은 날', '아이유', '좋은 날', 'IU'],
  ['너의 의미', '아이유(Feat.김창완)', '너의의미', '아이유'],
  ['너의 의미 (Feat. 김창완)', '아이유', '너의 의미', '아이유'],
  ['Dynamite', '방탄소년단', 'Dynamite', 'BTS(방탄소년단)'],
  ['DYNAMITE', '방탄소년단', 'Dynamite', '방탄소년단'],
  ['Ｄｙｎａｍｉｔｅ', '방탄소년단', 'Dynamite', '방탄소년단'],
  ['블루밍(Blueming)', '아이유', 'Blueming', '아이유'],
  ['블루밍(Blueming)', '아이유', '블루밍', 'IU(아이유)'],
  ['으르렁(Growl)', 'EXO', '으르렁', '엑소(EXO)'],
  ['으르렁', '엑소', 'Growl(으르렁)', 'EXO'],
  ['Next Level', 'aespa', 'Next Level', '에스파(aespa)'],
  ['뚜두뚜두 (DDU-DU DDU-DU)', 'BLACKPINK', '뚜두뚜두', '블랙핑크(BLACKPINK)'],
  [
    '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지',
    '악동뮤지션',
    '어떻게이별까지사랑하겠어널사랑하는거지',
    'AKMU(악동뮤지션)',
  ],
  ['밤편지', '아이유', '밤편지(MR)', '아이유'],
  ['밤편지', '아이유', '밤편지 (Inst.)', '아이유'],
  ['사랑인가요', '육각수', "사랑인가요 (드라마 '내 이름은 김삼순' OST)", '육각수'],
  ['Love Dive', 'IVE', 'LOVE DIVE', '아이브(IVE)'],
  ['spring day', 'BTS', '봄날(Spring Day)', '방탄소년단(BTS)'],
  ['소주 한 잔', '임창정', '소주 한잔', '임창정'],
  ['가시', '버즈', '가시', 'Buzz(버즈)'],
  ['취중진담', '전람회', '취중 진담', '전람회'],
  ['Lemon', '米津玄師', 'Lemon', '米津玄師'],
  ['사랑했지만', '김광석', '사랑했지만...', '김광석'],
  ['Hype Boy', 'NewJeans', 'Hype boy', '뉴진스(NewJeans)'],
  ['첫 눈처럼 너에게 가겠다', '에일리', '첫눈처럼 너에게 가겠다 (도깨비 OST)', '에일리(Ailee)'],
  ['썸', '소유, 정기고', '썸(Feat.릴보이)', '소유 & 정기고'],
  ['Celebrity', '아이유', 'Celebrity', '아이유 (IU)'],
  ['Tell Me', '원더걸스', 'Tell Me (With 박진영)', '원더걸스(Wonder Girls)'],
  ['팔레트 (Prod. & Feat. G-DRAGON)', '아이유', '팔레트', '아이유'],
  ['Butter', 'BTS', 'Butter', '방탄소년단'],
  ['12시 30분(12:30)', '비스트', '12시30분 (MR)', 'BEAST(비스트)'],
  ['비밀번호 486', '윤하', '비밀번호486', 'YOUNHA(윤하)'],
  ['눈,코,입(EYES, NOSE, LIPS)', '태양', '눈, 코, 입', 'TAEYANG(태양)'],
  ['너의 번호를 누르고', '#안녕', '너의번호를누르고', '#안녕'],
  ['3! 4!', '룰라', '3!4!', '룰라'],
  ['8282', '다비치', '8282', 'DAVICHI(다비치)'],
  // featuring is a credit, not a version: a different or missing feat artist still merges (decided)
  ['에잇(eight)', '아이유(Prod.&Feat. SUGA of BTS)', '에잇', '아이유'],
];

// pairs that must stay separate songs
const MUST_NOT_MERGE: Array<[string, string, string, string]> = [
  ['봄날', '방탄소년단', '봄날 (Live)', '방탄소년단'],
  ['Celebrity', '아이유', 'Celebrity', '박재범'],
  ['좋은 날', '아이유', '좋은 날', '강민경'],
  ['Butter', 'BTS', 'Butter (Hotter Remix)', 'BTS'],
  ['Blue', '빅뱅', 'Blue (Acoustic Ver.)', '빅뱅'],
  ['사랑', '임재범', '사랑', '성시경'],
  ['가시', '버즈', '가시나', '선미'],
  ['너의 의미', '아이유', '너의 의미', '산울림'],
  ['눈의 꽃', '박효신', '눈의 꽃 (Live)', '박효신'],
  ['Dynamite', '방탄소년단', 'Dynamite (Tropical Remix)', '방탄소년단'],
  ['벚꽃 엔딩', '버스커 버스커', '벚꽃 엔딩', '장범준'],
  ['잊지말아요', '백지영', '잊지 말아요', '성시경'],
  ['Love', '키썸', 'Love', 'NCT 127'],
  ['밤편지', '아이유', '밤', '여자친구'],
  ['Tell Me', '원더걸스', 'Tell Me', '인피니트'],
  ['Spring Day', 'BTS', 'Spring Day (Remix)', 'BTS'],
  ['Fire', '2NE1', 'Fire', '방탄소년단'],
  ['캔디(Candy)', 'H.O.T.', '캔디 (Live)', 'H.O.T.'],
  ['아파트', '윤수일', 'APT.', '로제'],
];

describe('TJ/KY merge rules', () => {
  test.each(MUST_MERGE)('TJ "%s" / "%s" merges with KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(
      merged(tj(t1, s1), ky(t2, s2), [
        ['방탄소년단', 'BTS'],
        ['악동뮤지션', 'AKMU'],
        ['아이유', 'IU'],
        ['엑소', 'EXO'],
      ]),
    ).toBe(true);
  });

  test.each(MUST_NOT_MERGE)('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(merged(tj(t1, s1), ky(t2, s2), [['방탄소년단', 'BTS']])).toBe(false);
  });

  test('an alias written as "아이유(IU)" anywhere in the catalog links plain "IU" elsewhere', () => {
    const groups = planMerge([tj('좋은 날', '아이유', '1'), ky('좋은 날', 'IU', '2'), ky('잔소리', '아이유(IU)', '3')]);
    expect(groups.find((g) => g.tj?.entry.no === '1')?.ky?.entry.no).toBe('2');
  });

  test('each merged song records its rule and score', () => {
    const [exact] = planMerge([tj('밤편지', '아이유'), ky('밤편지', '아이유')]);
    expect(exact).toMatchObject({ rule: 'exact', score: 1 });
    const [normalized] = planMerge([tj('좋은 날', '아이유'), ky('좋은날', '아이유')]);
    expect(normalized).toMatchObject({ rule: 'normalized', score: 0.95 });
    const [aliased] = planMerge([tj('좋은 날', '아이유'), ky('좋은날', '아이유(IU)')]);
    expect(aliased.rule).toBe('normalized');
    const [overlap] = planMerge([tj('너의 의미', '아이유'), ky('너의 의미', '아이유 & 김창완')]);
    expect(overlap).toMatchObject({ rule: 'artist-overlap', score: 0.9 });
    const [alt] = planMerge([tj('블루밍(Blueming)', '아이유'), ky('Blueming', '아이유')]);
    expect(alt.rule).toBe('alt-title');
  });

  test('a song in only one brand is its own song', () => {
    const groups = planMerge([tj('밤편지', '아이유', '1'), ky('취중진담', '전람회', '2')]);
    expect(groups.map((g) => g.rule).sort()).toEqual(['single-ky', 'single-tj']);
  });

  test('each KY number joins at most one song, the best and lowest-numbered match first', () => {
    const groups = planMerge([
      tj('봄날', '방탄소년단', '5'),
      tj('봄날', '방탄소년단', '9'),
      ky('봄날', '방탄소년단', '7'),
    ]);
    expect(groups.find((g) => g.ky)?.tj?.entry.no).toBe('5');
    expect(groups.filter((g) => g.rule === 'single-tj').map((g) => g.tj?.entry.no)).toEqual(['9']);
  });

  test('the result does not depend on input order', () => {
    const entries = [
      tj('좋은 날', '아이유', '1'),
      ky('좋은날', 'IU', '2'),
      tj('봄날', 'BTS', '3'),
      ky('봄날', '방탄소년단(BTS)', '4'),
      ky('Celebrity', '아이유', '5'),
    ];
    const key = (gs: ReturnType<typeof planMerge>) =>
      gs.map((g) => `${g.tj?.entry.no}-${g.ky?.entry.no}-${g.rule}`).sort();
    expect(key(planMerge([...entries].reverse()))).toEqual(key(planMerge(entries)));
  });

  test('overrides win: force-merge joins what the rules keep apart, force-split parts what they join', () => {
    const forced = planMerge(
      [tj('벚꽃 엔딩', '버스커 버스커', '1'), ky('벚꽃 엔딩', '장범준', '2')],
      [{ action: 'merge', tj_no: '1', ky_no: '2' }],
    );
    expect(forced).toEqual([expect.objectContaining({ rule: 'override-merge' })]);
    const split = planMerge(
      [tj('밤편지', '아이유', '1'), ky('밤편지', '아이유', '2')],
      [{ action: 'split', tj_no: '1', ky_no: '2' }],
    );
    expect(split.map((g) => g.rule)).toEqual(['override-split', 'override-split']);
  });
});

describe('merged song fields', () => {
  test('without alias knowledge, names that do not sound alike are different artists (방탄소년단 / BTS)', () => {
    // 아이유 / IU now meet by pronunciation (merge-rules-real.test.ts); an acronym of a romanization does not
    expect(merged(tj('봄날', '방탄소년단'), ky('봄날', 'BTS'))).toBe(false);
  });

  test('the Korean form is the title; other spellings become alternatives', () => {
    const [g] = planMerge([tj('Blueming(블루밍)', '아이유'), ky('블루밍', 'IU(아이유)')]);
    expect(songFieldsOf(g)).toEqual({
      title: '블루밍',
      artist: '아이유',
      alt_titles: ['Blueming'],
      artist_aliases: ['IU'],
    });
  });

  test('a live version keeps its marker in the title', () => {
    const [g] = planMerge([tj('봄날 (Live)', '방탄소년단')]);
    expect(songFieldsOf(g).title).toBe('봄날 (Live)');
  });

  test('tags are not part of the title', () => {
    const [g] = planMerge([tj('너의 의미 (Feat. 김창완)', '아이유'), ky('너의 의미', '아이유')]);
    expect(songFieldsOf(g).title).toBe('너의 의미');
  });

  test('splitArtists splits on separators outside parentheses only', () => {
    expect(splitArtists('소유 & 정기고')).toEqual(['소유', '정기고']);
    expect(splitArtists('AKMU, 아이유')).toEqual(['AKMU', '아이유']);
    expect(splitArtists('(여자)아이들((G)I-DLE)')).toEqual(['(여자)아이들((G)I-DLE)']);
  });
});

test('alias components list every key of a group, its root (the smallest key) first, then the others sorted', () => {
  const aliases = new ArtistAliases();
  aliases.learnFrom('별빛가수(Starlight)');
  aliases.union('starlight', 'sl');
  expect(aliases.components()).toEqual(new Map([['sl', ['sl', 'starlight', '별빛가수']]]));
});

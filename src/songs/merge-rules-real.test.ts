// The merge rules real catalogs need, each with several real-looking spellings of both brands, and the review
// queue's thresholds. No alias book here: every pair must meet by the rule itself.
import {
  MERGE_SCORES,
  aliasEdgesOf,
  matchEntries,
  parseEntry,
  planMerge,
  planMergeWithReviews,
  rawBlockKeysOf,
  songFieldsOf,
  ArtistAliases,
  type EntryRef,
} from './merge-rules';

const tj = (title: string, singer: string, no = '10001', extra: Partial<EntryRef> = {}): EntryRef => ({
  brand: 'tj',
  no,
  title,
  singer,
  ...extra,
});
const ky = (title: string, singer: string, no = '20001', extra: Partial<EntryRef> = {}): EntryRef => ({
  brand: 'ky',
  no,
  title,
  singer,
  ...extra,
});
const planOf = (a: EntryRef, b: EntryRef) => planMergeWithReviews([a, b]);
/** The rule that merged the pair, 'review:<rule>' when it was queued, 'apart' otherwise. */
function outcome(a: EntryRef, b: EntryRef): string {
  const { groups, reviews } = planOf(a, b);
  if (groups.length === 1) return groups[0].rule;
  return reviews.length ? `review:${reviews[0].rule}` : 'apart';
}
// the incremental merge finds candidates only through stored blocking keys: every pair the rules can join must share one
const shareABlock = (a: EntryRef, b: EntryRef) => {
  const keys = new Set(rawBlockKeysOf(a).map(([x, y]) => `${x}|${y}`));
  return rawBlockKeysOf(b).some(([x, y]) => keys.has(`${x}|${y}`));
};

// [TJ title, TJ singer, KY title, KY singer, the rule that must merge them]
type Case = [string, string, string, string, string];

describe('rule 1: an artist with a band suffix, a bracketed member or an added member list on one side', () => {
  test.each<Case>([
    ['희야', '부활', '희야', '부활밴드', 'artist-suffix'],
    ['Lonely Night', '부활', 'Lonely Night', '부활 밴드', 'artist-suffix'],
    ['사랑할수록', '부활(밴드)', '사랑할수록', '부활', 'normalized'],
    ['나는 나비', 'YB 밴드', '나는 나비', 'YB', 'artist-suffix'],
    ['Hotel California', 'The Eagles', 'Hotel California', 'Eagles', 'artist-suffix'],
    ['Lazenca, Save Us', '넥스트', 'Lazenca Save Us', '넥스트(신해철)', 'artist-suffix'],
    ['그대에게', '무한궤도(신해철)', '그대에게', '무한궤도', 'artist-suffix'],
    ['잘못된 만남', '김건모', '잘못된 만남', '김건모&박정현', 'artist-overlap'],
    ['잘못된 만남', '김건모, 박정현', '잘못된만남', '김건모', 'artist-overlap'],
    ['잘못된 만남', '김건모', '잘못된 만남', '김건모 (Feat. 박정현)', 'normalized'],
    ['핑계', '김건모 Feat. 김광진', '핑계', '김건모', 'normalized'],
  ])('TJ "%s" / "%s" and KY "%s" / "%s" merge (%s)', (t1, s1, t2, s2, rule) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe(rule);
    expect(shareABlock(tj(t1, s1), ky(t2, s2))).toBe(true);
  });

  test('a member credited in brackets is not an alias: 신해철 songs do not become 넥스트 songs', () => {
    expect(aliasEdgesOf('넥스트(신해철)')).toEqual([]);
    expect(aliasEdgesOf('넥스트(N.EX.T)')).toEqual([['넥스트', 'next']]);
    const groups = planMerge([
      tj('Lazenca, Save Us', '넥스트(신해철)', '1'),
      tj('내 마음 깊은 곳의 너', '신해철', '2'),
      ky('내 마음 깊은 곳의 너', '넥스트', '3'),
    ]);
    expect(groups.find((g) => g.tj?.entry.no === '2')?.rule).toBe('single-tj');
  });

  test('a bracket listing several names: each one is an alias or a member on its own', () => {
    expect(aliasEdgesOf('아이유(성시경, IU)')).toEqual([['아이유', 'iu']]);
    expect(outcome(tj('그대네요', '성시경, 아이유'), ky('그대네요', '성시경, 아이유(성시경, IU)'))).toBe('normalized');
  });

  test('sharing only the member credited in brackets is a question for an operator, not a merge', () => {
    expect(outcome(tj('희야', '김태원'), ky('희야', '부활(김태원)'))).toBe('review:artist-suffix');
  });

  test.each([
    ['사랑', '부활', '사랑', '부활의 노래'],
    ['희야', '이승철', '희야', '부활(김태원)'],
    ['Hotel California', 'The Eagles', 'Hotel California', 'The Beatles'],
  ])('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe('apart');
  });
});

describe('rule 2: a Latin artist on one side, its Hangul pronunciation on the other', () => {
  test.each<Case>([
    ['Sugar', 'Maroon 5', 'Sugar', '마룬5', 'artist-pronunciation'],
    ['Memories', 'Maroon 5', 'Memories', '마룬 파이브', 'artist-pronunciation'],
    ['Payphone', '마룬파이브', 'Payphone', 'MAROON 5', 'artist-pronunciation'],
    ['Shape of You', 'Ed Sheeran', 'Shape Of You', '에드시런', 'artist-pronunciation'],
    ['Perfect', 'Ed Sheeran', 'Perfect', '에드 쉬런', 'artist-pronunciation'],
    ['Viva La Vida', 'Coldplay', 'Viva La Vida', '콜드플레이', 'artist-pronunciation'],
    ['Yellow', '콜드 플레이', 'Yellow', 'Coldplay', 'artist-pronunciation'],
    ['Just The Way You Are', 'Bruno Mars', 'Just The Way You Are', '브루노 마스', 'artist-pronunciation'],
    ['Bad Guy', 'Billie Eilish', 'Bad Guy', '빌리 아일리시', 'artist-pronunciation'],
    ['Believer', 'Imagine Dragons', 'Believer', '이매진 드래곤스', 'artist-pronunciation'],
    ['좋은 날', '아이유', '좋은 날', 'IU', 'artist-pronunciation'],
  ])('TJ "%s" / "%s" and KY "%s" / "%s" merge (%s)', (t1, s1, t2, s2, rule) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe(rule);
    expect(shareABlock(tj(t1, s1), ky(t2, s2))).toBe(true);
  });

  test.each([
    ['Hello', 'Adele', 'Hello', '허각'],
    ['Hello', 'Lionel Richie', 'Hello', '샤이니'],
    ['Love', 'Keyshia Cole', 'Love', '키썸'],
    ['Stay', 'Rihanna', 'Stay', '블랙핑크'],
    ['Happy', 'Pharrell Williams', 'Happy', '태연'],
  ])('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe('apart');
  });

  test('a short name, or one that only nearly sounds the same, goes to review', () => {
    expect(outcome(tj('Dancing Queen', 'ABBA'), ky('Dancing Queen', '아바'))).toBe('review:artist-pronunciation');
    expect(outcome(tj('보고 싶다', 'Kim Bum Soo'), ky('보고 싶다', '김범준'))).toBe('review:artist-pronunciation');
  });

  test('a credit naming the artist in both scripts has said who it is: a near sound is not enough', () => {
    expect(outcome(tj('I AM', '아이유(IU)'), ky('I AM', '아이브'))).toBe('apart');
    expect(outcome(tj('Sugar', 'Maroon 5(마룬 파이브)'), ky('Sugar', '마룬5'))).toBe('review:artist-pronunciation');
  });

  test('the Hangul spelling names the merged song, the Latin one is kept as an alias', () => {
    const [g] = planMerge([tj('Sugar', 'Maroon 5'), ky('Sugar', '마룬5')]);
    expect(songFieldsOf(g)).toMatchObject({ artist: '마룬5', artist_aliases: ['Maroon 5'] });
  });
});

describe('rule 3: group names with symbols written differently', () => {
  test.each<Case>([
    ['Electric Shock', 'f(x)', 'Electric Shock', '에프엑스', 'group-symbols'],
    ['첫 사랑니', 'F(X)', '첫사랑니', 'f(x)', 'normalized'],
    ['Fire', '2NE1', 'Fire', '투애니원', 'group-symbols'],
    ["I'm Your Girl", 'S.E.S', "I'm Your Girl", 'S.E.S.', 'normalized'],
    ['Dreams Come True', 'S.E.S.', 'Dreams Come True', '에스이에스', 'group-symbols'],
    ['어머님께', 'god', '어머님께', 'g.o.d', 'normalized'],
    ['촛불하나', 'G.O.D.', '촛불하나', '지오디', 'group-symbols'],
    ['One Shot', 'B.A.P', 'One Shot', '비에이피', 'group-symbols'],
    ['흑백사진', 'KCM', '흑백사진', '케이씨엠', 'group-symbols'],
  ])('TJ "%s" / "%s" and KY "%s" / "%s" merge (%s)', (t1, s1, t2, s2, rule) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe(rule);
    expect(shareABlock(tj(t1, s1), ky(t2, s2))).toBe(true);
  });

  test('f(x) is one name, not f with the alias x', () => {
    expect(aliasEdgesOf('f(x)')).toEqual([]);
    const [g] = planMerge([tj('Electric Shock', 'f(x)'), ky('Electric Shock', 'f(x)')]);
    expect(songFieldsOf(g).artist).toBe('f(x)');
  });

  test.each([
    ['Fire', 'BTS', 'Fire', '2NE1'],
    ['Tell Me', 'S.E.S.', 'Tell Me', '원더걸스'],
    ['Bad Boy', 'BIGBANG', 'Bad Boy', '레드벨벳'],
  ])('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe('apart');
  });
});

describe('rule 4: a Japanese original title against its Korean reading or translation', () => {
  test.each<Case>([
    ['アイドル', 'YOASOBI', '아이돌(アイドル)', 'YOASOBI', 'alt-title'],
    ['アイドル', 'YOASOBI', '아이도루', 'YOASOBI', 'japanese-reading'],
    ['ハルジオン', 'YOASOBI', '하루지온', 'YOASOBI', 'japanese-reading'],
    ['さくらんぼ', '大塚愛', '사쿠란보', '大塚愛', 'japanese-reading'],
    ['ドライフラワー', '優里', '도라이후라와', '優里', 'japanese-reading'],
    ['マリーゴールド', 'あいみょん', '마리고루도', '아이묭', 'japanese-reading'],
    ['君はロックを聴かない', 'あいみょん', '君はロックを聴かない', '아이묭', 'japanese-reading'],
  ])('TJ "%s" / "%s" and KY "%s" / "%s" merge (%s)', (t1, s1, t2, s2, rule) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe(rule);
    expect(shareABlock(tj(t1, s1), ky(t2, s2))).toBe(true);
  });

  test("a title in kanji meets its reading through the source's reading (TJ sortTitleKo)", () => {
    const a = tj('夜に駆ける', 'YOASOBI', '1', { title_reading: '요루니 카케루' });
    const b = ky('요루니카케루', 'YOASOBI', '2');
    expect(outcome(a, b)).toBe('japanese-reading');
    expect(outcome(tj('夜に駆ける', 'YOASOBI'), b)).toBe('apart');
  });

  test('the Hangul reading names the song, the original stays an alternative title', () => {
    const [g] = planMerge([tj('アイドル', 'YOASOBI'), ky('아이도루', 'YOASOBI')]);
    expect(songFieldsOf(g)).toMatchObject({ title: '아이도루', alt_titles: ['アイドル'] });
  });

  test.each([
    ['アイドル', 'YOASOBI', '아이도루', '아이유'],
    ['ハルジオン', 'YOASOBI', '하루', 'YOASOBI'],
    ['アイドル', 'YOASOBI', '아이도루 (Live)', 'YOASOBI'],
  ])('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe('apart');
  });
});

describe('rule 5: titles and artists cut to a fixed width on one side', () => {
  // the KY book view cuts at a fixed number of characters; any width from CUT_MIN_CHARS letters up behaves alike
  const cut = (s: string, width: number) => [...s].slice(0, width).join('').trimEnd();
  test.each([
    ['어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션', 12],
    ['우리가 헤어진 진짜 이유 (Feat. 선우정아)', '권진아', 12],
    ['너의 모든 순간 (별에서 온 그대 OST)', '성시경', 17],
    ['Take Me Home, Country Roads', 'John Denver', 20],
    ['I Will Always Love You', '휘트니 휴스턴', 16],
  ])('TJ "%s" / "%s" merges with its KY title cut to %d characters', (title, singer, width) => {
    const a = tj(title, singer);
    const b = ky(cut(title, width), singer);
    expect(outcome(a, b)).toBe('cut-width');
    expect(shareABlock(a, b)).toBe(true);
    const [g] = planMerge([a, b]);
    expect(songFieldsOf(g).title).toBe(planMerge([a])[0].tj!.titlePrimary); // the cut spelling is not the song's title
    expect(songFieldsOf(g).alt_titles).not.toContain(b.title);
  });

  test('a title cut inside its brackets: the part before them is the title, and a cut version tag is unsure', () => {
    expect(outcome(tj('밤편지', '아이유'), ky('밤편지(Through the Nigh', '아이유'))).toBe('cut-width');
    expect(
      outcome(tj('벚꽃 엔딩(Cherry Blossom Ending)', '버스커 버스커'), ky('벚꽃 엔딩(Cherry Blossom', '버스커 버스커')),
    ).toBe('cut-width');
    expect(outcome(tj('봄날 (Live)', '방탄소년단'), ky('봄날 (Live', '방탄소년단'))).toBe('cut-width');
    expect(outcome(tj('봄날', '방탄소년단'), ky('봄날 (Li', '방탄소년단'))).toBe('review:cut-width');
    expect(outcome(tj('봄날', '방탄소년단'), ky('봄날 (Live', '방탄소년단'))).toBe('apart');
  });

  test('a credit cut inside the brackets of its alias', () => {
    expect(outcome(tj('뚜두뚜두', '블랙핑크'), ky('뚜두뚜두', '블랙핑크(BLACKPI'))).toBe('cut-width');
    expect(outcome(tj('신호등', '이무진(Lee Mujin)'), ky('신호등', '이무진(Lee Muji'))).toBe('cut-width');
    expect(aliasEdgesOf('블랙핑크(BLACKPI')).toEqual([]);
  });

  test('a credit cut inside its brackets merges when the title agrees', () => {
    const a = tj('난 알아요', '서태지와 아이들(Seo Taiji and Boys)');
    const b = ky('난 알아요', '서태지와 아이들(Seo Tai');
    expect(outcome(a, b)).toBe('cut-width');
    expect(songFieldsOf(planMerge([a, b])[0]).artist).toBe('서태지와 아이들');
  });

  test("a prefix ending at a word's end may be a song or artist of its own: a question for an operator", () => {
    expect(outcome(tj('I Will Always Love You', '휘트니 휴스턴'), ky('I Will Always Love', '휘트니 휴스턴'))).toBe(
      'review:cut-width',
    );
    expect(outcome(tj('Twinkle', "Girls' Generation-TTS"), ky('Twinkle', "Girls' Generation"))).toBe(
      'review:cut-width',
    );
  });

  test('a cut title joins the whole one whatever side was cut, dots marking the cut or not', () => {
    expect(
      outcome(
        tj('어떻게 이별까지 사랑하...', '악동뮤지션'),
        ky('어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션'),
      ),
    ).toBe('cut-width');
  });

  test('a cut that may have taken a version tag off is unsure; the original takes it when there is one', () => {
    const live = tj('어떻게 이별까지 사랑하겠어, 널 사랑하는 거지 (Live)', '악동뮤지션', '5');
    const cutKy = ky('어떻게 이별까지 사랑하', '악동뮤지션', '7');
    expect(outcome(live, cutKy)).toBe('review:cut-width');
    const groups = planMerge([live, tj('어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션', '9'), cutKy]);
    expect(groups.find((g) => g.ky)?.tj?.entry.no).toBe('9');
  });

  test.each([
    ['어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', '악동뮤지션', '어떻게 이별까지 사랑하', '성시경'],
    ['사랑해요', '신승훈', '사랑해', '신승훈'],
    ['사랑했지만 그대를 (Live)', '김광석', '사랑했지만 그대를', '김광석'],
    ['너의 모든 순간 (Live)', '성시경', '너의 모든 순간', '성시경'],
  ])('TJ "%s" / "%s" stays apart from KY "%s" / "%s"', (t1, s1, t2, s2) => {
    expect(outcome(tj(t1, s1), ky(t2, s2))).toBe('apart');
  });
});

describe('scores and the review queue', () => {
  const parse = (e: EntryRef) => parseEntry(e, new ArtistAliases());

  test('a merged pair scores at least MERGE_SCORES.merge; a queued one between the two thresholds', () => {
    const sure = matchEntries(parse(tj('Sugar', 'Maroon 5')), parse(ky('Sugar', '마룬5')))!;
    expect(sure.score).toBeGreaterThanOrEqual(MERGE_SCORES.merge);
    const unsure = matchEntries(parse(tj('Dancing Queen', 'ABBA')), parse(ky('Dancing Queen', '아바')))!;
    expect(unsure.score).toBeGreaterThanOrEqual(MERGE_SCORES.review);
    expect(unsure.score).toBeLessThan(MERGE_SCORES.merge);
  });

  test('two inferences on one pair (a cut title by a pronounced artist) score less than either alone', () => {
    const m = matchEntries(
      parse(tj('Take Me Home, Country Roads', 'John Denver')),
      parse(ky('Take Me Home, Country', '존 덴버')),
    );
    expect(m?.score ?? 0).toBeLessThan(MERGE_SCORES.merge);
  });

  test('a queued pair is not merged: both entries stay songs of their own', () => {
    const { groups, reviews } = planOf(tj('Dancing Queen', 'ABBA', '1'), ky('Dancing Queen', '아바', '2'));
    expect(groups.map((g) => g.rule).sort()).toEqual(['single-ky', 'single-tj']);
    expect(reviews.map((r) => [r.tj.entry.no, r.ky.entry.no, r.rule])).toEqual([['1', '2', 'artist-pronunciation']]);
  });

  test('a sure match of another TJ entry wins the KY entry, and the unsure pair is not queued', () => {
    const { groups, reviews } = planMergeWithReviews([
      tj('Dancing Queen', 'ABBA', '1'),
      tj('Dancing Queen', '아바', '3'),
      ky('Dancing Queen', '아바', '2'),
    ]);
    expect(groups.find((g) => g.ky)?.tj?.entry.no).toBe('3');
    expect(reviews).toEqual([]);
  });

  test('decided pairs are never queued again: accepted ones merge, split ones stay apart', () => {
    const pair = [tj('Dancing Queen', 'ABBA', '1'), ky('Dancing Queen', '아바', '2')];
    const accepted = planMergeWithReviews(pair, [{ action: 'merge', tj_no: '1', ky_no: '2' }]);
    expect(accepted.groups.map((g) => g.rule)).toEqual(['override-merge']);
    expect(accepted.reviews).toEqual([]);
    const split = planMergeWithReviews(pair, [{ action: 'split', tj_no: '1', ky_no: '2' }]);
    expect(split.groups.map((g) => g.rule)).toEqual(['override-split', 'override-split']);
    expect(split.reviews).toEqual([]);
  });
});

describe('aliases learned from credits: a member credited with several groups joins none of them', () => {
  const learned = (...singers: string[]) => {
    const aliases = new ArtistAliases();
    for (const s of singers) aliases.learnFrom(s);
    return aliases;
  };

  test('a Korean member bracketed after two Latin groups is a hub: the groups stay apart', () => {
    const aliases = learned('N.EX.T(신해철)', 'Wittgenstein(신해철)', 'N.EX.T');
    expect(aliases.hubs()).toEqual(new Set(['신해철']));
    expect(aliases.find('next')).not.toBe(aliases.find('wittgenstein'));
    expect(aliases.find('신해철')).not.toBe(aliases.find('next'));
  });

  test("a member's two groups do not merge their songs, nor the member's own", () => {
    const groups = planMerge([
      tj('Here, I Stand For You', 'N.EX.T(신해철)', '1'),
      tj('Here, I Stand For You', 'Wittgenstein(신해철)', '2'),
      ky('Here, I Stand For You', 'Wittgenstein', '3'),
      ky('Here, I Stand For You', '신해철', '4'),
    ]);
    expect(groups.find((g) => g.ky?.entry.no === '3')?.tj?.entry.no).toBe('2');
    expect(groups.find((g) => g.ky?.entry.no === '4')?.tj).toBeUndefined();
    expect(groups.find((g) => g.tj?.entry.no === '1')?.ky).toBeUndefined();
  });

  test('the order credits arrive in does not change the result', () => {
    const credits = ['BIGBANG(태양)', 'GD X TAEYANG(태양)', '아이유(IU)', 'IU(아이유)'];
    const forward = learned(...credits);
    const backward = learned(...[...credits].reverse());
    expect(forward.components()).toEqual(backward.components());
    expect(forward.hubs()).toEqual(new Set(['태양']));
  });

  test.each<[string[], string, string]>([
    [['아이유(IU)', 'IU(아이유)'], '아이유', 'iu'],
    [['방탄소년단(BTS)', '방탄소년단(Bangtan Boys)'], 'bts', 'bangtanboys'],
    [
      ['방탄소년단(BTS)', 'BTS(방탄소년단)', 'Bangtan Boys(방탄소년단)', '방탄소년단(Bangtan Boys)'],
      'bts',
      'bangtanboys',
    ],
    [['서태지와 아이들(Seo Taiji and Boys)', '서태지와아이들(Seo Taiji & Boys)'], '서태지와아이들', 'seotaijiboys'],
    [['부활(Boohwal)', '부활밴드(Boohwal)'], '부활', '부활밴드'],
  ])('real aliases still join: %j -> %s = %s', (credits, a, b) => {
    const aliases = learned(...credits);
    expect(aliases.find(a)).toBe(aliases.find(b));
    expect(aliases.hubs()).toEqual(new Set());
  });

  test('a name bracketed after two spellings the alias book makes one artist is no hub', () => {
    const aliases = learned('BTS(방탄)', 'Bangtan Boys(방탄)');
    aliases.addGroup(['방탄소년단', 'BTS', 'Bangtan Boys']);
    expect(aliases.hubs()).toEqual(new Set());
    expect(aliases.find('방탄')).toBe(aliases.find('방탄소년단'));
  });

  test('a real alias pair still merges the two brands across scripts', () => {
    expect(outcome(tj('밤편지', '아이유(IU)'), ky('밤편지', 'IU'))).toBe('normalized');
    const groups = planMerge([
      tj('밤편지', '아이유(IU)', '1'),
      ky('밤편지', 'IU', '2'),
      tj('Golden', 'City(윤하)', '3'),
      tj('Golden', 'Cherry(윤하)', '4'),
      ky('Golden', 'Cherry', '5'),
    ]);
    expect(groups.find((g) => g.ky?.entry.no === '2')?.tj?.entry.no).toBe('1');
    expect(groups.find((g) => g.ky?.entry.no === '5')?.tj?.entry.no).toBe('4');
  });
});

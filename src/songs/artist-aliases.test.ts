import {
  ArtistAliasBook,
  aliasBookProblems,
  loadArtistAliasBook,
  parseAliasBook,
  withBookAliases,
} from './artist-aliases';
import { planMerge } from './merge-rules';

describe('the shipped artist alias book (data/songs/artist-aliases.json)', () => {
  const book = loadArtistAliasBook();

  test('parses, and no name points to two artists unless marked shared by each', () => {
    expect(aliasBookProblems(book.entries)).toEqual([]);
  });

  test('holds a few hundred real names', () => {
    expect(book.entries.length).toBeGreaterThanOrEqual(250);
    expect(book.entries.reduce((n, e) => n + e.aliases.length + e.shared.length, 0)).toBeGreaterThanOrEqual(400);
  });

  test.each([
    ['방탄', '방탄소년단'],
    ['BTS', '방탄소년단'],
    ['소시', '소녀시대'],
    ['SNSD', '소녀시대'],
    ['god', '지오디'],
    ['g.o.d', '지오디'],
    ['빅뱅', 'BIGBANG'],
    ['IU', '아이유'],
    ['JANNABI', '잔나비'],
    ['악뮤', '악동뮤지션'],
    ['AKMU', '악동뮤지션'],
    ['SHINee', '샤이니'],
    ['TWICE', '트와이스'],
    ['블핑', '블랙핑크'],
    ['BLACKPINK', '블랙핑크'],
    ['엔시티 127', 'NCT'],
  ])('%s -> %s', (nickname, name) => {
    expect(book.namesOf([nickname])).toContain(name);
  });

  test('a shared name (NCT) finds every unit without making them one artist', () => {
    expect(book.namesOf(['NCT DREAM'])).toContain('엔시티');
    const groups = planMerge(
      [
        { brand: 'tj', no: '1', title: '사랑', singer: 'NCT 127' },
        { brand: 'ky', no: '2', title: '사랑', singer: 'NCT DREAM' },
      ],
      [],
      book.mergeGroups(),
    );
    expect(groups.map((g) => g.rule).sort()).toEqual(['single-ky', 'single-tj']);
  });

  test('the merge joins spellings only the book knows are one artist', () => {
    const groups = planMerge(
      [
        { brand: 'tj', no: '1', title: '거짓말', singer: '지오디' },
        { brand: 'ky', no: '2', title: '거짓말', singer: 'g.o.d' },
      ],
      [],
      book.mergeGroups(),
    );
    expect(groups).toHaveLength(1);
  });
});

describe('aliasBookProblems', () => {
  const entry = (artist: string, aliases: string[] = [], shared: string[] = []) => ({ artist, aliases, shared });

  test('a name of two artists is a problem, whatever its spacing and case', () => {
    expect(aliasBookProblems([entry('가수 하나', ['Hana']), entry('가수 둘', ['HANA '])])).toEqual([
      expect.stringContaining('names both 가수 하나 and 가수 둘'),
    ]);
  });

  test("a deliberately shared name is not, but must be shared by two artists and nobody's own name", () => {
    expect(aliasBookProblems([entry('A1', [], ['X']), entry('A2', [], ['X'])])).toEqual([]);
    expect(aliasBookProblems([entry('A1', [], ['X'])])).toEqual([expect.stringContaining('only A1')]);
    expect(aliasBookProblems([entry('A1', [], ['X']), entry('A2', [], ['X']), entry('X')])).toEqual([
      expect.stringContaining("also X's own name"),
    ]);
  });

  test('an artist listed twice is a problem', () => {
    expect(aliasBookProblems([entry('A1', ['a']), entry('A1', ['b'])])).toEqual([
      expect.stringContaining('listed twice'),
    ]);
  });

  test('the loader refuses malformed entries with the path of the problem', () => {
    expect(() => parseAliasBook([{ artist: '', aliases: [] }])).toThrow(/0\.artist/);
    expect(() => parseAliasBook([{ artist: 'A', nick: [] }])).toThrow(/artist aliases/);
  });
});

describe('withBookAliases', () => {
  const book = new ArtistAliasBook([
    { artist: '방탄소년단', aliases: ['BTS', '방탄'], shared: [] },
    { artist: '아이유', aliases: ['IU'], shared: [] },
  ]);

  test("adds the book's names of every artist of a song, each spelling once", () => {
    const row = withBookAliases({ artist: '아이유, 방탄소년단', artist_aliases: ['bts'] }, book);
    expect(row.artist_aliases).toEqual(['bts', 'IU', '방탄']);
  });

  test('leaves unknown artists alone', () => {
    const row = { artist: '무명', artist_aliases: [] };
    expect(withBookAliases(row, book)).toBe(row);
  });
});

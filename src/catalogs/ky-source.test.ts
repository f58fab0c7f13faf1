import { SourceError } from './source';
import {
  KY_BOOK_INDEX,
  KY_BOOK_WIDTH,
  decodeBookCheckpoint,
  encodeBookCheckpoint,
  parseBookPage,
  parseDetailPage,
  parseNewSongsXml,
} from './ky-source';

const page = (content: string) =>
  `<!DOCTYPE html><html><head><title>금영</title></head><body>${content}</body></html>\n`;
const row = (no: string, title: string, singer: string) =>
  `<li><span class="index_search_num">${no}</span><span class="index_search_tit">${title}</span><span class="index_search_sng">${singer}</span></li>`;
const book = (rows: string[], total?: number) =>
  page(
    `${total === undefined ? '' : `<p class="index_search_total">총 <strong>${total.toLocaleString('en')}</strong>곡</p>`}<ul class="index_search_list">` +
      `<li class="index_search_head"><span class="index_search_num">번호</span><span class="index_search_tit">곡명</span><span class="index_search_sng">가수</span></li>${rows.join('')}</ul>`,
  );
const kindOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof SourceError ? err.kind : `other: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('the KY book page', () => {
  test("rows become songs with the book's nation, marked cut only when a field fills the book's width; the header row is skipped; entities are decoded", () => {
    const long = '가'.repeat(KY_BOOK_WIDTH.title);
    const r = parseBookPage(
      book(
        [
          row(' 12345 ', '\n  사랑 &amp; 우정 ', '  아이유 '),
          row('23456', 'Dynamite', '방탄소년단'),
          row('34567', long, '가수'),
          row('45678', '짧은 제목', '나'.repeat(KY_BOOK_WIDTH.singer)),
        ],
        1200,
      ),
      'jp',
    );
    expect(r.songs.map((s) => [s.no, s.title, s.singer, s.nation, s.mayBeCut])).toEqual([
      ['12345', '사랑 & 우정', '아이유', 'jpn', false],
      ['23456', 'Dynamite', '방탄소년단', 'jpn', false],
      ['34567', long, '가수', 'jpn', true],
      ['45678', '짧은 제목', '나'.repeat(KY_BOOK_WIDTH.singer), 'jpn', true],
    ]);
    expect([r.rows, r.total, r.firstNo]).toEqual([4, 1200, '12345']);
  });

  test('only a row filling the book width may be cut, a cut ending on a space (trimmed to one short) included', () => {
    const cutAtSpace = '동여봄 나타 별눈 (Acoustic Ver.)'.slice(0, KY_BOOK_WIDTH.title); // ends on the space before "Ver."
    const r = parseBookPage(
      book([
        row('1', cutAtSpace, '비호'),
        row('2', '좋은 날', '아이유'),
        row('3', '좋은 날', '가'.repeat(KY_BOOK_WIDTH.singer)),
      ]),
      'kr',
    );
    expect(r.songs.map((s) => [s.title, s.mayBeCut])).toEqual([
      [cutAtSpace.trim(), true],
      ['좋은 날', false],
      ['좋은 날', true],
    ]);
  });

  test('an empty page has the list and no rows', () => {
    const r = parseBookPage(book(['<li class="index_search_none">검색 결과가 없습니다.</li>'], 0), 'kr');
    expect([r.rows, r.songs.length, r.total]).toEqual([0, 0, 0]);
  });

  test('bad rows are rejected, the rest kept', () => {
    const r = parseBookPage(
      book([
        row('', '제목', '가수'),
        row('12A', '제목', '가수'),
        row('3', '   ', '가수'),
        row('4', '좋은 날', '아이유'),
      ]),
      'kr',
    );
    expect(r.rejected.map((x) => x.reason)).toEqual([
      'no number',
      expect.stringMatching(/^number is not digits/),
      'title is only spaces',
    ]);
    expect(r.songs.map((s) => s.no)).toEqual(['4']);
    expect(r.rows).toBe(4);
  });

  test('a page cut off before </html> is a wrong shape; a page without the list is maintenance when it says so', () => {
    expect(kindOf(() => parseBookPage(book([row('1', 'a', 'b')]).slice(0, 200), 'kr'))).toBe('bad_shape');
    expect(kindOf(() => parseBookPage(page('<h1>서비스 점검 중입니다</h1>'), 'kr'))).toBe('maintenance');
    expect(kindOf(() => parseBookPage(page('<h1>환영합니다</h1>'), 'kr'))).toBe('bad_shape');
  });
});

describe('the KY detail page', () => {
  const detail = (no: string) =>
    page(
      `<ul class="search_result_list"><li><span class="search_num">${no}</span><span class="search_tit">아주 아주 긴 제목의 노래 (Feat. 누군가)</span>` +
        '<span class="search_sng">가수</span><span class="search_com"> 김작곡 작곡</span><span class="search_lyr">이작사</span><span class="search_date">2024.05</span></li></ul>',
    );

  test('the row with the number: full title, credits without role words, the month as its first day', () => {
    expect(parseDetailPage(detail('12345'), '12345')).toMatchObject({
      no: '12345',
      title: '아주 아주 긴 제목의 노래 (Feat. 누군가)',
      singer: '가수',
      composer: '김작곡',
      lyricist: '이작사',
      release: '2024-05-01',
      mayBeCut: false,
      nation: null,
    });
  });

  test('no row with that number is null; a page without the list is an error', () => {
    expect(parseDetailPage(detail('123456'), '12345')).toBeNull();
    expect(
      parseDetailPage(
        page('<ul class="search_result_list"><li class="search_result_none">검색 결과가 없습니다.</li></ul>'),
        '1',
      ),
    ).toBeNull();
    expect(kindOf(() => parseDetailPage(page('<p>oops</p>'), '1'))).toBe('bad_shape');
  });

  test("a row that cannot be stored is a bad row (the song's), not a wrong page", () => {
    const long = page(
      `<ul class="search_result_list"><li><span class="search_num">7</span><span class="search_tit">제목</span><span class="search_sng">${'가'.repeat(5000)}</span></li></ul>`,
    );
    expect(kindOf(() => parseDetailPage(long, '7'))).toBe('bad_row');
  });
});

describe('the KY player feed', () => {
  test('Items become songs, credits without padding or role words; WebKaraYn is a mark; numbers stay text', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<Items><Item SongId="01234" Title="Love &amp; Peace" Singer="아이브" Author="            김작곡 작곡" LyricsAuthor="      이작사 작사" WebKaraYn="Y"/>' +
      '<Item SongId="" Title="x" Singer="y" Author="" LyricsAuthor="" WebKaraYn="N"/></Items>';
    const { songs, rejected } = parseNewSongsXml(xml);
    expect(songs).toEqual([
      expect.objectContaining({
        no: '01234',
        title: 'Love & Peace',
        singer: '아이브',
        composer: '김작곡',
        lyricist: '이작사',
        marks: ['WEB'],
      }),
    ]);
    expect(rejected.map((r) => r.reason)).toEqual(['no number']);
  });

  test('one Item, or none, is still a list', () => {
    expect(parseNewSongsXml('<Items><Item SongId="1" Title="a" Singer="b"/></Items>').songs).toHaveLength(1);
    expect(parseNewSongsXml('<Items></Items>').songs).toEqual([]);
    expect(parseNewSongsXml('<Items/>').songs).toEqual([]);
  });

  test('not XML, another root or an HTML page is an error', () => {
    expect(kindOf(() => parseNewSongsXml('<Items><Item SongId="1"'))).toBe('bad_shape');
    expect(kindOf(() => parseNewSongsXml('<Songs><Item SongId="1"/></Songs>'))).toBe('bad_shape');
    expect(kindOf(() => parseNewSongsXml('<!DOCTYPE html><html><body>점검</body></html>'))).toBe('maintenance');
  });
});

describe('book checkpoints', () => {
  test('round-trip, and one that names no letter of the index reads as none', () => {
    const c = { city: 'jp' as const, letter: 'か', page: 12 };
    expect(decodeBookCheckpoint(encodeBookCheckpoint(c))).toEqual(c);
    expect(decodeBookCheckpoint('kr|ㄲ|2')).toBeNull();
    expect(decodeBookCheckpoint('xx|A|2')).toBeNull();
    expect(decodeBookCheckpoint(null)).toBeNull();
  });

  test('the index has every 초성, A-Z and the kana rows', () => {
    const kr = KY_BOOK_INDEX.find((b) => b.city === 'kr')!.letters;
    expect(kr.slice(0, 14).join('')).toBe('ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ');
    expect(KY_BOOK_INDEX.find((b) => b.city === 'en')!.letters).toContain('Z');
    expect(KY_BOOK_INDEX.find((b) => b.city === 'jp')!.letters).toHaveLength(10);
  });
});

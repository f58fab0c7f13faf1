import {
  checkSongFields,
  cleanText,
  hasControlCharacter,
  rowProblem,
  stripCreditSuffix,
  toDay,
  toNation,
  MAX_FIELD_LENGTH,
  songOrRejected,
} from './source-text';

describe('cleanText', () => {
  test('trims padding, folds runs of white space (tabs, no-break and ideographic spaces) and drops invisible characters', () => {
    expect(cleanText('   사랑\t\t했지만  ')).toBe('사랑 했지만');
    expect(cleanText('\u00A0봄날\u3000 ')).toBe('봄날');
    expect(cleanText('\uFEFF아이\u200B유')).toBe('아이유');
  });

  test('composes decomposed Hangul (a file saved on macOS) and reads numbers as text', () => {
    expect(cleanText('\u1100\u1161\u11B7')).toBe('감');
    expect(cleanText(12345)).toBe('12345');
    expect(cleanText(null)).toBe('');
    expect(cleanText({ a: 1 })).toBe('');
  });
});

describe('stripCreditSuffix', () => {
  test("drops the role word KY's feed writes after a padded credit", () => {
    expect(stripCreditSuffix('          김형석 작곡', '작곡')).toBe('김형석');
    expect(stripCreditSuffix('  박진영작사  ', '작사')).toBe('박진영');
  });

  test('a credit that is only the role, or nothing, is no credit; another role word is kept', () => {
    expect(stripCreditSuffix('        작곡', '작곡')).toBeNull();
    expect(stripCreditSuffix('   ', '작사')).toBeNull();
    expect(stripCreditSuffix('김형석 작곡', '작사')).toBe('김형석 작곡');
    expect(stripCreditSuffix('김형석작곡', '작곡')).toBe('김형석');
    expect(stripCreditSuffix('이작사', '작사')).toBe('이작사');
    expect(stripCreditSuffix('  이작사 작사', '작사')).toBe('이작사');
  });
});

describe('toDay', () => {
  test('reads the day and month forms sources write; a month alone is its first day', () => {
    expect(toDay('2024-05-17')).toBe('2024-05-17');
    expect(toDay('2024.05.17')).toBe('2024-05-17');
    expect(toDay('20240517')).toBe('2024-05-17');
    expect(toDay('2024.05')).toBe('2024-05-01');
    expect(toDay(' 202405 ')).toBe('2024-05-01');
  });

  test('refuses days the calendar lacks and anything else', () => {
    expect(toDay('2023-02-29')).toBeNull();
    expect(toDay('2024-13-01')).toBeNull();
    expect(toDay('17/05/2024')).toBeNull();
    expect(toDay('')).toBeNull();
  });
});

describe('rowProblem', () => {
  const good = { no: '12345', title: '좋은 날', singer: '아이유', composer: '이민수', lyricist: '김이나' };

  test('a good row has none', () => {
    expect(rowProblem(good)).toBeNull();
    expect(rowProblem({ ...good, no: 12345, composer: undefined, lyricist: null })).toBeNull();
  });

  test('each kind of bad row names its reason', () => {
    expect(rowProblem({ ...good, no: '' })).toBe('no number');
    expect(rowProblem({ ...good, no: undefined })).toBe('no number');
    expect(rowProblem({ ...good, no: '12A45' })).toMatch(/number is not digits/);
    expect(rowProblem({ ...good, no: '1'.repeat(11) })).toMatch(/longer than 10 digits/);
    expect(rowProblem({ ...good, title: '' })).toBe('no title');
    expect(rowProblem({ ...good, title: '     ' })).toBe('title is only spaces');
    expect(rowProblem({ ...good, singer: ' ' })).toBe('no singer');
    expect(rowProblem({ ...good, title: `좋은${'\u0007'}날` })).toBe('title has control characters');
    expect(rowProblem({ ...good, lyricist: `김\u0000이나` })).toBe('lyricist has control characters');
    expect(rowProblem({ ...good, singer: '가'.repeat(5000) })).toBe(
      `singer longer than ${MAX_FIELD_LENGTH} characters`,
    );
    expect(rowProblem({ ...good, title: ['좋은 날'] })).toBe('title is not text');
  });

  test('tabs and line breaks are white space, not control characters', () => {
    expect(hasControlCharacter('좋은\t날\r\n')).toBe(false);
    expect(rowProblem({ ...good, title: '좋은\n날' })).toBeNull();
  });
});

describe('checkSongFields and songOrRejected', () => {
  test('clean fields, with null for missing credits', () => {
    expect(
      checkSongFields({ no: ' 0123 ', title: '  밤편지 ', singer: '아이유  ', composer: '   ', lyricist: undefined }),
    ).toEqual({ no: '0123', title: '밤편지', singer: '아이유', composer: null, lyricist: null });
  });

  test('a rejected row keeps a shortened raw value for the report', () => {
    const r = songOrRejected('ky', { no: '1', title: '가'.repeat(5000), singer: 'x' }, { title: '가'.repeat(5000) });
    expect('rejected' in r && r.rejected.reason).toMatch(/title longer/);
    expect('rejected' in r && (r.rejected.raw as { title: string }).title.length).toBeLessThan(300);
  });

  test("a song gets the adapter's extra fields and empty defaults", () => {
    const r = songOrRejected('tj', { no: '1', title: 'a', singer: 'b' }, {}, () => ({ nation: 'jpn', marks: ['MR'] }));
    expect('song' in r && r.song).toMatchObject({
      brand: 'tj',
      no: '1',
      nation: 'jpn',
      marks: ['MR'],
      mayBeCut: false,
      release: null,
      genre: null,
    });
  });
});

describe('toNation', () => {
  test('maps the codes sources use', () => {
    expect([
      toNation('KOR'),
      toNation('eng'),
      toNation(' JPN '),
      toNation('CHN'),
      toNation('THA'),
      toNation(''),
    ]).toEqual(['kor', 'eng', 'jpn', 'chn', 'etc', null]);
  });
});

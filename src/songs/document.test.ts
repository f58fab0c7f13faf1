import { songDocument, type SongRow } from './document';

const row = (over: Partial<SongRow> = {}): SongRow => ({
  id: 1,
  title: '아이돌',
  artist: 'YOASOBI',
  alt_titles: ['アイドル'],
  artist_aliases: [],
  tj_no: '68000',
  ky_no: '44000',
  composer: null,
  lyricist: null,
  release: null,
  merge_rule: 'alt-title',
  popularity: 0,
  deleted_at: null,
  updated_at: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('songDocument facets and readings', () => {
  test('nation and genres become keyword fields; a song without them has null and none', () => {
    expect(songDocument(row({ nation: 'jpn', genres: ['JPOP', 'OST'] }))).toMatchObject({
      nation: 'jpn',
      genres: ['JPOP', 'OST'],
    });
    expect(songDocument(row())).toMatchObject({ nation: null, genres: [], title_readings: [], artist_readings: [] });
  });

  test('a title reading gets the keys a title gets: compact, 초성, jamo, typo and the completion inputs', () => {
    const doc = songDocument(row({ title_readings: ['아이도루'], artist_readings: ['요아소비'] }))!;
    expect(doc.title_readings).toEqual(['아이도루']);
    expect(doc.title_compact).toContain('아이도루');
    expect(doc.title_exact).toEqual(expect.arrayContaining(['아이도루', 'ㅇㅇㄷㄹ']));
    expect(doc.title_chosung).toContain('ㅇㅇㄷㄹ');
    expect(doc.title_jamo).toContain('ㅇㅏㅇㅣㄷㅗㄹㅜ');
    expect(doc.artist_compact).toContain('요아소비');
    const inputs = (doc.suggest as Array<{ input: string[] }>).flatMap((g) => g.input);
    expect(inputs).toEqual(expect.arrayContaining(['아이도루', 'ㅇㅇㄷㄹ', '요아소비']));
  });

  test('without readings the keys are what they were (the readings add, never replace)', () => {
    const plain = songDocument(row())!;
    const read = songDocument(row({ title_readings: ['아이도루'] }))!;
    expect(read.title_compact).toEqual(expect.arrayContaining(plain.title_compact as string[]));
    expect(plain.title_compact).not.toContain('아이도루');
  });

  test('withdrawn and deleted songs have no document', () => {
    expect(songDocument(row({ withdrawn_at: new Date() }))).toBeNull();
    expect(songDocument(row({ deleted_at: new Date() }))).toBeNull();
  });
});

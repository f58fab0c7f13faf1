import { songFacetsOf, songNation } from './merge-facets';

describe('songNation', () => {
  test("TJ's nation wins, else KY's; jpn when either side says so", () => {
    expect(songNation('kor', 'eng')).toBe('kor');
    expect(songNation(null, 'eng')).toBe('eng');
    expect(songNation(undefined, undefined)).toBeNull();
    expect(songNation('kor', 'jpn')).toBe('jpn');
    expect(songNation('jpn', 'kor')).toBe('jpn');
  });
});

describe('songFacetsOf', () => {
  const song = (title: string, alt_titles: string[] = [], artist = 'YOASOBI', artist_aliases: string[] = []) => ({
    title,
    artist,
    alt_titles,
    artist_aliases,
  });

  test("a kana title is read in Hangul (アイドル -> 아이도루), the source's reading joins it, once", () => {
    const f = songFacetsOf(
      song('아이돌', ['アイドル']),
      { nation: 'jpn', title_reading: '아이도루', singer_reading: '요아소비' },
      { nation: 'kor' },
    );
    expect(f).toEqual({
      nation: 'jpn',
      title_readings: ['아이도루'],
      artist_readings: ['요아소비'],
      alt_titles: ['アイドル'],
    });
  });

  test('a reading that is a title already, or not Hangul, is no reading; bracketed parts are read on their own', () => {
    const f = songFacetsOf(
      song('아이돌', ['アイドル']),
      { title_reading: '아이도루(아이돌)', singer_reading: 'YOASOBI' },
      undefined,
    );
    expect(f.title_readings).toEqual(['아이도루']);
    expect(f.artist_readings).toEqual([]);
  });

  test("a kanji title has no reading of its own, only the source's; kana artists are read too", () => {
    expect(songFacetsOf(song('夜に駆ける', [], 'あいみょん'), undefined, undefined)).toMatchObject({
      title_readings: [],
      artist_readings: ['아이묜', '아이묭'],
    });
    expect(songFacetsOf(song('夜に駆ける'), { title_reading: '요루니 카케루' }, undefined).title_readings).toEqual([
      '요루니 카케루',
    ]);
  });

  test("a Hangul sub title (a Japanese song's Korean title) becomes an alternative title unless the song has it", () => {
    expect(songFacetsOf(song('アイドル'), { sub_title: '아이돌' }, undefined).alt_titles).toEqual(['아이돌']);
    expect(songFacetsOf(song('아이돌', ['アイドル']), { sub_title: '아이돌' }, undefined).alt_titles).toEqual([
      'アイドル',
    ]);
    expect(songFacetsOf(song('Butter'), { sub_title: 'Hotter Remix' }, undefined).alt_titles).toEqual([]);
  });

  test('Korean songs carry no readings', () => {
    expect(songFacetsOf(song('밤편지', [], '아이유', ['IU']), { nation: 'kor' }, { nation: 'kor' })).toEqual({
      nation: 'kor',
      title_readings: [],
      artist_readings: [],
      alt_titles: [],
    });
  });
});

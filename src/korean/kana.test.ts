import { kanaReadings } from './kana';

describe('kanaReadings: Japanese in kana read in Hangul', () => {
  test.each([
    ['アイドル', '아이도루'],
    ['ハルジオン', '하루지온'],
    ['さくらんぼ', '사쿠란보'],
    ['ドライフラワー', '도라이후라와'],
    ['マリーゴールド', '마리고루도'],
    ['なんでもないや', '난데모나이야'],
    ['ベテルギウス', '베테루기우스'],
    ['ヨアソビ', '요아소비'],
    ['チョコレート', '초코레토'],
    ['ティーンエイジャー', '틴에이자'],
    ['ウィンター', '윈타'],
    ['ファイト', '파이토'],
    ['ロック', '롯쿠'],
    ['ヴァンパイア', '반파이아'],
    ['キャンディ', '캰디'],
  ])('%s reads %s', (kana, hangul) => {
    expect(kanaReadings(kana)[0]).toBe(hangul);
  });

  test("the standard rules' plain word-initial consonant and a final ン heard as ㅇ are further readings", () => {
    expect(kanaReadings('カケル')).toEqual(['카케루', '가케루']);
    expect(kanaReadings('あいみょん')).toEqual(['아이묜', '아이묭']);
  });

  test('Latin, digits and spaces stay; hiragana and katakana read alike', () => {
    expect(kanaReadings('ぷよぷよ')[0]).toBe(kanaReadings('プヨプヨ')[0]);
    expect(kanaReadings('ラブ 2 ユー')[0]).toBe('라부 2 유');
  });

  test('text with kanji, or without kana, has no reading', () => {
    expect(kanaReadings('夜に駆ける')).toEqual([]);
    expect(kanaReadings('Lemon')).toEqual([]);
    expect(kanaReadings('아이돌')).toEqual([]);
  });
});

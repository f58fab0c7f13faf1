import { badReasonOf, isCutOf, needsDetails, reasonCode, titleChangedCompletely, titleSimilarity } from './row-checks';
import type { SourceSong } from './source';

const song = (over: Partial<SourceSong> = {}): SourceSong => ({
  brand: 'ky',
  no: '12345',
  title: '밤편지',
  singer: '아이유',
  composer: null,
  lyricist: null,
  release: null,
  nation: null,
  genre: null,
  titleReading: null,
  singerReading: null,
  subTitle: null,
  marks: [],
  mayBeCut: false,
  ...over,
});

describe('badReasonOf', () => {
  test('a clean row passes', () => {
    expect(badReasonOf(song(), 'ky')).toBeNull();
    expect(badReasonOf(song({ release: '2017-03-24', composer: '김제휘' }), 'ky')).toBeNull();
  });

  test.each<[string, Partial<SourceSong>, string]>([
    ['no number', { no: '' }, 'no_number'],
    ['a number with letters', { no: '12a45' }, 'bad_number'],
    ['a number too long for the catalog', { no: '123456789' }, 'bad_number'],
    ['a title of spaces', { title: '   ' }, 'blank_title'],
    ['a title of ideographic spaces and a Hangul filler', { title: '\u3000\u3164\u3000' }, 'blank_title'],
    ['a control character in the singer', { singer: '아이\u0007유' }, 'control_characters'],
    ['a NUL in the title', { title: '밤\u0000편지' }, 'control_characters'],
    ['a 5,000-character title', { title: '가'.repeat(5000) }, 'field_too_long'],
    ['a 5,000-character composer', { composer: 'a'.repeat(5000) }, 'field_too_long'],
    ['broken encoding', { title: '밤\ufffd지' }, 'broken_encoding'],
    ['an impossible release day', { release: '2017-02-30' }, 'bad_release'],
  ])('%s is %s', (_name, over, reason) => {
    expect(badReasonOf(song(over), 'ky')).toBe(reason);
  });

  test("another brand's row is not this brand's song", () => {
    expect(badReasonOf(song({ brand: 'tj' }), 'ky')).toBe('wrong_brand');
  });

  test('a long credit list within the limit is fine', () => {
    expect(
      badReasonOf(song({ composer: Array.from({ length: 30 }, (_, i) => `작곡가${i}`).join(', ') }), 'ky'),
    ).toBeNull();
  });
});

describe('cut text', () => {
  test('a cut is a prefix of the full text, with or without an ellipsis', () => {
    expect(isCutOf('어떻게 이별까지 사랑하겠어, 널', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지')).toBe(true);
    expect(isCutOf('어떻게 이별까지 사랑하겠어...', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지')).toBe(true);
    expect(isCutOf('밤편지', '밤편지')).toBe(true);
    expect(isCutOf('밤편지 (Live)', '밤편지')).toBe(false);
    expect(isCutOf('...', '밤편지')).toBe(false);
  });

  test('details are needed for a cut row that is new or no longer fits what we hold', () => {
    const cut = song({ title: '어떻게 이별까지 사랑하겠어', singer: '악동뮤지션', mayBeCut: true });
    expect(needsDetails(cut, undefined)).toBe(true);
    expect(needsDetails(cut, { title: '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', singer: '악동뮤지션' })).toBe(
      false,
    );
    expect(needsDetails(cut, { title: '다른 노래', singer: '악동뮤지션' })).toBe(true);
    expect(needsDetails(cut, { title: '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지', singer: 'AKMU' })).toBe(true);
    expect(needsDetails({ ...cut, mayBeCut: false }, undefined)).toBe(false);
  });
});

describe('titleChangedCompletely', () => {
  test('respellings, tags and completed cuts are not a changed title', () => {
    expect(titleChangedCompletely('좋은 날', '좋은날')).toBe(false);
    expect(titleChangedCompletely('밤편지', '밤편지 (Live)')).toBe(false);
    expect(titleChangedCompletely('어떻게 이별까지', '어떻게 이별까지 사랑하겠어, 널 사랑하는 거지')).toBe(false);
    expect(titleChangedCompletely('Dynamite', 'DYNAMITE')).toBe(false);
    expect(titleChangedCompletely('사랑했지만', '사랑했지만 (Remastered)')).toBe(false);
    expect(titleChangedCompletely('너의 의미', '너의 의미야')).toBe(false);
  });

  test('another title altogether is', () => {
    expect(titleChangedCompletely('밤편지', '좋은 날')).toBe(true);
    expect(titleChangedCompletely('Dynamite', 'Butter')).toBe(true);
  });

  test('similarity is symmetric and 1 for the same compact text', () => {
    expect(titleSimilarity('좋은 날', '좋은날!')).toBe(1);
    expect(titleSimilarity('밤편지', '편지')).toBeCloseTo(titleSimilarity('편지', '밤편지'));
  });
});

describe('reasonCode', () => {
  test("adapters' reasons are counted under the codes of our own checks", () => {
    expect(reasonCode('no number')).toBe('no_number');
    expect(reasonCode('line 12: number is not digits ("12a")')).toBe('bad_number');
    expect(reasonCode('title has control characters')).toBe('control_characters');
    expect(reasonCode('line 3: composer longer than 300 characters')).toBe('field_too_long');
    expect(reasonCode('title is only spaces')).toBe('blank_title');
    expect(reasonCode('duplicate_number')).toBe('duplicate_number');
  });

  test('another wording is kept without its values, so rows with the same problem add up', () => {
    expect(reasonCode('not a song item (pro: expected string)')).toBe(
      reasonCode('not a song item (indexTitle: required)'),
    );
    expect(reasonCode('line 7: odd row 12')).toBe('odd row N');
  });
});

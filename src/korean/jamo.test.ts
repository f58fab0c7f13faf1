import { convertHangulToQwerty, convertQwertyToHangul } from 'es-hangul';
import { toJamo } from './jamo';

const isPrefixOf = (typed: string, full: string) => toJamo(full).startsWith(toJamo(typed));

describe('toJamo', () => {
  it('decomposes syllables into compatibility jamo, keeping word spaces', () => {
    expect(toJamo('아이유')).toBe('ㅇㅏㅇㅣㅇㅠ');
    expect(toJamo('너의 의미')).toBe('ㄴㅓㅇㅡㅣ ㅇㅡㅣㅁㅣ');
  });

  it('splits compound vowels and compound finals into their keys', () => {
    expect(toJamo('닭')).toBe('ㄷㅏㄹㄱ');
    expect(toJamo('왜')).toBe('ㅇㅗㅐ');
    expect(toJamo('ㄳ')).toBe('ㄱㅅ');
  });

  it('keeps shift-typed jamo (ㄲ, ㅆ, ㅒ) whole', () => {
    expect(toJamo('있어')).toBe('ㅇㅣㅆㅇㅓ');
    expect(toJamo('얘')).toBe('ㅇㅒ');
  });

  it('passes Latin and digits through lower-cased', () => {
    expect(toJamo('BTS 봄')).toBe('bts ㅂㅗㅁ');
  });
});

describe('half-typed queries are prefixes of the full text', () => {
  it.each([
    ['아이ㅇ', '아이유'],
    ['너의 의ㅁ', '너의 의미'],
    ['블랙핑', '블랙핑크'],
    ['블랙피', '블랙핑크'],
    ['달', '닭'],
    ['으', '의'],
    ['간', '가나'],
    ['닭', '달걀'],
    ['좋으', '좋은날'],
  ])('%s -> %s', (typed, full) => {
    expect(isPrefixOf(typed, full)).toBe(true);
  });

  it('does not treat a different syllable as a prefix', () => {
    expect(isPrefixOf('아이오', '아이유')).toBe(false);
  });

  it.each(['너의 의미', '좋은 날', '밤편지', '블랙핑크', '없어', '달걀', '앉아', '괜찮아요', '뚫고', '사랑했지만'])(
    'every 2-set IME state while typing %s is a prefix',
    (title) => {
      const keys = convertHangulToQwerty(title);
      for (let n = 1; n <= keys.length; n++) {
        const shown = convertQwertyToHangul(keys.slice(0, n));
        expect([shown, toJamo(title).startsWith(toJamo(shown))]).toEqual([shown, true]);
      }
    },
  );
});

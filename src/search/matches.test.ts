import { readQuery } from './readings';
import { findsEveryWord, matchRanges } from './matches';

const marked = (q: string, text: string) => {
  let out = '';
  let at = 0;
  for (const [s, e] of matchRanges(readQuery(q), text)) {
    out += `${text.slice(at, s)}[${text.slice(s, e)}]`;
    at = e;
  }
  return out + text.slice(at);
};

describe('matchRanges', () => {
  test.each([
    ['ㄴㅇㅇㅁ', '너의 의미', '[너의] [의미]'],
    ['ㅇㅎ 볼빨간', '여행', '[여행]'],
    ['눈의 ㄲ', '눈의 꽃', '[눈의] [꽃]'],
    ['너의 의ㅁ', '너의 의미', '[너의] [의미]'],
    ['sjdml dmlal', '너의 의미', '[너의] [의미]'],
    ['dkdldb qk', '바람', '[바]람'],
    ['ㅠㅕㅅㅅㄷㄱ', 'Butter', '[Butter]'],
    ['빔편지', '밤편지', '[밤편지]'],
    ['좋은날', '좋은 날', '[좋은] [날]'],
    ['버터', 'Butter', '[Butter]'],
    ['버터', 'Ｂｕｔｔｅｒ', '[Ｂｕｔｔｅｒ]'], // full-width and other compatibility letters are Latin to the pronunciation keys (NFKC)
    ['버터', '𝐁𝐮𝐭𝐭𝐞𝐫', '[𝐁𝐮𝐭𝐭𝐞𝐫]'],
    ['하우 유 라이크', 'How You Like That', '[How You Like] That'],
  ])('%s marks %s as %s', (q, text, expected) => {
    expect(marked(q, text)).toBe(expected);
  });

  test('nothing placeable gives no ranges', () => {
    expect(matchRanges(readQuery('31053'), '너의 의미')).toEqual([]);
  });
});

describe('findsEveryWord', () => {
  test.each([
    ['너의 의미', ['너의 의미', '아이유'], true],
    ['아이유 너의', ['너의 의미', '아이유'], true], // words in any order, title or artist
    ['ㄴㅇㅇㅁ 아이유', ['너의 의미', '아이유'], true],
    ['sjdml dmlal', ['너의 의미', '아이유'], true], // Korean typed in English mode
    ['하우 유', ['How You Like That', 'BLACKPINK'], true],
    ['너의 의ㅁ', ['너의 의미', '아이유'], true], // half-typed last syllable
    ['빔편지', ['밤편지', '아이유'], false], // a slipped vowel is a typo, not what was typed
    ['너의 의미 노래', ['너의 의미', '아이유'], false], // an extra word
    ['31053', ['너의 의미', '아이유'], false],
  ])('%s in %j: %s', (q, texts, expected) => {
    expect(findsEveryWord(readQuery(q), texts as string[])).toBe(expected);
  });
});

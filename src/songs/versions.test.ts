import { versionKindsOf } from './versions';

describe('versionKindsOf', () => {
  test.each([
    ['사랑 (Live)', ['live']],
    ['스물셋 (Remix)', ['remix']],
    ['너의 의미 (MR)', ['mr']],
    ['좋은 날 (Inst.)', ['inst']],
    ['봄날 (Acoustic Ver.)', ['acoustic']],
    ['밤편지', []],
    ['Butter (Feat. Megan Thee Stallion)', []],
    ['블루밍(Blueming)', []],
    ['(여자)아이들', []],
  ])('%s -> %j', (title, kinds) => {
    expect(versionKindsOf(title)).toEqual(kinds);
  });
});

import { classifyTag, splitAlternatives } from './titles';

describe('splitAlternatives: alternative names', () => {
  it.each([
    ['블루밍(Blueming)', ['블루밍', 'Blueming']],
    ['BTS(방탄소년단)', ['BTS', '방탄소년단']],
    ['아이유(IU)', ['아이유', 'IU']],
    ['좋은 날 (Good Day)', ['좋은 날', 'Good Day']],
    ['방탄소년단 [BTS]', ['방탄소년단', 'BTS']],
  ])('%s names %j', (s, names) => {
    const r = splitAlternatives(s);
    expect([r.primary, ...r.alternatives]).toEqual(names);
    expect(r.tags).toEqual([]);
  });

  it('keeps brackets that are part of a name', () => {
    expect(splitAlternatives('(여자)아이들')).toEqual({ primary: '(여자)아이들', alternatives: [], tags: [] });
    expect(splitAlternatives('(여자)아이들((G)I-DLE)')).toEqual({
      primary: '(여자)아이들',
      alternatives: ['(G)I-DLE'],
      tags: [],
    });
  });

  it('leaves a plain title alone', () => {
    expect(splitAlternatives('  밤편지 ')).toEqual({ primary: '밤편지', alternatives: [], tags: [] });
  });
});

describe('splitAlternatives: tags', () => {
  it.each([
    ['Dynamite (Feat. 박재범)', 'feat'],
    ['Love (Prod. 그레이)', 'prod'],
    ['좋은 날 (MR)', 'mr'],
    ['좋은 날(Inst.)', 'inst'],
    ["사랑인가요 (드라마 '도깨비' OST)", 'ost'],
    ['봄날 (Live)', 'live'],
    ['Butter (Hotter Remix)', 'remix'],
    ['Blue (Acoustic Ver.)', 'acoustic'],
    ['Tell Me (Korean Ver.)', 'version'],
    ['Tell Me (With 원더걸스)', 'with'],
  ])('%s has a %s tag, not an alternative name', (s, kind) => {
    const r = splitAlternatives(s);
    expect(r.tags.map((t) => t.kind)).toEqual([kind]);
    expect(r.alternatives).toEqual([]);
  });

  it('separates names and tags in one title, in order', () => {
    expect(splitAlternatives('봄날(Spring Day) (Feat. 아이유) (Live)')).toEqual({
      primary: '봄날',
      alternatives: ['Spring Day'],
      tags: [
        { kind: 'feat', text: 'Feat. 아이유' },
        { kind: 'live', text: 'Live' },
      ],
    });
  });

  it('treats a bare Feat. at the end as a tag', () => {
    expect(splitAlternatives('LOVE DIVE Feat. 지코')).toEqual({
      primary: 'LOVE DIVE',
      alternatives: [],
      tags: [{ kind: 'feat', text: 'Feat. 지코' }],
    });
  });
});

describe('classifyTag', () => {
  it('knows credits and versions, and nothing else', () => {
    expect(classifyTag('ft. 지코')).toBe('feat');
    expect(classifyTag('라이브')).toBe('live');
    expect(classifyTag('Blueming')).toBeUndefined();
    expect(classifyTag('방탄소년단')).toBeUndefined();
  });
});

describe('classifyTag: other descriptors', () => {
  it('tags version-like words that are not names', () => {
    expect(splitAlternatives('Next Level (Explicit)').tags).toEqual([{ kind: 'other', text: 'Explicit' }]);
    expect(splitAlternatives('좋니 (여자키)').tags).toEqual([{ kind: 'other', text: '여자키' }]);
    expect(classifyTag('반주')).toBe('inst');
  });
});

import { contentHash, provenanceFields } from './provenance';
import { exampleText, ReasonTally, reportLines, summaryJson, type SyncReport } from './sync-report';
import type { SourceSong } from './source';

describe('ReasonTally', () => {
  test('counts by reason, keeps three examples each, most frequent first', () => {
    const t = new ReasonTally();
    for (let i = 0; i < 5; i++) t.add('blank_title', { no: String(i), title: ' ' });
    t.add('duplicate_number', '1 밤편지');
    expect(t.total).toBe(6);
    const json = t.toJSON();
    expect(Object.keys(json)).toEqual(['blank_title', 'duplicate_number']);
    expect(json.blank_title).toEqual({
      count: 5,
      examples: ['{"no":"0","title":" "}', '{"no":"1","title":" "}', '{"no":"2","title":" "}'],
    });
  });

  test('examples show control characters escaped and are cut short', () => {
    expect(exampleText('밤\u0007편지')).toBe('밤\\u0007편지');
    expect(exampleText('가'.repeat(5000))).toHaveLength(200);
  });
});

const report = (over: Partial<SyncReport> = {}): SyncReport => ({
  runId: 7,
  brand: 'ky',
  kind: 'full',
  source: 'ky-book',
  dryRun: false,
  status: 'applied',
  resumed: false,
  pages: 3,
  listingSize: 120,
  baseline: 118,
  added: 2,
  changed: 1,
  unchanged: 117,
  missing: 1,
  withdrawn: 0,
  restored: 0,
  bad: 1,
  badReasons: { blank_title: { count: 1, examples: ['{"no":"5"}'] } },
  warnings: {},
  detailCalls: 2,
  provenanceRows: 3,
  refusal: null,
  merge: null,
  songsWithdrawn: 0,
  songsRestored: 0,
  samples: {
    added: [{ no: '1', title: '새 노래', singer: '가수' }],
    changed: [{ no: '2', before: { title: '좋은 날', singer: 'IU' }, after: { title: '좋은날', singer: 'IU' } }],
    withdrawn: [],
  },
  error: null,
  ms: 12,
  ...over,
});

describe('report lines', () => {
  test('a dry run says what would happen, with samples', () => {
    const lines = reportLines(
      report({
        status: 'dry_run',
        dryRun: true,
        withdrawn: 1,
        samples: { added: [], changed: [], withdrawn: [{ no: '9', title: '가시', singer: '버즈' }] },
      }),
    );
    expect(lines.join('\n')).toMatch(/would be added 2, would be changed 1/);
    expect(lines).toContain('  - 9 가시 / 버즈');
  });

  test('a refused run says why it changed nothing', () => {
    expect(reportLines(report({ status: 'refused', refusal: 'the listing is empty' }))).toContain(
      '  changed nothing: the listing is empty',
    );
  });

  test('the summary is one JSON line with counts by reason', () => {
    const line = summaryJson(report());
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ runId: 7, status: 'applied', badReasons: { blank_title: 1 }, added: 2 });
  });
});

describe('provenance hash', () => {
  const s: SourceSong = {
    brand: 'tj',
    no: '1',
    title: '밤편지',
    singer: '아이유',
    composer: null,
    lyricist: null,
    release: null,
    nation: 'kor',
    genre: null,
    titleReading: null,
    singerReading: null,
    subTitle: null,
    marks: ['MR', 'LV'],
    mayBeCut: false,
  };
  test('the same content hashes the same whatever the order of marks; a respelling does not', () => {
    expect(contentHash(provenanceFields(s))).toBe(contentHash(provenanceFields({ ...s, marks: ['LV', 'MR'] })));
    expect(contentHash(provenanceFields(s))).not.toBe(contentHash(provenanceFields({ ...s, title: '밤 편지' })));
  });
});

import { readQuery } from './readings';
import {
  buildKeystrokeRequest,
  isShortPrefix,
  keystrokeForms,
  mergeKeystrokeResults,
  type SuggestForm,
} from './song-keystroke';
import { completionInputs, suggestWeight, SUGGEST_TIERS, type NameKeys } from '../songs/suggest-inputs';

const prefixes = (q: string) => keystrokeForms(readQuery(q))?.forms.map((f) => f.prefix) ?? null;

describe('which inputs take the keystroke path', () => {
  test('short prefixes of every kind do, with a form per reading', () => {
    expect(prefixes('사')).toEqual(expect.arrayContaining(['사', 'ㅅㅏ']));
    expect(prefixes('ㅂㅍㅈ')).toEqual(['ㅂㅍㅈ']);
    expect(prefixes('dkdl')).toEqual(expect.arrayContaining(['아이', 'ㅇㅏㅇㅣ']));
    expect(prefixes('ㅠㅕㅅ')).toEqual(expect.arrayContaining(['but']));
    expect(prefixes('버터')).toEqual(expect.arrayContaining(['버터', 'bədə']));
  });

  test('a word followed by a one-letter word does (artist + title keys)', () => {
    expect(isShortPrefix(readQuery('아이유 바').typed)).toBe(true);
    expect(prefixes('dkdldb qk')).toEqual(expect.arrayContaining(['아이유바']));
  });

  test('longer input, numbers and 초성 mixed with words go to the full query', () => {
    for (const q of ['밤편지 아이유', 'ㄴㅇㅇㅁ', '12345', 'TJ 123', '방탄 ㅂ', '사랑했지만'])
      expect(prefixes(q)).toBeNull();
  });

  test('a pronunciation is also looked up as a whole Latin title, so Butter comes before Butterfly', () => {
    const body = JSON.stringify(buildKeystrokeRequest(readQuery('버터'), { size: 10 })?.request);
    expect(body).toContain('{"term":{"title_pron_whole":"bədə"}}');
    expect(JSON.stringify(buildKeystrokeRequest(readQuery('사랑'), { size: 10 })?.request)).toContain(
      'title_pron_whole',
    );
    expect(JSON.stringify(buildKeystrokeRequest(readQuery('ㅂㅍㅈ'), { size: 10 })?.request)).not.toContain(
      'title_pron_whole',
    );
  });

  test('so does a word and a bare consonant typed in English mode, as it does typed in Korean mode', () => {
    expect(prefixes('dkdldb q')).toBeNull(); // 아이유 ㅂ
    expect(prefixes('dkdldb qk')).not.toBeNull(); // 아이유 바
  });
});

describe('the keystroke request', () => {
  test('a brand restricts both the whole-name lookups and the suggesters; without one every context is asked', () => {
    const withBrand = buildKeystrokeRequest(readQuery('사'), { brand: 'ky', size: 10 })?.request!;
    expect(JSON.stringify(withBrand.query)).toContain('"brands":"ky"');
    for (const s of Object.values(withBrand.suggest!))
      expect((s as { completion: { contexts: unknown } }).completion.contexts).toEqual({ brand: ['ky'] });
    const any = buildKeystrokeRequest(readQuery('사'), { size: 10 })?.request!;
    for (const s of Object.values(any.suggest!))
      expect((s as { completion: { contexts: unknown } }).completion.contexts).toEqual({ brand: ['tj', 'ky', 'none'] });
    expect(any.track_total_hits).toBe(false);
  });

  test('whole-name hits come first, then suggestions by weight times the form weight, each song once', () => {
    const forms: SuggestForm[] = [
      { name: 'compact', prefix: '사', weight: 1 },
      { name: 'qwerty_compact', prefix: '사', weight: 0.5 },
    ];
    const src = (id: number) => ({ _id: String(id), _source: { id } });
    const merged = mergeKeystrokeResults(
      {
        hits: { hits: [src(7)] },
        suggest: {
          compact: [
            {
              text: '사',
              offset: 0,
              length: 1,
              options: [
                { ...src(7), text: '사', _score: 9000 },
                { ...src(3), text: '사', _score: 5000 },
              ],
            },
          ],
          qwerty_compact: [{ text: '사', offset: 0, length: 1, options: [{ ...src(1), text: '사', _score: 8000 }] }],
        },
      } as never,
      forms,
      10,
    );
    expect(merged.map((h) => h._id)).toEqual(['7', '3', '1']);
  });
});

describe('completion inputs', () => {
  const keys = (over: Partial<NameKeys> = {}): NameKeys => ({
    exact: [],
    compact: [],
    chosung: [],
    jamo: [],
    pron: [],
    roman: [],
    ...over,
  });
  const standing = { popularity: 0, original: true, titleChars: 4 };

  test('each input once, in its strongest group; songs no brand carries get the context none', () => {
    const groups = completionInputs(
      {
        title: keys({ exact: ['밤편지', 'ㅂㅍㅈ'], compact: ['밤편지', '편지'], chosung: ['ㅂㅍㅈ', 'ㅍㅈ'] }),
        artist: keys({ exact: ['아이유'] }),
        combos: ['아이유밤편지'],
      },
      standing,
      [],
    );
    expect(groups.map((g) => g.input)).toEqual([['밤편지', 'ㅂㅍㅈ'], ['아이유'], ['편지', 'ㅍㅈ'], ['아이유밤편지']]);
    expect(groups.every((g) => g.contexts.brand[0] === 'none')).toBe(true);
    expect(groups[0].weight).toBeGreaterThan(groups[1].weight);
  });

  test('popularity and being the original raise the weight within a tier; a shorter title a little', () => {
    const w = (s: Partial<typeof standing>) => suggestWeight(SUGGEST_TIERS.titlePrefix, { ...standing, ...s });
    expect(w({ popularity: 1 })).toBeGreaterThan(w({}));
    expect(w({})).toBeGreaterThan(w({ original: false }));
    expect(w({ titleChars: 2 })).toBeGreaterThan(w({ titleChars: 9 }));
    expect(Number.isInteger(w({ popularity: 0.37 }))).toBe(true);
  });
});

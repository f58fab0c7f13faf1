// Stage 3's request for the 'keystroke' plan: autocomplete of a short prefix at keystroke rates. One Elasticsearch
// request does two cheap things: whole-name lookups (exact title, artist, 초성 keyword terms) and completion
// suggesters over the in-memory `suggest` field, one per key form of each reading (compact, particle-folded, jamo,
// pronunciation, romanization). A suggester finds the best-weighted songs for a prefix without scoring every song
// that starts with it, which is what made a single syllable or "word + one letter" expensive. Pure.
import type { estypes } from '@elastic/elasticsearch';
import type { ParsedQuery } from '../korean';
import { BRANDS, type Brand } from '../core/brands';
import { songRelevance as R } from './relevance';
import { readingOf, type Reading, type ReadingName, type SearchInput } from './readings';
import { SONG, SONG_ANSWER_FIELDS } from './song-document';
import { brandFilter, effectiveBrand, key, rankedQuery } from './song-query';

const ALL_BRAND_CONTEXTS = [...BRANDS, 'none'];

/** One prefix to complete and how much its suggestions count. */
export interface SuggestForm {
  name: string;
  prefix: string;
  weight: number;
}

/** Keys looked up whole (keyword terms); a `sound` key is a Latin title's whole pronunciation ("버터" -> Butter). */
interface WholeKey {
  value: string;
  weight: number;
  sound?: boolean;
}

/** Suggester names carry the reading they complete (the answer says which suggester found what). */
const TAG: Record<ReadingName, string> = {
  typed: '',
  otherLayout: 'qwerty_',
  otherLayoutUnlikely: 'qwerty_',
  koreanModeLatin: 'latin_',
  units: 'units_',
};

function formsOf({ query: p, keys, weight, name }: Reading): { forms: SuggestForm[]; whole: WholeKey[] } {
  const K = R.keystroke;
  const tag = TAG[name];
  const forms: SuggestForm[] = [];
  const whole: WholeKey[] = [];
  if (p.choseong) {
    forms.push({ name: `${tag}chosung`, prefix: p.choseong, weight });
    whole.push({ value: p.choseong, weight });
    // typed without shift: a whole title's initials with ㄸ for ㄷ and the like (ㄷㄷㄷ -> ㄸㄷㄸ), a little weaker
    for (const tense of keys.tenseWhole) whole.push({ value: tense, weight: weight * R.choseong.tenseShare });
    return { forms, whole };
  }
  forms.push({ name: `${tag}compact`, prefix: p.compact, weight });
  whole.push({ value: p.compact, weight });
  if (keys.folded !== p.compact)
    forms.push({ name: `${tag}folded`, prefix: keys.folded, weight: weight * K.foldedShare });
  if (p.hasHangul) {
    // a half-typed last syllable ("밤펴" on the way to 밤편지) is a jamo prefix of the title's jamo
    if ([...keys.jamo].length >= K.minKeyChars && keys.jamo !== p.compact)
      forms.push({ name: `${tag}jamo`, prefix: keys.jamo, weight });
    // Latin titles by their Korean pronunciation ("버터" -> Butter)
    const sound = keys.sound;
    if (sound.length >= K.minKeyChars) {
      forms.push({ name: `${tag}pron`, prefix: sound, weight: weight * K.pronShare });
      whole.push({ value: sound, weight: weight * K.pronShare, sound: true });
    }
  }
  if (p.romanKey && !p.hasHangul && p.romanKey !== p.compact)
    forms.push({ name: `${tag}roman`, prefix: p.romanKey, weight: weight * K.romanShare });
  return { forms, whole };
}

const charCount = (s: string) => [...s].length;

/** Whether the input is a short prefix: at most maxChars in some reading, or words ending in a one-letter word. */
export function isShortPrefix(p: ParsedQuery): boolean {
  const readings = [p.choseong ?? p.compact, p.qwertyHangul, p.koreanModeLatin].filter((s): s is string => !!s);
  const shortest = Math.min(...readings.map((s) => charCount(s.replace(/\s+/g, ''))));
  const lastWord = (p.qwertyHangul ?? p.text).trim().split(/\s+/).pop() ?? '';
  return shortest <= R.keystroke.maxChars || (p.words.length > 1 && charCount(lastWord) === 1);
}

/** Every prefix the keystroke plan completes and the whole keys it looks up; null when the plan does not apply. */
export function keystrokeForms(input: SearchInput): { forms: SuggestForm[]; whole: WholeKey[] } | null {
  const p = input.typed;
  // numbers and 초성 mixed with words go to the prefix plan: term lookups that are cheap there
  if (p.number || p.mixedChoseong || !isShortPrefix(p)) return null;
  // "dkdldb q" reads as 아이유 ㅂ: a word and a bare consonant, which no completion spells; the prefix plan answers it
  if (readingOf(input, 'otherLayout')?.query.mixedChoseong) return null;
  const forms: SuggestForm[] = [];
  const whole: WholeKey[] = [];
  // an unlikely reading is left to the prefix plan: completing it would crowd the suggestions of what was typed
  for (const reading of input.readings.filter((r) => r.name !== 'otherLayoutUnlikely')) {
    const own = formsOf(reading);
    forms.push(...own.forms);
    whole.push(...own.whole);
  }
  // the same prefix from two readings is completed once, at its best weight
  const byPrefix = new Map<string, SuggestForm>();
  for (const f of forms) if ((byPrefix.get(f.prefix)?.weight ?? -1) < f.weight) byPrefix.set(f.prefix, f);
  return {
    forms: [...byPrefix.values()],
    whole: [...new Map(whole.map((w) => [`${w.sound ? 'sound' : 'name'}:${w.value}`, w])).values()],
  };
}

/** The keystroke request: whole-name lookups ranked by the song's standing, plus a completion per form. */
export function buildKeystrokeRequest(
  input: SearchInput,
  opts: { brand?: Brand; size: number },
): { request: estypes.SearchRequest; forms: SuggestForm[] } | null {
  const plan = keystrokeForms(input);
  if (!plan) return null;
  const brand = effectiveBrand(input, opts.brand);
  const W = R.whole;
  const should = plan.whole.flatMap((w) =>
    w.sound
      ? [key(SONG.titlePronWhole, w.value, W.titlePronWhole * w.weight)]
      : [
          // a whole artist name or nickname ("소시", "방탄") outweighs titles that merely equal it, as in the full query
          key(SONG.artistExact, w.value, W.artistExact * w.weight),
          key(SONG.titleExact, w.value, W.titleExact * w.weight),
        ],
  );
  const suggest: Record<string, estypes.SearchSuggester> = {};
  for (const f of plan.forms) {
    suggest[f.name] = {
      prefix: f.prefix,
      // contexts are mandatory on a context-enabled completion: without a brand, every brand and none
      completion: { field: SONG.suggest, size: opts.size, contexts: { brand: brand ? [brand] : ALL_BRAND_CONTEXTS } },
    } as estypes.SearchSuggester;
  }
  const request: estypes.SearchRequest = {
    size: opts.size,
    track_total_hits: false,
    _source: [...SONG_ANSWER_FIELDS],
    query: rankedQuery({ bool: { should, minimum_should_match: 1, filter: brandFilter(brand) } }),
    sort: ['_score', { id: 'asc' }],
    suggest,
  };
  return { request, forms: plan.forms };
}

interface SourceHit<T> {
  _id?: string | null;
  _source?: T;
}

/** Whole-name hits first (their order is the full ranking's), then suggestions by weight times the form's weight. */
export function mergeKeystrokeResults<T>(
  res: Pick<estypes.SearchResponse<T>, 'hits' | 'suggest'>,
  forms: SuggestForm[],
  size: number,
): Array<SourceHit<T>> {
  const out: Array<SourceHit<T>> = [];
  const seen = new Set<string>();
  const add = (h: SourceHit<T>) => {
    if (!h._id || !h._source || seen.has(h._id) || out.length >= size) return;
    seen.add(h._id);
    out.push(h);
  };
  for (const h of res.hits?.hits ?? []) add(h);
  const weightOf = new Map(forms.map((f) => [f.name, f.weight]));
  const options: Array<{ hit: SourceHit<T>; score: number }> = [];
  for (const [name, entries] of Object.entries(res.suggest ?? {})) {
    for (const entry of entries) {
      const opts = Array.isArray(entry.options) ? entry.options : [entry.options];
      for (const o of opts as Array<estypes.SearchCompletionSuggestOption<T>>) {
        options.push({
          hit: { _id: o._id, _source: o._source },
          score: (o._score ?? o.score ?? 0) * (weightOf.get(name) ?? 1),
        });
      }
    }
  }
  options.sort((x, y) => y.score - x.score || Number(x.hit._id) - Number(y.hit._id));
  for (const o of options) add(o.hit);
  return out;
}

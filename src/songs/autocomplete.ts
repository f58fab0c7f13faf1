// Autocomplete at keystroke rates. One Elasticsearch request does two cheap things: whole-name lookups (exact title,
// artist, 초성 keyword terms) and completion suggesters over the in-memory `suggest` field (one per key form of the
// query: compact, particle-folded, jamo, pronunciation, romanization, the other keyboard layout). A suggester finds
// the best-weighted songs for a prefix without scoring every song that starts with it, which is what made a single
// syllable or "word + one letter" expensive. When the two together find less than a page (typos, 초성 mixed with
// words, extra words, numbers), the full prefix query of search-query.ts answers instead, with its typo retry.
import type { estypes } from '@elastic/elasticsearch';
import { parseSearchQuery, pronunciationKey, tenseVariants, toJamo, type ParsedQuery } from '../korean';
import { BRANDS, type Brand } from './constants';
import { brandFilter, effectiveBrand, key, shorterTitleFirst, SONG_SOURCE_FIELDS } from './search-query';
import { rankedQuery } from './ranking';

export const SUGGEST_FIELD = 'suggest';
const ALL_BRAND_CONTEXTS = [...BRANDS, 'none'];

/** One prefix to complete and how much its suggestions count (a reading of the other keyboard layout a bit less). */
export interface SuggestForm { name: string; prefix: string; weight: number }

/** Keys looked up whole (keyword terms), and how much an exact title or artist counts (as in search-query.ts);
 * a `sound` key is a Latin title's whole pronunciation ("버터" -> Butter, before Butterfly). */
interface WholeKey { value: string; weight: number; sound?: boolean }

// jamo or pronunciation prefixes shorter than this match too much to mean anything
const MIN_KEY_CHARS = 2;
// a keystroke 초성 has at most 3 letters: every tense reading of it
const MAX_TENSE_WHOLE = 7;

function formsOf(p: ParsedQuery, weight: number, tag: string): { forms: SuggestForm[]; whole: WholeKey[] } {
  const forms: SuggestForm[] = [];
  const whole: WholeKey[] = [];
  if (p.choseong) {
    forms.push({ name: `${tag}chosung`, prefix: p.choseong, weight });
    whole.push({ value: p.choseong, weight });
    // typed without shift: a whole title's initials with ㄸ for ㄷ and the like (ㄷㄷㄷ -> ㄸㄷㄸ), a little weaker
    for (const tense of tenseVariants(p.choseong, MAX_TENSE_WHOLE)) whole.push({ value: tense, weight: weight * 0.7 });
    return { forms, whole };
  }
  forms.push({ name: `${tag}compact`, prefix: p.compact, weight });
  whole.push({ value: p.compact, weight });
  const folded = p.words.map((w) => w.folded).join('');
  if (folded !== p.compact) forms.push({ name: `${tag}folded`, prefix: folded, weight: weight * 0.9 });
  if (p.hasHangul) {
    // a half-typed last syllable ("밤펴" on the way to 밤편지) is a jamo prefix of the title's jamo
    const jamo = toJamo(p.compact).replace(/\s+/g, '');
    if ([...jamo].length >= MIN_KEY_CHARS && jamo !== p.compact) forms.push({ name: `${tag}jamo`, prefix: jamo, weight });
    // Latin titles by their Korean pronunciation ("버터" -> Butter)
    const sound = pronunciationKey(p.compact);
    if (sound.length >= MIN_KEY_CHARS) {
      forms.push({ name: `${tag}pron`, prefix: sound, weight: weight * 0.9 });
      whole.push({ value: sound, weight: weight * 0.9, sound: true });
    }
  }
  if (p.romanKey && !p.hasHangul && p.romanKey !== p.compact) forms.push({ name: `${tag}roman`, prefix: p.romanKey, weight: weight * 0.9 });
  return { forms, whole };
}

// a prefix of at most this many characters (or a last word of one) starts thousands of titles: the full query would
// score them all, a suggester reads the best few; longer input matches few songs, where the full query is cheap and
// more precise (typos, words in any order, extra words)
export const KEYSTROKE_MAX_CHARS = 3;
const charCount = (s: string) => [...s].length;

/** Whether the keystroke path answers this input: a short prefix, or words ending in a one-letter word. */
export function isShortPrefix(p: ParsedQuery): boolean {
  const shortest = Math.min(...[p.choseong ?? p.compact, p.qwertyHangul, p.koreanModeLatin].filter((s): s is string => !!s).map((s) => charCount(s.replace(/\s+/g, ''))));
  const lastWord = (p.qwertyHangul ?? p.text).trim().split(/\s+/).pop() ?? '';
  return shortest <= KEYSTROKE_MAX_CHARS || (p.words.length > 1 && charCount(lastWord) === 1);
}

/** Every prefix the keystroke path completes for a query, and the whole keys it looks up; null when it does not apply. */
export function keystrokeForms(p: ParsedQuery): { forms: SuggestForm[]; whole: WholeKey[] } | null {
  // numbers and 초성 mixed with words go straight to the full query: term lookups that are cheap there
  if (p.number || p.mixedChoseong || !isShortPrefix(p)) return null;
  const qwerty = p.qwertyHangul ? parseSearchQuery(p.qwertyHangul) : null;
  // "dkdldb q" reads as 아이유 ㅂ: a word and a bare consonant, which no completion spells; the full query answers it
  // in one request, as it does when typed in Korean mode
  if (qwerty?.mixedChoseong) return null;
  const own = formsOf(p, 1, '');
  const forms = [...own.forms];
  const whole = [...own.whole];
  if (qwerty) {
    const converted = formsOf(qwerty, 0.9, 'qwerty_');
    forms.push(...converted.forms);
    whole.push(...converted.whole);
  }
  if (p.koreanModeLatin) {
    const latin = formsOf(parseSearchQuery(p.koreanModeLatin), 1, 'latin_');
    forms.push(...latin.forms);
    whole.push(...latin.whole);
  }
  // the same prefix from two readings is completed once, at its best weight
  const byPrefix = new Map<string, SuggestForm>();
  for (const f of forms) if ((byPrefix.get(f.prefix)?.weight ?? -1) < f.weight) byPrefix.set(f.prefix, f);
  return { forms: [...byPrefix.values()], whole: [...new Map(whole.map((w) => [`${w.sound ? 'sound' : 'name'}:${w.value}`, w])).values()] };
}

/** The one keystroke request: whole-name lookups ranked by the song's standing, plus a completion per form. */
export function buildKeystrokeSearch(p: ParsedQuery, opts: { brand?: Brand; size: number }): estypes.SearchRequest | null {
  const plan = keystrokeForms(p);
  if (!plan) return null;
  const brand = effectiveBrand(p, opts.brand);
  const should = plan.whole.flatMap((w) => (w.sound ? [key('title_pron_whole', w.value, 10 * w.weight)] : [
    // a whole artist name or nickname ("소시", "방탄") outweighs titles that merely equal it, as in the full query
    key('artist_exact', w.value, 40 * w.weight),
    key('title_exact', w.value, 12 * w.weight),
  ]));
  const suggest: Record<string, estypes.SearchSuggester> = {};
  for (const f of plan.forms) {
    suggest[f.name] = {
      prefix: f.prefix,
      // contexts are mandatory on a context-enabled completion: without a brand, every brand and none
      completion: { field: SUGGEST_FIELD, size: opts.size, contexts: { brand: brand ? [brand] : ALL_BRAND_CONTEXTS } },
    } as estypes.SearchSuggester;
  }
  return {
    size: opts.size,
    track_total_hits: false,
    _source: SONG_SOURCE_FIELDS,
    query: rankedQuery(shorterTitleFirst({ bool: { should, minimum_should_match: 1, filter: brandFilter(brand) } })),
    sort: ['_score', { id: 'asc' }],
    suggest,
  };
}

interface SourceHit<T> { _id?: string | null; _source?: T }

/** Whole-name hits first (their order is the full ranking's), then suggestions by weight times the form's weight. */
export function mergeKeystrokeResults<T>(
  res: Pick<estypes.SearchResponse<T>, 'hits' | 'suggest'>, forms: SuggestForm[], size: number,
): Array<SourceHit<T>> {
  const out: Array<SourceHit<T>> = [];
  const seen = new Set<string>();
  const add = (h: SourceHit<T>) => {
    if (!h._id || !h._source || seen.has(h._id) || out.length >= size) return;
    seen.add(h._id);
    out.push(h);
  };
  for (const h of res.hits.hits) add(h);
  const weightOf = new Map(forms.map((f) => [f.name, f.weight]));
  const options: Array<{ hit: SourceHit<T>; score: number }> = [];
  for (const [name, entries] of Object.entries(res.suggest ?? {})) {
    for (const entry of entries) {
      const opts = Array.isArray(entry.options) ? entry.options : [entry.options];
      for (const o of opts as Array<estypes.SearchCompletionSuggestOption<T>>) {
        options.push({ hit: { _id: o._id, _source: o._source }, score: (o._score ?? o.score ?? 0) * (weightOf.get(name) ?? 1) });
      }
    }
  }
  options.sort((x, y) => y.score - x.score || Number(x.hit._id) - Number(y.hit._id));
  for (const o of options) add(o.hit);
  return out;
}

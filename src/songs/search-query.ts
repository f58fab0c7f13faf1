// Builds the one Elasticsearch request for a parsed song query. Pure: unit tests read what it builds.
// Every input kind becomes term/prefix lookups on keys computed at index time (src/songs/document.ts); only
// search mode (and autocomplete's typo fallback) fuzzes, and only short keys.
import type { estypes } from '@elastic/elasticsearch';
import { jamoTypoVariants, looseRomanKey, MAX_FUZZY_JAMO, parseSearchQuery, pronunciationConsonantKey, pronunciationKey, tenseVariants, toChoseong, toJamo, type ParsedQuery, type QueryWord } from '../korean';
import type { Brand } from './constants';
import { rankedQuery } from './ranking';
import { facetRequest, type SongFilters } from './search-facets';

type Q = estypes.QueryDslQueryContainer;

/** A key lookup scores its boost, whatever the key's rarity or the song's field lengths: which key matched decides,
 * so a song with many alternative titles is not out-scored by a look-alike with none. */
export const key = (field: string, value: string, boost: number): Q => ({ constant_score: { filter: { term: { [field]: value } }, boost } });
/** The same for any of several values of a field; nothing when there are none. */
const keys = (field: string, values: string[], boost: number): Q[] => (values.length ? [{ constant_score: { filter: { terms: { [field]: values } }, boost } }] : []);

/** The same for any matching clause (text, fuzzy): a typo or word match counts its boost, not its term statistics. */
function constant(q: Q): Q {
  const [type, body] = Object.entries(q)[0] as [string, Record<string, unknown>];
  if (type === 'constant_score' || type === 'bool') return q;
  if (type === 'multi_match' || type === 'dis_max') {
    const { boost = 1, ...rest } = body as { boost?: number };
    return type === 'dis_max' ? { dis_max: { ...(rest as estypes.QueryDslDisMaxQuery), queries: (rest as estypes.QueryDslDisMaxQuery).queries.map(constant) }, boost } as Q
      : { constant_score: { filter: { [type]: rest } as Q, boost } };
  }
  const [field, params] = Object.entries(body)[0] as [string, Record<string, unknown>];
  const { boost = 1, ...rest } = params as { boost?: number };
  return { constant_score: { filter: { [type]: { [field]: rest } } as Q, boost } };
}

/** 'autocomplete' runs at keystroke rates: prefix lookups only; 'search' adds word matching and typo tolerance;
 * 'typo' is autocomplete's fallback when the prefixes found too little: prefix lookups plus jamo typo matching. */
export type SongQueryMode = 'search' | 'autocomplete' | 'typo';
export interface SongSearchOptions {
  brand?: Brand; from: number; size: number; mode: SongQueryMode;
  /** genre / nation chosen (search mode): they narrow the hits, and the answer counts both facets */
  filters?: SongFilters;
}

const jamoKey = (jamo: string) => jamo.replace(/\s+/g, '');
// fuzzing a long term costs Elasticsearch seconds (and past ~250 chars it refuses): typo tolerance is for short input
export const MAX_FUZZY_CHARS = 30;
const fuzzable = (s: string) => { const n = [...s].length; return n >= 3 && n <= MAX_FUZZY_CHARS; };
// jamo keys: one edit from 5 jamo (about two syllables) on, two from 10; longer than MAX_FUZZY_JAMO is never fuzzed
function jamoFuzziness(jamo: string): number {
  const n = [...jamo].length;
  return n < 5 || n > MAX_FUZZY_JAMO ? 0 : n < 10 ? 1 : 2;
}
const fuzzes = (mode: SongQueryMode) => mode !== 'autocomplete';
// two edits cost Elasticsearch about 0.6 ms per jamo of the key (one edit stays near 1 ms whatever the length): at
// keystroke rates (the typo fallback) a longer key gets one edit, and its words their own one-edit lookups
const TYPO_TWO_EDITS_MAX_JAMO = 12;
const maxEditsFor = (key: string, mode: SongQueryMode) => (mode === 'typo' && [...key].length > TYPO_TWO_EDITS_MAX_JAMO ? 1 : 2);
// a query ending in a bare jamo is still being typed ("신호ㄷ"): its prefix lookups decide, a typo match would only
// find shorter words ("신호") by dropping the half-typed letter
const endsHalfTyped = (text: string) => /[\u3131-\u318e]$/.test(text);
// short words get their confusable spellings looked up instead of fuzzing (쳣 -> 첫, 껓 -> 꽃): bounded and cheap
const MAX_VARIANT_SYLLABLES = 2;
const MAX_WORD_VARIANTS = 12;
/** scale of a word's rarity (its idf on the whole-word keys) in its score: breaks ties between songs that match equally
 * many words in favour of the rarer word ("무조건 가사": 무조건 says more than 가사) */
const WORD_RARITY_WEIGHT = 0.25;

// a title said exactly: over its prefix key (4) and in a query's sum about a Korean word's whole-title match
const PRON_WHOLE_BOOST = 6;
// a query word's pronunciation match counts less than its letters matching (a short Hangul word sounds like the start
// of many Latin titles), but a word of three syllables or more said like a title word is good evidence ("하입보이")
const pronWordWeight = (word: string) => ([...word].length >= 3 ? 0.6 : 0.3);

/** Jamo typo matching on whole words and whole suffixes: a wrong vowel or final anywhere, the first syllable too. */
function jamoTypoClauses(jamo: string, weight: number, maxEdits = 2): Q[] {
  const fuzziness = Math.min(jamoFuzziness(jamo), maxEdits);
  if (!fuzziness) return [];
  const fuzzy = (field: string, boost: number): Q => ({ fuzzy: { [field]: { value: jamo, fuzziness, prefix_length: 0, max_expansions: 30, transpositions: true, boost } } });
  return [fuzzy('title_typo', 1.6 * weight), fuzzy('artist_typo', 1.1 * weight)];
}

/** Latin titles and artists by their Korean pronunciation: the sound skeleton with vowels, and (weaker) without;
 * search mode also tolerates a vowel or two spelled differently (라이키 / LIKEY). Said like the whole title counts
 * more than said like its start ("아이 엠": I AM over I Am The Best), also inside a dis_max. */
function pronunciationClauses(hangul: string, weight: number, mode: SongQueryMode): Q[] {
  const sound = pronunciationKey(hangul);
  if (sound.length < 2) return [];
  const clauses: Q[] = [key('title_pron', sound, 4 * weight), key('title_pron_whole', sound, PRON_WHOLE_BOOST * weight), key('artist_pron', sound, 3 * weight)];
  if (fuzzes(mode) && sound.length >= 4 && sound.length <= MAX_FUZZY_JAMO) {
    clauses.push({ fuzzy: { title_pron: { value: sound, fuzziness: Math.min(sound.length >= 7 ? 2 : 1, maxEditsFor(sound, mode)), prefix_length: 0, max_expansions: 20, boost: 1.5 * weight } } });
  }
  const consonants = pronunciationConsonantKey(hangul);
  if (consonants.length >= 3 && consonants !== sound) clauses.push(key('title_pron', consonants, 1.5 * weight), key('artist_pron', consonants, 1 * weight));
  return clauses;
}

// 초성 typed without shift (ㄷ for ㄸ) counts this share of the initials as typed
const TENSE_VARIANT_WEIGHT = 0.7;
const MAX_TENSE_VARIANTS = 16;

/** 초성 as a whole title or artist's initials (exact) or the initials of its first words (prefix), also with plain
 * consonants read as their tense pair (ㄷㄷㄷㄷ -> 뚜두뚜두), a little weaker. */
function choseongKeys(choseong: string, boost: { titleExact: number; artistExact: number; title: number; artist: number }): Q[] {
  const tense = tenseVariants(choseong, MAX_TENSE_VARIANTS);
  return [
    key('title_exact', choseong, boost.titleExact),
    key('artist_exact', choseong, boost.artistExact),
    key('title_chosung', choseong, boost.title),
    key('artist_chosung', choseong, boost.artist),
    ...keys('title_exact', tense, TENSE_VARIANT_WEIGHT * boost.titleExact),
    ...keys('title_chosung', tense, TENSE_VARIANT_WEIGHT * boost.title),
    ...keys('artist_chosung', tense, TENSE_VARIANT_WEIGHT * boost.artist),
  ];
}

/** One query word looked up by the key that fits it; the dis_max takes the best field. */
function wordClause(w: QueryWord, mode: SongQueryMode): Q {
  const options: Q[] = [];
  if (w.choseong) {
    options.push(...choseongKeys(w.choseong, { titleExact: 3, artistExact: 3, title: 1.5, artist: 1.5 }));
  } else {
    options.push(
      key('title_exact', w.compact, 3),
      key('artist_exact', w.compact, 3),
      key('title_compact', w.compact, 2),
      key('artist_compact', w.compact, 2),
    );
    if (w.folded !== w.compact) options.push(key('title_compact', w.folded, 1.8));
    if (/[\u3131-\u318e\uac00-\ud7a3]/.test(w.compact)) {
      options.push(key('title_jamo', w.jamo, 1.5), key('artist_jamo', w.jamo, 1.5));
      options.push(...pronunciationClauses(w.compact, pronWordWeight(w.compact), 'autocomplete'));
      if (fuzzes(mode) && !endsHalfTyped(w.compact)) {
        if ([...w.jamo].length >= 6) options.push(...jamoTypoClauses(w.jamo, 0.6, 1));
        if ([...w.compact].length <= MAX_VARIANT_SYLLABLES) options.push(...confusableWordClauses(w.compact));
      }
    } else if (/[a-z]/.test(w.compact)) {
      const roman = looseRomanKey(w.compact);
      options.push(key('title_roman', roman, 0.5), key('artist_roman', roman, 0.5));
    }
  }
  const best: Q = { dis_max: { queries: options.map(constant) } };
  if (w.choseong || !fuzzes(mode)) return best;
  // scored by idf (the whole-word keys have no norms and count each word once): the rarer word weighs a little more
  const rarity = ['title_typo', 'artist_typo'].map((field): Q => ({ term: { [field]: { value: w.jamo, boost: WORD_RARITY_WEIGHT } } }));
  return { bool: { must: best, should: rarity } };
}

/** A short word as the whole words it may have been meant as, one confusable jamo away (쳣 -> 첫). */
function confusableWordClauses(word: string): Q[] {
  const variants = jamoTypoVariants(word, MAX_WORD_VARIANTS).map(toJamo);
  return [...keys('title_typo', variants, 1.2), ...keys('artist_typo', variants, 0.9)];
}

// a lone consonant, vowel or Latin letter ("아이유 ㅂ", "ska d"): the start of the next word, matched by a large share
// of the catalog (every song with a word starting with ㅂ)
const isOneLetter = (w: QueryWord) => [...w.compact].length === 1 && !/[\uac00-\ud7a3\d]/.test(w.compact);

/** Every word found somewhere (title or artist), in any order, each by its own key; one word may be missing or extra.
 * A one-letter word only ranks the songs the other words find: were it enough on its own (as the one word "missing"
 * from the rest), it would match a tenth of the catalog, and scoring those is what made "아이유 ㅂ" slow at 1M. */
function wordsClause(words: QueryWord[], weight: number, mode: SongQueryMode): Q[] {
  if (words.length < 2) return [];
  const capped = words.slice(0, 8);
  // scaled by the word count: all words matching weighs about as much as a whole-title prefix, never more than an exact title
  const boost = (3 / capped.length) * weight;
  const longer = capped.filter((w) => !isOneLetter(w));
  const letters = capped.filter(isOneLetter).map((w) => wordClause(w, mode));
  if (!longer.length) return [{ bool: { must: letters, boost } }];
  const allButOne = { should: longer.map((w) => wordClause(w, mode)), minimum_should_match: Math.max(1, longer.length - 1) };
  if (!letters.length) return [{ bool: { ...allButOne, boost } }];
  return [{ bool: { must: { bool: allButOne }, should: letters, boost } }];
}

/** Clauses that match Hangul/Latin text as typed: exact, as-you-type prefixes, half-typed jamo, words, typos. */
function textClauses(p: ParsedQuery, weight: number, mode: SongQueryMode): Q[] {
  const clauses: Q[] = [
    key('title_exact', p.compact, 12 * weight),
    // a whole artist name or nickname ("소시", "방탄") outweighs titles that merely start with it ("소시지")
    key('artist_exact', p.compact, 40 * weight),
    key('title_compact', p.compact, 6 * weight),
    key('artist_compact', p.compact, 4 * weight),
    key('combo_compact', p.compact, 5 * weight),
    { multi_match: { query: p.text, type: 'cross_fields', fields: ['title.prefix^2', 'artist.prefix'], operator: 'and', boost: 1.5 * weight } },
  ];
  const folded = p.words.map((w) => w.folded).join('');
  if (folded !== p.compact) clauses.push(key('title_compact', folded, 5 * weight));
  if (mode === 'search') {
    // analysed words find alternative titles ("spring day"); for Hangul, nori's decompounded pieces of made-up names are weak evidence
    clauses.push({ multi_match: { query: p.text, type: 'cross_fields', fields: ['title^2', 'artist', 'alt_titles^2', 'artist_aliases', 'title_readings^2', 'artist_readings'], operator: 'and', boost: (p.hasHangul ? 1 : 3) * weight } });
  }
  if (p.hasHangul) {
    for (const [i, jamo] of [p.jamo, ...p.jamoVariants].entries()) {
      const boost = (i === 0 ? 4 : 3) * weight;
      clauses.push(key('title_jamo', jamoKey(jamo), boost), key('artist_jamo', jamoKey(jamo), boost * 0.7));
    }
    // Latin titles by their Korean pronunciation ("버터" -> Butter)
    clauses.push(...pronunciationClauses(p.compact, weight, mode));
    // autocomplete keeps one cheap typo lookup (whole titles, one edit); search and the fallback fuzz more. The whole
    // query one or two jamo from a whole title outweighs a title that is just one of its words ("너의 으미")
    if (endsHalfTyped(p.compact)) { /* still being typed: the prefix lookups above decide */ }
    else if (fuzzes(mode)) {
      // as typed, and with particles folded when that differs (titles keep their particles; 의/에 is two jamo apart)
      const typed = jamoKey(p.jamo);
      const foldedJamo = jamoKey(toJamo(folded));
      clauses.push(...jamoTypoClauses(typed, 2.5 * weight, maxEditsFor(typed, mode)));
      if (foldedJamo !== typed) clauses.push(...jamoTypoClauses(foldedJamo, 2.5 * weight, maxEditsFor(foldedJamo, mode)).slice(0, 1));
    }
    else if (weight === 1 && [...p.jamo].length >= 6) clauses.push(...jamoTypoClauses(jamoKey(toJamo(folded)), 1.5 * weight, 1).slice(0, 1));
    // 초성 mixed with letters: the whole query as 초성 ("ㅈㅇ 날" -> ㅈㅇㄴ) finds titles whose words come in that order
    if (p.mixedChoseong) {
      const initials = p.words.map((w) => w.choseong ?? toChoseong(w.compact)).join('');
      clauses.push(key('title_chosung', initials, 3 * weight), key('artist_chosung', initials, 2 * weight));
    }
  }
  if (mode === 'search' && p.hasLatin && fuzzable(p.compact)) {
    // Latin word typos (Hangul typos go through the jamo typo fields above)
    clauses.push({ multi_match: { query: p.text, fields: ['title.words^2', 'artist.words', 'alt_titles.words', 'artist_aliases.words'], fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, operator: 'and', boost: 0.8 * weight } });
  }
  clauses.push(...wordsClause(p.words, weight, mode));
  return clauses;
}

function romanClauses(romanKey: string, mode: SongQueryMode): Q[] {
  const clauses: Q[] = [
    key('title_roman', romanKey, 4),
    key('artist_roman', romanKey, 3),
  ];
  // search, and autocomplete's typo fallback (run when the prefixes found too little): a romanization spelled another way
  if (fuzzes(mode) && fuzzable(romanKey)) clauses.push({ match: { 'title_roman.fuzzy': { query: romanKey, fuzziness: 'AUTO', prefix_length: 1, max_expansions: 20, boost: 0.6 } } });
  return clauses;
}

/** The song number clauses: with a brand (from the text or the brand parameter) only that brand's number. */
function numberClauses(number: string, brand: Brand | undefined): Q[] {
  const fields = brand ? [`${brand}_no`] : ['tj_no', 'ky_no'];
  return fields.map((field) => key(field, number, 30));
}

/** The brand that restricts the search: the parameter wins over a brand word in the text. */
export function effectiveBrand(p: ParsedQuery, brand?: Brand): Brand | undefined {
  return brand ?? p.brand;
}

export function songQueryClauses(p: ParsedQuery, mode: SongQueryMode, brand?: Brand): Q[] {
  const should: Q[] = [];
  if (p.number) should.push(...numberClauses(p.number, effectiveBrand(p, brand)));
  // "TJ 12345" means a number: the brand's number only, never titles that start with the digits
  if (p.number && p.brand) return should;
  if (p.choseong) {
    should.push(...choseongKeys(p.choseong, { titleExact: 10, artistExact: 6, title: 6, artist: 4 }), ...wordsClause(p.words, 2, mode));
  } else {
    should.push(...textClauses(p, 1, mode));
  }
  if (p.qwertyHangul) {
    // converted forms get prefix lookups only: fuzzing every reading of the keys would multiply the cost
    const converted = parseSearchQuery(p.qwertyHangul);
    should.push(...textClauses(converted, 0.9, 'autocomplete'));
  }
  if (p.koreanModeLatin) {
    const latin = parseSearchQuery(p.koreanModeLatin);
    should.push(...textClauses(latin, 1, 'autocomplete'));
  }
  if (p.romanKey && !p.hasHangul) should.push(...romanClauses(p.romanKey, mode));
  return should;
}

export function brandFilter(brand?: Brand): Q[] {
  return brand ? [{ term: { brands: brand } }] : [];
}

/** Equal matches: the shorter title first (an exact title over a longer look-alike); a small additive tie-break. */
export function shorterTitleFirst(textQuery: Q): Q {
  return {
    function_score: {
      query: textQuery,
      functions: [{ field_value_factor: { field: 'title_chars', modifier: 'reciprocal', missing: 100, factor: 1 }, weight: 0.5 }],
      score_mode: 'sum',
      boost_mode: 'sum',
    },
  };
}

/** What a song answer is built from (search.ts's toHit): both numbers and the displayed title and artist. */
export const SONG_SOURCE_FIELDS = ['id', 'title', 'artist', 'tj_no', 'ky_no'];

export function buildSongSearch(p: ParsedQuery, opts: SongSearchOptions): estypes.SearchRequest {
  const brand = effectiveBrand(p, opts.brand);
  const request: estypes.SearchRequest = {
    from: opts.from,
    size: opts.size,
    track_total_hits: opts.mode === 'search',
    _source: SONG_SOURCE_FIELDS,
    query: rankedQuery(shorterTitleFirst({ bool: { should: songQueryClauses(p, opts.mode, opts.brand).map(constant), minimum_should_match: 1, filter: brandFilter(brand) } })),
    sort: ['_score', { id: 'asc' }],
  };
  if (opts.mode === 'search') {
    Object.assign(request, facetRequest(opts.filters ?? {}));
    request.highlight = {
      // the title and artist are escaped for HTML around the <em> tags: API clients may insert the highlight as is
      encoder: 'html',
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
      require_field_match: false,
      fields: { title: { number_of_fragments: 0 }, 'title.prefix': { number_of_fragments: 0 }, artist: { number_of_fragments: 0 }, 'artist.prefix': { number_of_fragments: 0 } },
    };
  }
  return request;
}

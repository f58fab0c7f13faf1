// Stage 3's requests for songs: the one Elasticsearch request of each plan (plan.ts), built from the input's
// readings (readings.ts) and the relevance profile (relevance.ts: every number here is named there). Pure: tests
// compare whole request snapshots.
//
// Every input kind becomes term/prefix lookups on keys computed at index time (src/songs/document.ts); only the
// 'full' and 'typo' plans fuzz, and only short keys. A lookup scores its boost, whatever the key's rarity or the
// song's field lengths: which key matched decides. Then the song's standing multiplies the text score by a bounded
// factor (popularity, original over a version) and a small additive tie-break puts the shorter title first.
import type { estypes } from '@elastic/elasticsearch';
import type { Brand } from '../core/brands';
import { BRANDS } from '../core/brands';
import { fuzzinessFor, songRelevance as R } from './relevance';
import { otherReadings, type Reading, type SearchInput, type WordKeys } from './readings';
import { SONG, SONG_ANSWER_FIELDS, SONG_SUB } from './song-document';
import { facetRequest, type SongFilters } from './song-facets';

type Q = estypes.QueryDslQueryContainer;

/** How much a query is allowed to do: 'prefix' runs at keystroke rates (lookups only); 'full' adds word matching
 * and typo tolerance; 'typo' is autocomplete's retry when the prefixes found too little (lookups plus jamo typos). */
export type QueryDepth = 'full' | 'prefix' | 'typo';

export interface SongRequestOptions {
  brand?: Brand;
  from: number;
  size: number;
  /** genre / nation chosen (full searches): they narrow the hits, and the answer counts both facets */
  filters?: SongFilters;
}

/** A key lookup that scores its boost. */
export const key = (field: string, value: string, boost: number): Q => ({
  constant_score: { filter: { term: { [field]: value } }, boost },
});
/** The same for any of several values of a field; nothing when there are none. */
const keys = (field: string, values: string[], boost: number): Q[] =>
  values.length ? [{ constant_score: { filter: { terms: { [field]: values } }, boost } }] : [];

/** The same for any matching clause (text, fuzzy): a typo or word match counts its boost, not its term statistics. */
function constant(q: Q): Q {
  const [type, body] = Object.entries(q)[0] as [string, Record<string, unknown>];
  if (type === 'constant_score' || type === 'bool') return q;
  if (type === 'multi_match' || type === 'dis_max') {
    const { boost = 1, ...rest } = body as { boost?: number };
    return type === 'dis_max'
      ? ({
          dis_max: {
            ...(rest as estypes.QueryDslDisMaxQuery),
            queries: (rest as estypes.QueryDslDisMaxQuery).queries.map(constant),
          },
          boost,
        } as Q)
      : { constant_score: { filter: { [type]: rest } as Q, boost } };
  }
  const [field, params] = Object.entries(body)[0] as [string, Record<string, unknown>];
  const { boost = 1, ...rest } = params as { boost?: number };
  return { constant_score: { filter: { [type]: { [field]: rest } } as Q, boost } };
}

const charCount = (s: string) => [...s].length;
// fuzzing a long term costs Elasticsearch seconds (and past ~250 chars it refuses): typo tolerance is for short input
const fuzzable = (s: string) => {
  const n = charCount(s);
  return n >= R.fuzziness.minFuzzyChars && n <= R.fuzziness.maxFuzzyChars;
};
const fuzzes = (depth: QueryDepth) => depth !== 'prefix';
// two edits cost Elasticsearch about 0.6 ms per jamo of the key (one edit stays near 1 ms whatever the length): at
// keystroke rates (the typo retry) a longer key gets one edit, and its words their own one-edit lookups
const maxEditsFor = (k: string, depth: QueryDepth) =>
  depth === 'typo' && charCount(k) > R.fuzziness.typoRetryTwoEditsMaxJamo ? 1 : 2;
// a query ending in a bare jamo is still being typed ("신호ㄷ"): its prefix lookups decide, a typo match would only
// find shorter words ("신호") by dropping the half-typed letter
const endsHalfTyped = (text: string) => /[\u3131-\u318e]$/.test(text);

/** Jamo typo matching on whole words and whole suffixes: a wrong vowel or final anywhere, the first syllable too. */
function jamoTypoClauses(jamo: string, weight: number, maxEdits = 2): Q[] {
  const fuzziness = Math.min(fuzzinessFor(jamo), maxEdits);
  if (!fuzziness) return [];
  const fuzzy = (field: string, boost: number): Q => ({
    fuzzy: {
      [field]: {
        value: jamo,
        fuzziness,
        prefix_length: 0,
        max_expansions: R.fuzziness.maxExpansions,
        transpositions: true,
        boost,
      },
    },
  });
  return [fuzzy(SONG.titleTypo, R.typo.title * weight), fuzzy(SONG.artistTypo, R.typo.artist * weight)];
}

/** Latin titles and artists by their Korean pronunciation: the sound skeleton with vowels, and (weaker) without;
 * full searches also tolerate a vowel or two spelled differently (라이키 / LIKEY). Said like the whole title counts
 * more than said like its start ("아이 엠": I AM over I Am The Best). */
function pronunciationClauses(
  keys: { sound: string; soundConsonants: string },
  weight: number,
  depth: QueryDepth,
): Q[] {
  const P = R.pronunciation;
  const { sound, soundConsonants: consonants } = keys;
  if (sound.length < P.minChars) return [];
  const clauses: Q[] = [
    key(SONG.titlePron, sound, P.title * weight),
    key(SONG.titlePronWhole, sound, P.titleWhole * weight),
    key(SONG.artistPron, sound, P.artist * weight),
  ];
  if (fuzzes(depth) && sound.length >= P.fuzzyMinChars && sound.length <= R.fuzziness.maxJamo) {
    const fuzziness = Math.min(sound.length >= P.fuzzyTwoEditsChars ? 2 : 1, maxEditsFor(sound, depth));
    clauses.push({
      fuzzy: {
        [SONG.titlePron]: {
          value: sound,
          fuzziness,
          prefix_length: 0,
          max_expansions: P.fuzzyMaxExpansions,
          boost: P.fuzzy * weight,
        },
      },
    });
  }
  if (consonants.length >= P.consonantsMinChars && consonants !== sound) {
    clauses.push(
      key(SONG.titlePron, consonants, P.consonantsTitle * weight),
      key(SONG.artistPron, consonants, P.consonantsArtist * weight),
    );
  }
  return clauses;
}

/** 초성 as a whole title or artist's initials (exact) or the initials of its first words (prefix), also with plain
 * consonants read as their tense pair (ㄷㄷㄷㄷ -> 뚜두뚜두), a little weaker. */
function choseongKeys(
  choseong: string,
  tense: string[],
  boost: { titleExact: number; artistExact: number; title: number; artist: number },
): Q[] {
  const share = R.choseong.tenseShare;
  return [
    key(SONG.titleExact, choseong, boost.titleExact),
    key(SONG.artistExact, choseong, boost.artistExact),
    key(SONG.titleChosung, choseong, boost.title),
    key(SONG.artistChosung, choseong, boost.artist),
    ...keys(SONG.titleExact, tense, share * boost.titleExact),
    ...keys(SONG.titleChosung, tense, share * boost.title),
    ...keys(SONG.artistChosung, tense, share * boost.artist),
  ];
}

/** A short word as the whole words it may have been meant as, one confusable jamo away (쳣 -> 첫). */
function confusableWordClauses(variants: string[]): Q[] {
  return [
    ...keys(SONG.titleTypo, variants, R.words.confusableTitle),
    ...keys(SONG.artistTypo, variants, R.words.confusableArtist),
  ];
}

const pronWordWeight = (word: string) =>
  charCount(word) >= R.pronunciation.longWordSyllables
    ? R.pronunciation.longWordWeight
    : R.pronunciation.shortWordWeight;

/** One query word looked up by the key that fits it; the dis_max takes the best field. */
function wordClause(k: WordKeys, depth: QueryDepth): Q {
  const W = R.words;
  const w = k.word;
  const options: Q[] = [];
  if (w.choseong) {
    options.push(
      ...choseongKeys(w.choseong, k.tense, {
        titleExact: W.choseongExact,
        artistExact: W.choseongExact,
        title: W.choseong,
        artist: W.choseong,
      }),
    );
  } else {
    options.push(
      key(SONG.titleExact, w.compact, W.exact),
      key(SONG.artistExact, w.compact, W.exact),
      key(SONG.titleCompact, w.compact, W.compact),
      key(SONG.artistCompact, w.compact, W.compact),
    );
    if (w.folded !== w.compact) options.push(key(SONG.titleCompact, w.folded, W.folded));
    if (k.hangul) {
      options.push(key(SONG.titleJamo, w.jamo, W.jamo), key(SONG.artistJamo, w.jamo, W.jamo));
      options.push(...pronunciationClauses(k, pronWordWeight(w.compact), 'prefix'));
      if (fuzzes(depth) && !endsHalfTyped(w.compact)) {
        if (charCount(w.jamo) >= W.typoMinJamo) options.push(...jamoTypoClauses(w.jamo, W.typoWeight, 1));
        options.push(...confusableWordClauses(k.confusables()));
      }
    } else if (k.roman !== undefined) {
      options.push(key(SONG.titleRoman, k.roman, W.roman), key(SONG.artistRoman, k.roman, W.roman));
    }
  }
  const best: Q = { dis_max: { queries: options.map(constant) } };
  if (w.choseong || !fuzzes(depth)) return best;
  // scored by idf (the whole-word keys have no norms and count each word once): the rarer word weighs a little more
  // ("무조건 가사": 무조건 says more than 가사)
  const rarity = [SONG.titleTypo, SONG.artistTypo].map((field): Q => ({
    term: { [field]: { value: w.jamo, boost: W.rarityWeight } },
  }));
  return { bool: { must: best, should: rarity } };
}

/** Every word found somewhere (title or artist), in any order, each by its own key; one word may be missing or extra.
 * A one-letter word only ranks the songs the other words find: on its own it would match a tenth of the catalog. */
function wordsClause(words: WordKeys[], weight: number, depth: QueryDepth): Q[] {
  if (words.length < 2) return [];
  const capped = words.slice(0, R.words.maxWords);
  // scaled by the word count: all words matching weighs about as much as a whole-title prefix, never more than an exact title
  const boost = (R.words.allWordsBoost / capped.length) * weight;
  // a lone consonant, vowel or Latin letter ("아이유 ㅂ", "ska d") is the start of the next word, matched by a large
  // share of the catalog (every song with a word starting with ㅂ)
  const longer = capped.filter((w) => !w.oneLetter);
  const letters = capped.filter((w) => w.oneLetter).map((w) => wordClause(w, depth));
  if (!longer.length) return [{ bool: { must: letters, boost } }];
  const perWord = longer.map((w) => wordClause(w, depth));
  const allButOne = { should: perWord, minimum_should_match: Math.max(1, longer.length - 1) };
  // a song that has every word (an artist word and a title word, by whatever key or reading) outranks one that has
  // all but one, however well that one matches the rest: a flat bonus, in filter context (no scoring, cacheable).
  // Not for romanized Latin words ("ga si na"): their loose keys match too many songs word by word
  const everyWord: Q[] =
    longer.length > 1 && longer.every((w) => w.roman === undefined)
      ? [{ constant_score: { filter: { bool: { filter: perWord } }, boost: R.words.everyWordBonus * weight } }]
      : [];
  if (!letters.length) return [{ bool: { ...allButOne, boost } }, ...everyWord];
  return [{ bool: { must: { bool: allButOne }, should: letters, boost } }, ...everyWord];
}

/** Clauses that match one reading's text: exact, as-you-type prefixes, half-typed jamo, words, typos. */
function textClauses(reading: Reading, depth: QueryDepth): Q[] {
  const { query: p, weight, keys: k } = reading;
  const clauses: Q[] = [
    key(SONG.titleExact, p.compact, R.whole.titleExact * weight),
    key(SONG.artistExact, p.compact, R.whole.artistExact * weight),
    key(SONG.titleCompact, p.compact, R.prefix.titleCompact * weight),
    key(SONG.artistCompact, p.compact, R.prefix.artistCompact * weight),
    key(SONG.comboCompact, p.compact, R.prefix.combo * weight),
    {
      multi_match: {
        query: p.text,
        type: 'cross_fields',
        fields: [`${SONG_SUB.titlePrefix}^${R.prefix.crossFieldsTitleBoost}`, SONG_SUB.artistPrefix],
        operator: 'and',
        boost: R.prefix.crossFieldsPrefix * weight,
      },
    },
  ];
  if (k.folded !== p.compact) clauses.push(key(SONG.titleCompact, k.folded, R.prefix.folded * weight));
  if (depth === 'full') {
    // analysed words find alternative titles ("spring day"); for Hangul, nori's decompounded pieces of made-up names are weak evidence
    const A = R.analysed;
    const fields = [
      `${SONG.title}^${A.titleBoost}`,
      SONG.artist,
      `${SONG.altTitles}^${A.altTitlesBoost}`,
      SONG.artistAliases,
      `${SONG.titleReadings}^${A.readingsBoost}`,
      SONG.artistReadings,
    ];
    clauses.push({
      multi_match: {
        query: p.text,
        type: 'cross_fields',
        fields,
        operator: 'and',
        boost: (p.hasHangul ? A.hangul : A.latin) * weight,
      },
    });
  }
  if (p.hasHangul) {
    const jamoBoost = R.prefix.titleJamo * weight;
    clauses.push(
      key(SONG.titleJamo, k.jamo, jamoBoost),
      key(SONG.artistJamo, k.jamo, jamoBoost * R.prefix.artistJamoShare),
    );
    // Latin titles by their Korean pronunciation ("버터" -> Butter)
    clauses.push(...pronunciationClauses(k, weight, depth));
    // the whole query one or two jamo from a whole title outweighs a title that is just one of its words ("너의 으미")
    if (endsHalfTyped(p.compact)) {
      /* still being typed: the prefix lookups above decide */
    } else if (fuzzes(depth)) {
      // as typed, and with particles folded when that differs (titles keep their particles; 의/에 is two jamo apart)
      const typed = k.jamo;
      const foldedJamo = k.foldedJamo;
      clauses.push(...jamoTypoClauses(typed, R.typo.wholeQuery * weight, maxEditsFor(typed, depth)));
      if (foldedJamo !== typed)
        clauses.push(
          ...jamoTypoClauses(foldedJamo, R.typo.wholeQuery * weight, maxEditsFor(foldedJamo, depth)).slice(0, 1),
        );
    } else if (reading.name === 'typed' && charCount(p.jamo) >= R.typo.autocompleteLightMinJamo) {
      // keystroke rates keep one cheap typo lookup for the input as typed: whole titles, one edit
      clauses.push(...jamoTypoClauses(k.foldedJamo, R.typo.autocompleteLight * weight, 1).slice(0, 1));
    }
    // 초성 mixed with letters: the whole query as 초성 ("ㅈㅇ 날" -> ㅈㅇㄴ) finds titles whose words come in that order
    if (k.initials)
      clauses.push(
        key(SONG.titleChosung, k.initials, R.choseong.mixedTitle * weight),
        key(SONG.artistChosung, k.initials, R.choseong.mixedArtist * weight),
      );
  }
  if (depth === 'full' && p.hasLatin && fuzzable(p.compact)) {
    // Latin word typos (Hangul typos go through the jamo typo fields above)
    const A = R.analysed;
    clauses.push({
      multi_match: {
        query: p.text,
        fields: [
          `${SONG_SUB.titleWords}^${A.latinFuzzyTitleBoost}`,
          SONG_SUB.artistWords,
          SONG_SUB.altTitlesWords,
          SONG_SUB.artistAliasesWords,
        ],
        fuzziness: 'AUTO',
        prefix_length: 1,
        max_expansions: A.latinFuzzyMaxExpansions,
        operator: 'and',
        boost: A.latinFuzzy * weight,
      },
    });
  }
  clauses.push(...wordsClause(k.words, weight, depth));
  return clauses;
}

function romanClauses(romanKey: string, depth: QueryDepth): Q[] {
  const clauses: Q[] = [key(SONG.titleRoman, romanKey, R.roman.title), key(SONG.artistRoman, romanKey, R.roman.artist)];
  // a romanization spelled another way (full searches and the typo retry)
  if (fuzzes(depth) && fuzzable(romanKey)) {
    clauses.push({
      match: {
        [SONG_SUB.titleRomanFuzzy]: {
          query: romanKey,
          fuzziness: 'AUTO',
          prefix_length: 1,
          max_expansions: R.roman.fuzzyMaxExpansions,
          boost: R.roman.fuzzy,
        },
      },
    });
  }
  return clauses;
}

/** The brand that restricts the search: the parameter wins over a brand word in the text. */
export const effectiveBrand = (input: SearchInput, brand?: Brand): Brand | undefined => brand ?? input.typed.brand;

export const brandFilter = (brand?: Brand): Q[] => (brand ? [{ term: { [SONG.brands]: brand } }] : []);

/** Every clause of the full query, over every reading of the input. */
export function songQueryClauses(input: SearchInput, depth: QueryDepth, brand?: Brand): Q[] {
  const p = input.typed;
  const should: Q[] = [];
  if (p.number) {
    const b = effectiveBrand(input, brand);
    should.push(...(b ? [b] : BRANDS).map((br) => key(`${br}_no`, p.number!, R.number)));
    // "TJ 12345" means a number: the brand's number only, never titles that start with the digits
    if (p.brand) return should;
  }
  if (p.choseong) {
    const C = R.choseong;
    const keys = input.readings[0].keys;
    should.push(
      ...choseongKeys(p.choseong, keys.tense, {
        titleExact: C.titleExact,
        artistExact: C.artistExact,
        title: C.title,
        artist: C.artist,
      }),
      ...wordsClause(keys.words, C.wordsWeight, depth),
    );
  } else {
    should.push(...textClauses(input.readings[0], depth));
  }
  // converted readings get prefix lookups only: fuzzing every reading of the keys would multiply the cost
  for (const reading of otherReadings(input)) should.push(...textClauses(reading, 'prefix'));
  if (p.romanKey && !p.hasHangul) should.push(...romanClauses(p.romanKey, depth));
  return should;
}

/** The song's standing multiplies the text score: factor = 1 + W * popularity + bonus (when original). */
export function rankingFunctions(): estypes.QueryDslFunctionScoreContainer[] {
  return [
    { weight: 1 },
    { field_value_factor: { field: SONG.popularity, factor: R.standing.popularityWeight, missing: 0 } },
    { filter: { bool: { must_not: { exists: { field: SONG.version } } } }, weight: R.standing.originalBonus },
  ];
}

/** Text score, plus the shorter-title tie-break, times the song's standing. */
export function rankedQuery(textQuery: Q): Q {
  const shorterTitleFirst: Q = {
    function_score: {
      query: textQuery,
      functions: [
        {
          field_value_factor: {
            field: SONG.titleChars,
            modifier: 'reciprocal',
            missing: R.standing.titleCharsMissing,
            factor: 1,
          },
          weight: R.standing.shorterTitleWeight,
        },
      ],
      score_mode: 'sum',
      boost_mode: 'sum',
    },
  };
  return {
    function_score: {
      query: shorterTitleFirst,
      functions: rankingFunctions(),
      score_mode: 'sum',
      boost_mode: 'multiply',
    },
  };
}

/** The request of a 'full', 'prefix' or 'typo' plan. */
export function buildSongQuery(input: SearchInput, depth: QueryDepth, opts: SongRequestOptions): estypes.SearchRequest {
  const brand = effectiveBrand(input, opts.brand);
  const request: estypes.SearchRequest = {
    from: opts.from,
    size: opts.size,
    track_total_hits: depth === 'full',
    _source: [...SONG_ANSWER_FIELDS],
    query: rankedQuery({
      bool: {
        should: songQueryClauses(input, depth, opts.brand).map(constant),
        minimum_should_match: 1,
        filter: brandFilter(brand),
      },
    }),
    sort: ['_score', { id: 'asc' }],
  };
  if (depth === 'full') {
    Object.assign(request, facetRequest(opts.filters ?? {}));
    request.highlight = {
      // the title and artist are escaped for HTML around the <em> tags: API clients may insert the highlight as is
      encoder: 'html',
      pre_tags: ['<em>'],
      post_tags: ['</em>'],
      require_field_match: false,
      fields: {
        [SONG.title]: { number_of_fragments: 0 },
        [SONG_SUB.titlePrefix]: { number_of_fragments: 0 },
        [SONG.artist]: { number_of_fragments: 0 },
        [SONG_SUB.artistPrefix]: { number_of_fragments: 0 },
      },
    };
  }
  return request;
}

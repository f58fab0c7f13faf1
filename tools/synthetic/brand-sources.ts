// A deterministic synthetic catalog in the brands' own shapes (TJ API items, KY book/detail rows) at any size, e.g.
// 67k TJ + 61k KY with ~70% of songs in both, spelled the ways the brands really differ: an artist's suffix or
// member list, a Latin name against its Hangul pronunciation, a group's symbols, a Japanese title against its
// Korean translation, long titles the KY book cuts; plus planted bad rows. The truth (which numbers are one song,
// by which difference) comes with it, for merge measurements. Seeded: the same options give the same catalog.
import { createRng, shuffleInPlace, type Rng } from '../../src/platform/prng';
import { syntheticSong } from './song-catalog';
import { KY_BOOK_INDEX, KY_BOOK_WIDTH, KY_OTHER_LETTER, type KyCity } from '../../src/catalogs/ky-source';
import type { Nation } from '../../src/catalogs/source';

/** A TJ song as the fixture's API answers it (newSongOfMonth, searchSong and topAndHot100 take their fields). */
export interface TjFixtureSong {
  pro?: string;
  indexTitle?: string;
  indexSong?: string;
  word?: string;
  com?: string;
  icongubun?: string;
  mv_yn?: string;
  publishdate?: string;
  nationalcode?: string;
  subTitle?: string;
  sortTitleKo?: string;
  sortSongKo?: string;
  /** chart genre code 4..11 (발라드 .. R&B) for topAndHot100's strType */
  genre?: number;
}

/** A KY song with everything its pages show: the book (cut), the detail page (full) and the player feed. */
export interface KyFixtureSong {
  no: string;
  title: string;
  singer: string;
  composer: string;
  lyricist: string;
  /** YYYY-MM, as the detail page shows it */
  release: string;
  /** the book and letter it is listed under */
  city: KyCity;
  letter: string;
}

export type SpellingRule = 'same' | 'artist_suffix' | 'latin_hangul' | 'symbols' | 'japanese_translation';

/** One song in both brands: its numbers, how the brands spell it differently, and whether the KY book cuts it. */
export interface SyntheticPair {
  tj: string;
  ky: string;
  rule: SpellingRule;
  cut: boolean;
}

export type BadRowKind =
  | 'no_number'
  | 'non_digit_number'
  | 'blank_title'
  | 'spaces_title'
  | 'long_field'
  | 'control_characters'
  | 'duplicate_number';
export const BAD_ROW_KINDS: readonly BadRowKind[] = [
  'no_number',
  'non_digit_number',
  'blank_title',
  'spaces_title',
  'long_field',
  'control_characters',
  'duplicate_number',
];

export interface SyntheticSources {
  tj: TjFixtureSong[];
  ky: KyFixtureSong[];
  pairs: SyntheticPair[];
  /** the planted bad rows per brand (a duplicate number is a whole row copying another's number) */
  bad: { tj: Array<{ kind: BadRowKind; index: number }>; ky: Array<{ kind: BadRowKind; index: number }> };
}

export interface SyntheticSourcesOptions {
  tjSongs?: number;
  kySongs?: number;
  /** songs in both brands, as a share of the smaller catalog */
  overlap?: number;
  seed?: number;
  /** planted bad rows per brand, as a share of its songs (at least one of each kind when above 0) */
  badRate?: number;
  /** the last day a song may be published (YYYY-MM-DD); the first is 2000-01-01 */
  until?: string;
}

/** Real catalog sizes: TJ about 67,000 songs, KY about 61,000. */
export const REAL_SIZE = { tjSongs: 67_000, kySongs: 61_000 } as const;

const ENGLISH: Array<[string, string]> = [
  ['Blue', '블루'],
  ['Moon', '문'],
  ['Night', '나이트'],
  ['Sky', '스카이'],
  ['Star', '스타'],
  ['Black', '블랙'],
  ['Red', '레드'],
  ['Sweet', '스윗'],
  ['Love', '러브'],
  ['Day', '데이'],
  ['Dream', '드림'],
  ['Sun', '선'],
  ['Rain', '레인'],
  ['Pink', '핑크'],
  ['Soul', '소울'],
  ['City', '시티'],
  ['Boy', '보이'],
  ['Girl', '걸'],
  ['Holiday', '홀리데이'],
  ['Summer', '썸머'],
  ['Winter', '윈터'],
  ['Candy', '캔디'],
  ['Magic', '매직'],
  ['Cherry', '체리'],
  ['Ocean', '오션'],
  ['Silver', '실버'],
  ['Golden', '골든'],
  ['Lucky', '럭키'],
  ['Happy', '해피'],
  ['Crystal', '크리스탈'],
  ['Echo', '에코'],
  ['Shine', '샤인'],
  ['Velvet', '벨벳'],
  ['Honey', '허니'],
  ['Cloud', '클라우드'],
  ['Fire', '파이어'],
  ['Wave', '웨이브'],
  ['Light', '라이트'],
  ['Heart', '하트'],
  ['Angel', '엔젤'],
];
const TITLE_FILLERS = ['Me', 'You', 'Tonight', 'Forever', 'Baby', 'Again', 'Away', 'Home', 'Alone', 'Together'];
// [written, hiragana reading, Hangul reading, Korean translation]
const JAPANESE: Array<[string, string, string, string]> = [
  ['夜', 'よる', '요루', '밤'],
  ['花', 'はな', '하나', '꽃'],
  ['空', 'そら', '소라', '하늘'],
  ['雨', 'あめ', '아메', '비'],
  ['星', 'ほし', '호시', '별'],
  ['君', 'きみ', '키미', '너'],
  ['恋', 'こい', '코이', '사랑'],
  ['風', 'かぜ', '카제', '바람'],
  ['夢', 'ゆめ', '유메', '꿈'],
  ['桜', 'さくら', '사쿠라', '벚꽃'],
  ['月', 'つき', '츠키', '달'],
  ['海', 'うみ', '우미', '바다'],
  ['光', 'ひかり', '히카리', '빛'],
  ['心', 'こころ', '코코로', '마음'],
  ['涙', 'なみだ', '나미다', '눈물'],
  ['声', 'こえ', '코에', '목소리'],
  ['春', 'はる', '하루', '봄'],
  ['街', 'まち', '마치', '거리'],
  ['アイドル', 'あいどる', '아이도루', '아이돌'],
  ['レモン', 'れもん', '레몬', '레몬'],
];
const KATAKANA: Array<[string, string]> = [
  ['ア', '아'],
  ['イ', '이'],
  ['カ', '카'],
  ['キ', '키'],
  ['サ', '사'],
  ['シ', '시'],
  ['タ', '타'],
  ['ナ', '나'],
  ['ハ', '하'],
  ['マ', '마'],
  ['ミ', '미'],
  ['ヤ', '야'],
  ['ヨ', '요'],
  ['ラ', '라'],
  ['ル', '루'],
  ['レ', '레'],
  ['ロ', '로'],
  ['ワ', '와'],
  ['ン', '응'],
  ['ユ', '유'],
];
const SURNAMES = [...'김이박최정강조윤장임한오서신권황안송류홍'];
const NAME_SYLLABLES = [...'민서준지현우진수영호성은하연철경태윤정희재승'];
const MEMBERS = ['신해철', '김종서', '이승철', '정인', '윤하', '김태원', '서태지', '전인권'];
const FEAT = [
  'Feat. 윤하',
  'Feat. 정인',
  'Prod. 김태원',
  'Feat. Crush',
  "드라마 '사랑의 온도' OST",
  'Acoustic Ver.',
  'Inst.',
];
// how a group's symbols are written differently: TJ's spelling and KY's, from the same words
const SYMBOL_STYLES: Array<[(a: string, b: string) => string, (a: string, b: string) => string]> = [
  [(a, b) => `${a}.${b}`, (a, b) => `${a} ${b}`],
  [(a, b) => `${a}-${b}`, (a, b) => `${a}${b}`],
  [(a, b) => `${a}&${b}`, (a, b) => `${a} & ${b}`],
  [(a, b) => `(${a})${b}`, (a, b) => `${a}${b}`],
  [(a, b) => `${a}!${b}`, (a, b) => `${a}${b}`],
  [(a, b) => `${a}·${b}`, (a, b) => `${a}.${b}`],
];

const KANA_ROWS: Array<[string, string]> = [
  ['あ', 'あいうえお'],
  ['か', 'かきくけこがぎぐげご'],
  ['さ', 'さしすせそざじずぜぞ'],
  ['た', 'たちつてとだぢづでど'],
  ['な', 'なにぬねの'],
  ['は', 'はひふへほばびぶべぼぱぴぷぺぽ'],
  ['ま', 'まみむめも'],
  ['や', 'やゆよ'],
  ['ら', 'らりるれろ'],
  ['わ', 'わをん'],
];
const HANGUL_INITIAL_OF = [
  'ㄱ',
  'ㄱ',
  'ㄴ',
  'ㄷ',
  'ㄷ',
  'ㄹ',
  'ㅁ',
  'ㅂ',
  'ㅂ',
  'ㅅ',
  'ㅅ',
  'ㅇ',
  'ㅈ',
  'ㅈ',
  'ㅊ',
  'ㅋ',
  'ㅌ',
  'ㅍ',
  'ㅎ',
];

/**
 * Where the KY book lists a song: the Japanese book by the kana row of its reading, the pop book by the first Latin
 * letter, the Korean book by 초성 (tense consonants under their plain one) or Latin letter; digits and symbols
 * under KY_OTHER_LETTER.
 */
export function kyBookPlace(
  title: string,
  nation: Nation | null,
  kanaReading?: string,
): { city: KyCity; letter: string } {
  if (nation === 'jpn') {
    const first = [...(kanaReading ?? title)][0] ?? '';
    // katakana sit 0x60 above their hiragana
    const hira = first >= '\u30A1' && first <= '\u30F6' ? String.fromCharCode(first.charCodeAt(0) - 0x60) : first;
    return { city: 'jp', letter: KANA_ROWS.find(([, kana]) => kana.includes(hira))?.[0] ?? 'あ' };
  }
  const city: KyCity = nation === 'eng' ? 'en' : 'kr';
  const first = [...title.trim()][0] ?? '';
  const code = first.charCodeAt(0);
  if (city === 'kr' && code >= 0xac00 && code <= 0xd7a3)
    return { city, letter: HANGUL_INITIAL_OF[Math.floor((code - 0xac00) / 588)] };
  if (/[A-Za-z]/.test(first)) return { city, letter: first.toUpperCase() };
  return { city, letter: KY_OTHER_LETTER };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function personName(rng: Rng): string {
  return pick(rng, SURNAMES) + pick(rng, NAME_SYLLABLES) + pick(rng, NAME_SYLLABLES);
}

/** 1-2 English words with their Hangul pronunciation ("Blue Moon", "블루문"). */
function latinName(rng: Rng): { latin: string; hangul: string; words: Array<[string, string]> } {
  const words = Array.from({ length: 1 + rng.int(2) }, () => pick(rng, ENGLISH));
  const latin = words.map(([w]) => w).join(' ');
  return { latin: rng.next() < 0.4 ? latin.toUpperCase() : latin, hangul: words.map(([, h]) => h).join(''), words };
}

function englishTitle(rng: Rng): string {
  const words = Array.from({ length: 1 + rng.int(3) }, (_, k) =>
    k > 0 && rng.next() < 0.4 ? pick(rng, TITLE_FILLERS) : pick(rng, ENGLISH)[0],
  );
  return words.join(' ');
}

interface JapaneseTitle {
  written: string;
  kana: string;
  reading: string;
  korean: string;
}

function japaneseTitle(rng: Rng): JapaneseTitle {
  const a = pick(rng, JAPANESE);
  if (rng.next() < 0.3) return { written: a[0], kana: a[1], reading: a[2], korean: a[3] };
  const b = pick(rng, JAPANESE);
  return {
    written: `${a[0]}の${b[0]}`,
    kana: `${a[1]}の${b[1]}`,
    reading: `${a[2]}노${b[2]}`,
    korean: `${a[3]}의 ${b[3]}`,
  };
}

function japaneseArtist(rng: Rng): { written: string; reading: string } {
  const parts = Array.from({ length: 3 + rng.int(2) }, () => pick(rng, KATAKANA));
  return { written: parts.map(([k]) => k).join(''), reading: parts.map(([, h]) => h).join('') };
}

/** One song before the brands write it down. */
interface Work {
  title: string;
  artist: string;
  composer: string;
  lyricist: string;
  release: string;
  nation: Nation;
  genre: number;
  japanese?: JapaneseTitle & { artistReading: string };
  /** the Hangul pronunciation of a Latin artist */
  artistHangul?: string;
  /** the symbol-spelling pair of a group name */
  symbols?: { tj: string; ky: string };
}

function dayBetween(rng: Rng, fromMs: number, toMs: number): string {
  return new Date(fromMs + Math.floor((rng.next() * (toMs - fromMs + 1)) / 86_400_000) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

function makeWork(rng: Rng, release: string): Work {
  const roll = rng.next();
  const nation: Nation = roll < 0.75 ? 'kor' : roll < 0.87 ? 'eng' : roll < 0.99 ? 'jpn' : 'chn';
  const base = { composer: personName(rng), lyricist: personName(rng), release, nation, genre: 4 + rng.int(8) };
  if (nation === 'jpn') {
    const t = japaneseTitle(rng);
    const artist =
      rng.next() < 0.5
        ? japaneseArtist(rng)
        : (() => {
            const n = latinName(rng);
            return { written: n.latin.toUpperCase(), reading: n.hangul };
          })();
    return { ...base, title: t.written, artist: artist.written, japanese: { ...t, artistReading: artist.reading } };
  }
  if (nation === 'eng') {
    const n = latinName(rng);
    return { ...base, title: englishTitle(rng), artist: n.latin, artistHangul: n.hangul };
  }
  const s = syntheticSong(rng);
  let title = rng.next() < 0.15 ? englishTitle(rng) : s.title;
  // about one in ten is longer than the KY book shows
  if (rng.next() < 0.1) title = `${title} (${pick(rng, FEAT)})`;
  const artistRoll = rng.next();
  if (artistRoll < 0.15) {
    const n = latinName(rng);
    return { ...base, title, artist: n.latin, artistHangul: n.hangul };
  }
  if (artistRoll < 0.22) {
    const [a, b] = [pick(rng, ENGLISH)[0].toUpperCase(), pick(rng, ENGLISH)[0].toUpperCase()];
    const [tjStyle, kyStyle] = pick(rng, SYMBOL_STYLES);
    return { ...base, title, artist: tjStyle(a, b), symbols: { tj: tjStyle(a, b), ky: kyStyle(a, b) } };
  }
  return { ...base, title, artist: s.artist };
}

/** How the two brands write one shared work, and which difference that is. */
function spell(
  rng: Rng,
  w: Work,
): { tj: { title: string; singer: string }; ky: { title: string; singer: string }; rule: SpellingRule } {
  const same = { title: w.title, singer: w.artist };
  if (w.japanese) return { tj: same, ky: { title: w.japanese.korean, singer: w.artist }, rule: 'japanese_translation' };
  if (w.symbols)
    return {
      tj: { title: w.title, singer: w.symbols.tj },
      ky: { title: w.title, singer: w.symbols.ky },
      rule: 'symbols',
    };
  if (w.artistHangul && rng.next() < 0.6) {
    const hangulSide = { title: w.title, singer: w.artistHangul };
    return rng.next() < 0.5
      ? { tj: same, ky: hangulSide, rule: 'latin_hangul' }
      : { tj: hangulSide, ky: same, rule: 'latin_hangul' };
  }
  if (rng.next() < 0.15) {
    const style = rng.int(3);
    const longer =
      style === 0
        ? `${w.artist}밴드`
        : style === 1
          ? `${w.artist}(${pick(rng, MEMBERS)})`
          : `${w.artist}&${personName(rng)}`;
    const suffixed = { title: w.title, singer: longer };
    return rng.next() < 0.5
      ? { tj: same, ky: suffixed, rule: 'artist_suffix' }
      : { tj: suffixed, ky: same, rule: 'artist_suffix' };
  }
  return { tj: same, ky: same, rule: 'same' };
}

const CONTROL = '\u0007';

/** A bad row of the given kind, built from a good one under a number of its own (the duplicate takes another's). */
function badTj(kind: BadRowKind, source: TjFixtureSong, other: TjFixtureSong, rng: Rng, fresh: string): TjFixtureSong {
  const from = { ...source, pro: fresh };
  switch (kind) {
    case 'no_number': {
      const { pro: _pro, ...rest } = from;
      return rest;
    }
    case 'non_digit_number':
      return { ...from, pro: `${fresh}A` };
    case 'blank_title':
      return { ...from, indexTitle: '' };
    case 'spaces_title':
      return { ...from, indexTitle: '     ' };
    case 'long_field':
      return { ...from, indexSong: '가'.repeat(5000) };
    case 'control_characters':
      return { ...from, indexTitle: `${from.indexTitle}${CONTROL}${rng.int(10)}` };
    case 'duplicate_number':
      return { ...from, pro: other.pro };
  }
}

function badKy(kind: BadRowKind, source: KyFixtureSong, other: KyFixtureSong, rng: Rng, fresh: string): KyFixtureSong {
  const from = { ...source, no: fresh };
  switch (kind) {
    case 'no_number':
      return { ...from, no: '' };
    case 'non_digit_number':
      return { ...from, no: `${fresh}A` };
    case 'blank_title':
      return { ...from, title: '' };
    case 'spaces_title':
      return { ...from, title: '     ' };
    case 'long_field':
      return { ...from, singer: '가'.repeat(5000) };
    case 'control_characters':
      return { ...from, title: `${from.title}${CONTROL}${rng.int(10)}` };
    case 'duplicate_number':
      return { ...from, no: other.no };
  }
}

/** Inserts `count` bad rows at seeded places; returns where each went. */
function plant<T>(
  rng: Rng,
  rows: T[],
  count: number,
  make: (kind: BadRowKind, from: T, other: T, k: number) => T,
): Array<{ kind: BadRowKind; index: number }> {
  if (count <= 0 || rows.length < 2) return [];
  const made = Array.from({ length: Math.max(count, BAD_ROW_KINDS.length) }, (_, k) => {
    const kind = BAD_ROW_KINDS[k % BAD_ROW_KINDS.length];
    return { kind, row: make(kind, rows[rng.int(rows.length)], rows[rng.int(rows.length)], k) };
  });
  const at = made.map(() => rng.int(rows.length + 1)).sort((a, b) => b - a);
  made.forEach((m, k) => rows.splice(at[k], 0, m.row));
  // positions after every insertion: find each planted row by identity
  const planted = new Map(made.map((m) => [m.row, m.kind] as const));
  const out: Array<{ kind: BadRowKind; index: number }> = [];
  rows.forEach((row, index) => {
    const kind = planted.get(row);
    if (kind) out.push({ kind, index });
  });
  return out;
}

export function syntheticSources(options: SyntheticSourcesOptions = {}): SyntheticSources {
  const tjCount = options.tjSongs ?? REAL_SIZE.tjSongs;
  const kyCount = options.kySongs ?? REAL_SIZE.kySongs;
  const shared = Math.round((options.overlap ?? 0.7) * Math.min(tjCount, kyCount));
  const rng = createRng(options.seed ?? 20260515);
  const fromMs = Date.UTC(2000, 0, 1);
  const untilMs = Date.parse(`${options.until ?? '2026-05-15'}T00:00:00Z`);

  // every work once, in release order, so both brands' numbers grow with time as the real ones do
  const total = tjCount + kyCount - shared;
  const days = Array.from({ length: total }, () => dayBetween(rng, fromMs, untilMs)).sort();
  const seen = new Set<string>();
  const works: Work[] = days.map((day) => {
    for (let attempt = 0; ; attempt++) {
      const w = makeWork(rng, day);
      const key = `${w.title}|${w.artist}`;
      if (!seen.has(key) || attempt > 20) {
        seen.add(key);
        return w;
      }
    }
  });
  // which works each brand carries: `shared` in both, the rest split to reach each brand's size
  const roles: Array<'both' | 'tj' | 'ky'> = [
    ...Array(shared).fill('both'),
    ...Array(tjCount - shared).fill('tj'),
    ...Array(kyCount - shared).fill('ky'),
  ];
  shuffleInPlace(roles, rng);

  const tj: TjFixtureSong[] = [];
  const ky: KyFixtureSong[] = [];
  const pairs: SyntheticPair[] = [];
  let tjNo = 10_000;
  let kyNo = 1_000;
  works.forEach((w, k) => {
    const role = roles[k];
    const spelled =
      role === 'both'
        ? spell(rng, w)
        : {
            tj: { title: w.title, singer: w.artist },
            ky: { title: w.japanese?.korean ?? w.title, singer: w.artist },
            rule: 'same' as const,
          };
    let tjSong: TjFixtureSong | undefined;
    let kySong: KyFixtureSong | undefined;
    if (role !== 'ky') {
      tjNo += 1 + (rng.next() < 0.1 ? rng.int(5) : 0);
      const markRoll = rng.next();
      tjSong = {
        pro: String(tjNo),
        indexTitle: spelled.tj.title,
        indexSong: spelled.tj.singer,
        word: w.lyricist,
        com: w.composer,
        icongubun:
          markRoll < 0.03 ? 'MR' : markRoll < 0.05 ? 'LV' : markRoll < 0.06 ? '60' : markRoll < 0.065 ? 'MEDLEY' : '',
        mv_yn: rng.next() < 0.3 ? 'Y' : 'N',
        publishdate: w.release,
        nationalcode: { kor: 'KOR', eng: 'ENG', jpn: 'JPN', chn: 'CHN', etc: 'ETC' }[w.nation],
        subTitle: w.japanese?.korean ?? '',
        sortTitleKo: w.japanese?.reading ?? '',
        sortSongKo: w.japanese?.artistReading ?? '',
        genre: w.genre,
      };
      tj.push(tjSong);
    }
    if (role !== 'tj') {
      kyNo += 1 + (rng.next() < 0.1 ? rng.int(5) : 0);
      const place = kyBookPlace(spelled.ky.title, w.nation, w.japanese?.kana);
      kySong = {
        no: String(kyNo),
        title: spelled.ky.title,
        singer: spelled.ky.singer,
        composer: w.composer,
        lyricist: w.lyricist,
        release: w.release.slice(0, 7),
        ...place,
      };
      ky.push(kySong);
    }
    if (tjSong && kySong) {
      const cut = [...kySong.title].length > KY_BOOK_WIDTH.title || [...kySong.singer].length > KY_BOOK_WIDTH.singer;
      pairs.push({ tj: tjSong.pro!, ky: kySong.no, rule: spelled.rule, cut });
    }
  });

  const badRate = options.badRate ?? 0.001;
  const bad = {
    // numbers past the last song's: a bad row is never mistaken for a respelling of a good one
    tj:
      badRate > 0
        ? plant(rng, tj, Math.round(tj.length * badRate), (kind, from, other, k) =>
            badTj(kind, from, other, rng, String(tjNo + 100 + k)),
          )
        : [],
    ky:
      badRate > 0
        ? plant(rng, ky, Math.round(ky.length * badRate), (kind, from, other, k) =>
            badKy(kind, from, other, rng, String(kyNo + 100 + k)),
          )
        : [],
  };
  return { tj, ky, pairs, bad };
}

/** Every letter the KY book has, for checks that the synthetic catalog only uses letters the walk visits. */
export function kyBookLetters(): Set<string> {
  return new Set(KY_BOOK_INDEX.flatMap(({ city, letters }) => letters.map((l) => `${city}|${l}`)));
}

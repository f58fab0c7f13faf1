// Extends data/relevance/songs.json with generated judgements for the input kinds of issue #8, from the merged
// sample catalog (a JSON dump of the songs table after ingesting the sample). The typing is simulated the way
// people type (keyboard layouts, 초성, cut-off words, common jamo slips), seeded so the set is stable; the
// hand-written judgements (first in the file, and the pronunciation list below) are kept as they are.
// Usage: psql -At -c "select json_agg(...) from songs" > songs.json; npx tsx scripts/make-relevance-set.ts songs.json
import fs from 'node:fs';
import path from 'node:path';
import { convertHangulToQwerty, convertQwertyToHangul, romanize } from 'es-hangul';
import { createRng } from '../src/platform/prng';
import { compactText, normalizeText, toChoseong } from '../src/korean';
import { composeSyllable, isSyllable, syllableParts } from '../src/korean/hangul';
import type { Judgement } from '../tools/eval/relevance';
import { qwertyToHangul } from '../src/korean/keyboard';

interface Song {
  title: string;
  artist: string;
  alt_titles: string[];
  artist_aliases: string[];
  tj_no: string | null;
  ky_no: string | null;
}

const OUT = path.resolve(__dirname, '../data/relevance/songs.json');
const GENERATED_KINDS = [
  'chosung-mixed',
  'english-in-korean-mode',
  'keyboard-partial',
  'romanized-variant',
  'brand-number',
  'jamo-typo',
  'particle',
  'word-missing-extra',
  'pronunciation',
];
const rng = createRng(8);
const pick = <T>(xs: T[]): T => xs[rng.int(xs.length)];
const HANGUL_ONLY = /^[\uac00-\ud7a3 ]+$/;
const LATIN_ONLY = /^[A-Za-z' ]+$/;

// Hand-written: Latin titles and artists as Koreans write their pronunciation (loanword spellings vary on purpose).
const PRONUNCIATIONS: Array<[string, { title?: string; artist?: string }]> = [
  ['버터', { title: 'Butter' }],
  ['다이너마이트', { title: 'Dynamite' }],
  ['하우 유 라이크 댓', { title: 'How You Like That' }],
  ['핑크 베놈', { title: 'Pink Venom' }],
  ['러브샷', { title: 'Love Shot' }],
  ['판타스틱 베이비', { title: 'FANTASTIC BABY' }],
  ['셀러브리티', { title: 'Celebrity' }],
  ['러브 윈즈 올', { title: 'Love wins all' }],
  ['하입 보이', { title: 'Hype Boy' }],
  ['하이프 보이', { title: 'Hype Boy' }],
  ['디토', { title: 'Ditto' }],
  ['어텐션', { title: 'Attention' }],
  ['슈퍼 샤이', { title: 'Super Shy' }],
  ['러브 다이브', { title: 'LOVE DIVE' }],
  ['애프터 라이크', { title: 'After LIKE' }],
  ['일레븐', { title: 'ELEVEN' }],
  ['넥스트 레벨', { title: 'Next Level' }],
  ['슈퍼노바', { title: 'Supernova' }],
  ['스파이시', { title: 'Spicy' }],
  ['싸이코', { title: 'Psycho' }],
  ['사이코 레드벨벳', { title: 'Psycho' }],
  ['텔 미', { title: 'Tell Me' }],
  ['노바디', { title: 'Nobody' }],
  ['쏘 핫', { title: 'So Hot' }],
  ['치어 업', { title: 'Cheer Up' }],
  ['왓 이즈 러브', { title: 'What is Love?' }],
  ['팬시 트와이스', { title: 'Fancy' }],
  ['라이키', { title: 'LIKEY' }],
  ['톰보이', { title: 'Tomboy' }],
  ['웰컴 투 더 쇼', { title: 'Welcome to the Show' }],
  ['안티프래질', { title: 'Antifragile' }],
  ['피어리스', { title: 'FEARLESS' }],
  ['쉐이프 오브 유', { title: 'Shape of You' }],
  ['셰이프 오브 유', { title: 'Shape of You' }],
  ['오피셜리 미싱 유', { title: 'Officially Missing You' }],
  ['드라우닝', { title: 'Drowning' }],
  ['마그네틱', { title: 'Magnetic' }],
  ['러브 리', { title: 'Love Lee' }],
  ['링딩동', { title: 'Ring Ding Dong' }],
  ['아브라카다브라', { title: 'Abracadabra' }],
  ['보핍보핍', { title: 'Bo Peep Bo Peep' }],
  ['쉐이크 잇', { title: 'Shake It' }],
  ['터치 마이 바디', { title: 'Touch my body' }],
  ['러브식 걸스', { title: 'Lovesick Girls' }],
  ['미스터 츄', { title: 'Mr. Chu' }],
  ['텐 미니츠', { title: '10 Minutes' }],
  ['유고걸', { title: 'U-Go-Girl' }],
  ['쏘리 쏘리', { title: 'Sorry, Sorry' }],
  ['페이크 러브', { title: 'FAKE LOVE' }],
  ['기브 러브', { title: 'Give Love' }],
  ['앤마리 2002', { artist: 'Anne-Marie' }],
  ['에드 시런', { artist: 'Ed Sheeran' }],
  ['에드시런 쉐입 오브 유', { title: 'Shape of You' }],
  ['에이피티', { title: 'APT.' }],
  ['바운스 조용필', { title: 'Bounce' }],
  ['위 아래', { title: '위아래' }],
  ['아이 엠', { title: 'I AM' }],
  ['휘슬', { title: '휘파람' }],
  ['뉴진스 하입보이', { title: 'Hype Boy' }],
];

// Hand-written: English typed in Korean mode whose screen text composes into syllables Korean rarely uses (zico 캬채,
// eight 댜홋), leaves consonants stranded, or ends in a half-typed or vowel-less word.
const KOREAN_MODE_TYPED: Array<[string, { title?: string; artist?: string }]> = [
  ['zico', { artist: '지코' }],
  ['eight', { title: '에잇' }],
  ['gangnam st', { title: '강남스타일' }],
  ['sg wannabe', { artist: 'SG워너비' }],
  ['wildflower', { title: '야생화' }],
];

const out: Judgement[] = [];
const seen = new Set<string>();
function add(q: string, kind: string, expect: Judgement['expect']) {
  const key = normalizeText(q);
  if (!key || seen.has(key)) return;
  seen.add(key);
  out.push({ q, kind, expect });
}

const songs: Song[] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const originals = songs.filter((s) => !/[([]/.test(s.title));
const titleCount = new Map<string, number>();
for (const s of songs) titleCount.set(compactText(s.title), (titleCount.get(compactText(s.title)) ?? 0) + 1);
const unique = originals.filter((s) => titleCount.get(compactText(s.title)) === 1);
const hangulSongs = unique.filter((s) => HANGUL_ONLY.test(s.title) && HANGUL_ONLY.test(s.artist));
const exp = (s: Song) => ({ title: s.title, artist: s.artist });
const shuffled = <T>(xs: T[]) =>
  xs
    .map((x) => [rng.next(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x);
const qwerty = (hangul: string) => convertHangulToQwerty(hangul);
const syllables = (s: string) => [...s.replace(/ /g, '')];
// the IME's screen text for Latin keys; es-hangul refuses some key runs ("how"): those are composed word by word, letters kept
function koreanModeScreen(latin: string): string | undefined {
  try {
    return convertQwertyToHangul(latin);
  } catch {
    return undefined;
  }
}

// 1. 초성 for some words, letters for others, in any order
for (const s of shuffled(hangulSongs).slice(0, 60)) {
  const words = s.title.split(' ');
  const artistPrefix = syllables(s.artist)
    .slice(0, Math.max(2, Math.min(3, syllables(s.artist).length)))
    .join('');
  const forms = [`${toChoseong(s.title)} ${s.artist}`, `${artistPrefix} ${toChoseong(s.title)}`];
  if (words.length >= 2)
    forms.push(
      `${words[0]} ${toChoseong(words.slice(1).join(''))}`,
      `${toChoseong(words[0])} ${words.slice(1).join(' ')}`,
    );
  add(pick(forms), 'chosung-mixed', exp(s));
}

// 2. English titles and artists typed with the keyboard in Korean mode (what the IME shows, composed syllables included)
const latinTitles = unique.flatMap((s) =>
  [s.title, ...s.alt_titles]
    .filter((t) => LATIN_ONLY.test(t) && t.replace(/[^A-Za-z]/g, '').length >= 4)
    .map((t) => ({ s, t })),
);
for (const { s, t } of shuffled(latinTitles).slice(0, 30)) {
  const q = koreanModeScreen(t.toLowerCase());
  if (q) add(q, 'english-in-korean-mode', exp(s));
}
const latinArtists = [
  ...new Map(
    unique.flatMap((s) =>
      s.artist_aliases
        .filter((a) => LATIN_ONLY.test(a) && a.replace(/[^A-Za-z]/g, '').length >= 4)
        .map((a) => [a, s.artist] as const),
    ),
  ).entries(),
];
for (const [alias, artist] of shuffled(latinArtists).slice(0, 8)) {
  const q = koreanModeScreen(alias.toLowerCase());
  if (q) add(q, 'english-in-korean-mode', { artist });
}

// 3. Korean typed in English mode, the last word cut mid-syllable or mid-word
for (const s of shuffled(hangulSongs).slice(0, 45)) {
  const keys = qwerty(s.title);
  const letters = keys.replace(/ /g, '').length;
  if (rng.next() < 0.6) {
    const cut = Math.max(2, Math.ceil(keys.length * (0.35 + rng.next() * 0.4)));
    add(`${qwerty(s.artist)} ${keys.slice(0, cut)}`.trim(), 'keyboard-partial', exp(s));
  } else if (letters >= 8) {
    add(keys.slice(0, Math.ceil(keys.length * (0.7 + rng.next() * 0.2))), 'keyboard-partial', exp(s));
  }
}

// 4. Latin titles by their Korean pronunciation (hand-written above)
for (const [q, expect] of PRONUNCIATIONS) {
  const song = unique.find(
    (s) => (!expect.title || s.title === expect.title) && (!expect.artist || s.artist === expect.artist),
  );
  if (song) add(q, 'pronunciation', expect.title ? exp(song) : expect);
}

for (const [english, expect] of KOREAN_MODE_TYPED) {
  const song = unique.find(
    (s) => (!expect.title || s.title === expect.title) && (!expect.artist || s.artist === expect.artist),
  );
  if (song) add(qwertyToHangul(english), 'english-in-korean-mode', expect.title ? exp(song) : expect);
}

// 5. Romanization by ear: syllable by syllable, spaced or not, older spellings
const romanizeBySyllable = (t: string) => syllables(t).map((ch) => romanize(ch).toLowerCase());
const olderSpellings = (r: string) =>
  r
    .replace(/eo/g, pick(['u', 'o', 'eo']))
    .replace(/eu/g, pick(['u', 'eu']))
    .replace(/ae/g, pick(['e', 'ae']));
for (const s of shuffled(hangulSongs.filter((x) => syllables(x.title).length >= 3)).slice(0, 35)) {
  const parts = romanizeBySyllable(s.title);
  const form = rng.int(4);
  const q =
    form === 0
      ? parts.join(' ')
      : form === 1
        ? parts.join('').replace(/r/g, 'l')
        : form === 2
          ? olderSpellings(romanize(s.title).toLowerCase())
          : olderSpellings(parts.join(' ')).replace(/ch/g, 'j');
  add(q, 'romanized-variant', exp(s));
}

// 6. Brand and number in the text
const BRAND_FORMS: Array<[string, (n: string) => string]> = [
  ['tj', (n) => `TJ ${n}`],
  ['tj', (n) => `tj${n}`],
  ['tj', (n) => `태진 ${n}`],
  ['tj', (n) => `${n} tj`],
  ['ky', (n) => `KY ${n}`],
  ['ky', (n) => `금영 ${n}`],
  ['ky', (n) => `금영${n}`],
  ['ky', (n) => `ky ${n}`],
];
for (const s of shuffled(originals).slice(0, 60)) {
  const [brand, form] = pick(BRAND_FORMS);
  const no = brand === 'tj' ? s.tj_no : s.ky_no;
  if (no) add(form(no), 'brand-number', exp(s));
}

// 7. One jamo slipped anywhere (the first syllable too): vowel, initial or final confusions
const VOWEL_SLIPS: Record<string, string[]> = {
  ㅐ: ['ㅔ'],
  ㅔ: ['ㅐ'],
  ㅓ: ['ㅕ', 'ㅗ'],
  ㅕ: ['ㅓ'],
  ㅗ: ['ㅓ', 'ㅜ'],
  ㅜ: ['ㅡ', 'ㅗ'],
  ㅡ: ['ㅜ'],
  ㅣ: ['ㅡㅣ'],
  ㅡㅣ: ['ㅣ', 'ㅡ'],
  ㅏ: ['ㅓ'],
};
const INITIAL_SLIPS: Record<string, string[]> = {
  ㅈ: ['ㅊ'],
  ㅊ: ['ㅈ'],
  ㄷ: ['ㅌ'],
  ㅌ: ['ㄷ'],
  ㅂ: ['ㅍ'],
  ㅍ: ['ㅂ'],
  ㄱ: ['ㅋ'],
  ㅅ: ['ㅆ'],
};
const FINAL_SLIPS: Record<string, string[]> = {
  '': ['ㄴ', 'ㅇ'],
  ㄴ: ['ㅇ', ''],
  ㅇ: ['ㄴ', ''],
  ㄹ: ['ㄴ', ''],
  ㅁ: ['ㄴ'],
  ㅂ: ['ㅁ'],
  ㄱ: [''],
};
function slip(text: string): string | undefined {
  const chars = [...text];
  const positions = chars.map((c, i) => (isSyllable(c) ? i : -1)).filter((i) => i >= 0);
  const at = rng.next() < 0.4 ? positions[0] : pick(positions);
  const p = syllableParts(chars[at]);
  const which = rng.int(3);
  const table = which === 0 ? VOWEL_SLIPS[p.medial] : which === 1 ? INITIAL_SLIPS[p.initial] : FINAL_SLIPS[p.final];
  if (!table) return undefined;
  const to = pick(table);
  const changed = which === 0 ? { ...p, medial: to } : which === 1 ? { ...p, initial: to } : { ...p, final: to };
  try {
    chars[at] = composeSyllable(changed);
  } catch {
    return undefined;
  }
  return chars.join('') === text ? undefined : chars.join('');
}
let typos = 0;
for (const s of shuffled(hangulSongs).concat(shuffled(hangulSongs))) {
  if (typos >= 45) break;
  const n = syllables(s.title).length;
  if (n < 2) continue;
  const typo = slip(s.title);
  if (!typo) continue;
  const before = out.length;
  add(n >= 3 ? typo : `${s.artist} ${typo}`, 'jamo-typo', exp(s));
  typos += out.length - before;
}

// 8. Particles swapped (의/에, 을/를)
const PARTICLE_SWAPS: Array<[RegExp, string]> = [
  [/의$/, '에'],
  [/에$/, '의'],
  [/을$/, '를'],
  [/를$/, '을'],
];
for (const s of unique.filter((x) => HANGUL_ONLY.test(x.title))) {
  const words = s.title.split(' ');
  const i = words.findIndex(
    (w, j) =>
      [...w].length >= 2 && PARTICLE_SWAPS.some(([re]) => re.test(w)) && (j < words.length - 1 || words.length === 1),
  );
  if (i < 0) continue;
  const [re, to] = PARTICLE_SWAPS.find(([r]) => r.test(words[i]))!;
  words[i] = words[i].replace(re, to);
  add(rng.next() < 0.7 ? words.join(' ') : `${s.artist} ${words.join(' ')}`, 'particle', exp(s));
}

// 9. A missing or an extra short word
const EXTRA = ['노래', 'mr', '가사', '노래방', '반주', 'live'];
for (const s of shuffled(unique.filter((x) => HANGUL_ONLY.test(x.artist))).slice(0, 40)) {
  const words = s.title.split(' ');
  if (words.length >= 3 && rng.next() < 0.5) {
    const drop = 1 + rng.int(words.length - 1);
    add(words.filter((_, i) => i !== drop).join(' '), 'word-missing-extra', exp(s));
  } else if (rng.next() < 0.5) {
    add(`${s.title} ${pick(EXTRA)}`, 'word-missing-extra', exp(s));
  } else if (!/^[A-Za-z]/.test(s.title) || syllables(s.title).length > 3) {
    add(`${s.artist} ${s.title} ${pick(EXTRA)}`, 'word-missing-extra', exp(s));
  }
}

// 10. As-you-type prefixes: a title cut after its first word or mid-word, three syllables or more typed (shorter cuts
// are judged by hand: at real size they meet exact look-alikes, and an exact title rightly beats a prefix)
for (const s of shuffled(unique.filter((x) => HANGUL_ONLY.test(x.title) && syllables(x.title).length >= 4)).slice(
  0,
  30,
)) {
  const chars = [...s.title];
  const firstWordEnd = s.title.indexOf(' ');
  const cut = firstWordEnd >= 3 && rng.next() < 0.5 ? firstWordEnd : 3 + rng.int(Math.max(1, chars.length - 3));
  const typed = chars.slice(0, cut).join('').trim();
  if (syllables(typed).length >= 3 && typed !== s.title) add(typed, 'prefix', exp(s));
}

const existing: Judgement[] = JSON.parse(fs.readFileSync(OUT, 'utf8'));
// generated prefixes join the hand-written ones of that kind (a re-run finds them kept and adds no duplicates)
const kept = existing.filter((j) => !GENERATED_KINDS.includes(j.kind));
for (const j of kept) seen.add(normalizeText(j.q));
const fresh = out.filter((j) => !kept.some((k) => normalizeText(k.q) === normalizeText(j.q)));
const all = [...kept, ...fresh];
fs.writeFileSync(OUT, `[\n${all.map((j) => `  ${JSON.stringify(j)}`).join(',\n')}\n]\n`);
const byKind = all.reduce<Record<string, number>>((acc, j) => ({ ...acc, [j.kind]: (acc[j.kind] ?? 0) + 1 }), {});
console.log(`[relevance-set] ${all.length} judgements: ${JSON.stringify(byKind)}`);

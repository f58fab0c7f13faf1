// The TJ/KY merge, as pure functions: which entries of the two brands are one song, and why.
// Spelling differences (case, spacing, punctuation, full-width, "아이유(IU)" vs "IU", "&" vs ",", featuring and
// production credits, MR/Inst/OST tags) never stop a merge; a different artist or a live/remix/acoustic/other
// version always does. Real catalogs add looser evidence, each a named rule with its own score: an artist with a
// suffix or a member in brackets (부활밴드, 넥스트(신해철)), a Latin artist and its Hangul pronunciation (Maroon 5 /
// 마룬5), a group name spelled as letters (f(x) / 에프엑스), a Japanese title and its Hangul reading (アイドル /
// 아이도루), a title or artist cut to the book's width. A pair scoring between MERGE_SCORES.review and
// MERGE_SCORES.merge is not merged but put to an operator (the review queue).
import {
  classifyTag,
  compactText as compactTextUncached,
  splitAlternatives as splitAlternativesUncached,
  hasHangul,
  type SplitName,
} from '../korean';
import { kanaReadings } from '../korean/kana';
import { hangulNameSound, isSpelledName, latinNameSounds, soundBlockKey, soundSimilarity } from './artist-sounds';
import type { Brand } from '../core/brands';

// Catalogs repeat the same singers and title parts many times: cache the pure string functions (bounded, so a
// long-running process keeps at most a few hundred thousand strings).
function cached<T>(fn: (s: string) => T, max = 200_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}
const compactText = cached(compactTextUncached);
const splitAlternatives: (s: string) => Readonly<SplitName> = cached(splitAlternativesUncached);

/** Changes whenever the rules or the blocking keys change: the next merge is then a full one (merge-store.ts). */
export const MERGE_RULES_VERSION = 'real-catalogs-2';

/** A pair scoring at least `merge` is one song; from `review` up to `merge` an operator decides; below, two songs. */
export const MERGE_SCORES = { merge: 0.8, review: 0.65 } as const;

// What each kind of evidence is worth. A pair's score is the weaker of its title and artist evidence, less
// STACKED_PENALTY when neither side matched directly (two inferences on one pair). Direct matches keep the scores
// the merge always had: exact 1, normalized 0.95, artist-overlap 0.9, alt-title 0.85.
const EVIDENCE = {
  sameArtist: 0.95,
  artistOverlap: 0.9,
  artistSuffix: 0.85,
  memberOnly: 0.7,
  soundSure: 0.85,
  soundUnsure: 0.7,
  reading: 0.85,
  cut: 0.8,
  cutUnsure: 0.7,
  primaryTitle: 1,
  altTitle: 0.85,
} as const;
const STACKED_PENALTY = 0.05;
// sound similarity (artist-sounds.ts) at which a Latin and a Hangul name are surely / maybe one name; names of at
// most SHORT_SOUND sound letters need an exact match to be sure (아바 / ABBA goes to review)
const SOUND_SURE = 0.85;
const SOUND_UNSURE = 0.7;
const SHORT_SOUND = 4;
// a title or credit cut to the book's width keeps at least this many letters (compact): shorter prefixes are
// other songs (사랑해 / 사랑해요), never a cut
export const CUT_MIN_CHARS = 8;
// words a band's name carries on one side only (부활 / 부활밴드, Eagles / The Eagles), compared compact
const GROUP_SUFFIXES = [
  '밴드',
  'band',
  '그룹',
  'group',
  '트리오',
  'trio',
  '프로젝트',
  'project',
  '악단',
  '중창단',
  '합창단',
  '오케스트라',
  'orchestra',
];
const GROUP_PREFIXES = ['the'];
const MIN_BASE_CHARS = 2;
// KY's book view marks nothing where it cuts, other views end a cut with dots
const TRAILING_DOTS = /(?:\s*(?:\.{2,}|…))+\s*$/;

export interface EntryRef {
  brand: Brand;
  no: string;
  title: string;
  singer: string;
  /** the source's Hangul reading of a Japanese title / artist (TJ sortTitleKo / sortSongKo), when it gives one */
  title_reading?: string | null;
  singer_reading?: string | null;
}
export interface Override {
  action: 'merge' | 'split';
  tj_no: string;
  ky_no: string;
}

type Script = 'hangul' | 'latin' | 'cjk' | 'other';
const scriptOf = (s: string): Script =>
  hasHangul(s)
    ? 'hangul'
    : /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/.test(s)
      ? 'cjk'
      : /[A-Za-z]/.test(s.normalize('NFKC'))
        ? 'latin'
        : 'other';

interface ArtistName {
  text: string;
  /** compact key as written */
  key: string;
  /** a same-script name in brackets after another (넥스트(신해철)): a member or leader credited, not another name */
  member: boolean;
  /** the credit was cut inside this name's brackets ("블랙핑크(BLACKPI"): what was in them is lost */
  cut: boolean;
}

export interface ParsedEntry<E extends EntryRef = EntryRef> {
  entry: E;
  titlePrimary: string;
  titleAlternatives: string[];
  /** compact keys of the primary title first, then of its alternatives */
  titleKeys: string[];
  /** compact Hangul readings of a Japanese title (kana read, or the source's reading) */
  titleReadings: string[];
  /** the whole title as written (tags too), compact: a title cut to the book's width is a prefix of it */
  titleFull: string;
  /** what is left of a bracket the title was cut inside ("밤편지(Through the Nigh" -> "Through the Nigh") */
  titleCutPartial?: string;
  /** live / remix / acoustic / other version markers; must be equal for a merge */
  version: string;
  /** the version tags as written ("Live", "Hotter Remix"), shown in the song's title */
  versionTags: string[];
  artistNames: string[];
  /** canonical artist identities (aliases resolved) */
  artistKeys: string[];
  /** the identities of the names that are not bracketed member credits */
  primaryArtistKeys: string[];
  /** identities of the names with a band suffix or leading article taken off (부활밴드 -> 부활) */
  artistBaseKeys: string[];
  /** compact Hangul readings of Japanese artist names */
  artistReadings: string[];
  /** sound keys of Latin names and of Hangul names (artist-sounds.ts), and whether a Latin one is spelled as letters */
  latinSounds: string[];
  hangulSounds: string[];
  spelledLatin: boolean;
  /** the whole credit as written, compact: a credit cut to the book's width is a prefix of it */
  artistFull: string;
  /** the credit was cut inside a bracket */
  artistCutInBracket: boolean;
}

export type MergeRule =
  | 'exact'
  | 'normalized'
  | 'artist-overlap'
  | 'alt-title'
  | 'artist-suffix'
  | 'artist-pronunciation'
  | 'group-symbols'
  | 'japanese-reading'
  | 'cut-width'
  | 'override-merge'
  | 'override-split'
  | 'single-tj'
  | 'single-ky';
/** Which side of a cut-width match was cut, and where (its spelling is not kept as an alternative). */
export interface CutSide {
  brand: Brand;
  field: 'title' | 'artist';
}
export interface MergeGroup<E extends EntryRef = EntryRef> {
  tj?: ParsedEntry<E>;
  ky?: ParsedEntry<E>;
  rule: MergeRule;
  score: number;
  mergeKey: string;
  cut?: CutSide;
}
/** A pair the rules are unsure of: both stay single songs until an operator accepts or splits it. */
export interface ReviewCandidate<E extends EntryRef = EntryRef> {
  tj: ParsedEntry<E>;
  ky: ParsedEntry<E>;
  rule: MergeRule;
  score: number;
}
export interface MergePlan<E extends EntryRef = EntryRef> {
  groups: MergeGroup<E>[];
  reviews: ReviewCandidate<E>[];
}

const VERSION_KINDS = new Set(['live', 'remix', 'acoustic', 'version']);

/** Splits "A & B, C" / "A x B" into names, ignoring separators inside parentheses. */
export function splitArtists(singer: string): string[] {
  return [...splitArtistsCached(singer)];
}
const splitArtistsCached: (singer: string) => readonly string[] = cached(splitArtistsUncached);

function splitArtistsUncached(singer: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  const chars = [...singer];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if ('([{（'.includes(ch)) depth++;
    if (')]}）'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && ',&/+＆，'.includes(ch)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts
    .flatMap(splitAtWords)
    .map((p) => p.trim())
    .filter(Boolean);
}

const WORD_SEPARATOR = /\s+(?:x|X|×|and|with|와|과)\s+/g;

/** "A x B" / "A and B" -> A, B; a word inside brackets separates nothing ("서태지와 아이들(Seo Taiji and Boys)"). */
function splitAtWords(part: string): string[] {
  let depth = 0;
  const masked = [...part]
    .map((ch) => {
      if ('([{（'.includes(ch)) depth++;
      const inside = depth > 0;
      if (')]}）'.includes(ch)) depth = Math.max(0, depth - 1);
      return inside ? '\u0000' : ch;
    })
    .join('');
  const out: string[] = [];
  let from = 0;
  for (const m of masked.matchAll(WORD_SEPARATOR)) {
    out.push(part.slice(from, m.index));
    from = m.index + m[0].length;
  }
  out.push(part.slice(from));
  return out;
}

// a short Latin name with a bracket glued inside it is one name (f(x)), not a name and its alias
const GLUED_BRACKETS = /^[A-Za-z0-9]{1,3}\([A-Za-z0-9]{1,3}\)$/;
const isGroupSuffix = (key: string) => GROUP_SUFFIXES.includes(key);

/** The names of one artist part: its primary name, and alternatives that are other names or member credits. */
const namesOfPart: (part: string) => readonly ArtistName[] = cached((part) => {
  if (GLUED_BRACKETS.test(part.trim()))
    return [{ text: part.trim(), key: compactText(part), member: false, cut: false }];
  // cut inside its brackets: the name before them stands, the rest of a name in them is no name
  const open = openBracketTail(part);
  const { primary, alternatives } = splitAlternatives(open ? open.head : part);
  const names: ArtistName[] = [];
  const primaryScript = scriptOf(primary);
  // a bracket mixing scripts lists several names ("아이유(성시경, IU)"): each is an alias or a member on its own
  const listed = (alt: string) => (hasHangul(alt) && /[A-Za-z]/.test(alt) ? splitArtistsCached(alt) : [alt]);
  for (const [i, text] of [primary, ...alternatives.flatMap(listed)].entries()) {
    const key = compactText(text);
    if (!key || (i > 0 && isGroupSuffix(key))) continue; // 부활(밴드): the suffix alone names nobody
    names.push({ text, key, member: i > 0 && scriptOf(text) === primaryScript, cut: Boolean(open) && i === 0 });
  }
  return names;
});

/** "밤편지(Through the Nigh" -> 밤편지 + "Through the Nigh": text cut inside its outermost unclosed bracket. */
function openBracketTail(text: string): { head: string; partial: string } | undefined {
  const chars = [...text.replace(TRAILING_DOTS, '')];
  const open: number[] = [];
  chars.forEach((ch, i) => {
    if ('([{（［【'.includes(ch)) open.push(i);
    else if (')]}）］】'.includes(ch)) open.pop();
  });
  if (!open.length) return undefined;
  const head = chars.slice(0, open[0]).join('').trim();
  return head
    ? {
        head,
        partial: chars
          .slice(open[0] + 1)
          .join('')
          .trim(),
      }
    : undefined;
}

interface TitleParts extends SplitName {
  cutPartial?: string;
}

/** A title's parts; one cut inside a bracket keeps what is before it, and a version tag the cut left whole. */
const titlePartsOf: (title: string) => Readonly<TitleParts> = cached((title) => {
  const open = openBracketTail(title);
  if (!open) return splitAlternatives(title);
  const split = splitAlternatives(open.head);
  const kind = classifyTag(open.partial);
  const tags = kind && VERSION_KINDS.has(kind) ? [...split.tags, { kind, text: open.partial }] : split.tags;
  return { ...split, tags, cutPartial: open.partial };
});

// a cut left this little of a bracket, or the start of a version word: it may have been a live or remix tag
const VERSION_WORD_STARTS = ['live', 'remix', 'acoustic', 'version', 'ver', '라이브', '리믹스', '어쿠스틱', '버전'];
const MIN_SURE_PARTIAL = 3;
function partialMayBeVersion(partial: string): boolean {
  if (VERSION_KINDS.has(classifyTag(partial) ?? '')) return false; // the tag survived the cut: the version is known
  const key = compactText(partial);
  return key.length < MIN_SURE_PARTIAL || VERSION_WORD_STARTS.some((w) => w.startsWith(key) || key.startsWith(w));
}

const artistNamesOf: (singer: string) => readonly ArtistName[] = cached((singer) =>
  splitArtistsCached(singer).flatMap((p) => namesOfPart(p)),
);

/**
 * Artist names that are one artist: the alias book's groups, and the links singer credits teach ("아이유(IU)"
 * anywhere in a catalog: 아이유 = IU). A credit's bracket can also name a member ("N.EX.T(신해철)"), so a name
 * bracketed after several names that nothing else links is a member credited with several groups (a hub): its
 * links are dropped, or it would chain those groups into one artist. Resolved lazily, from every link at once,
 * so the result does not depend on the order credits arrive in.
 */
export class ArtistAliases {
  private groups: string[][] = [];
  /** learned links as [name before the bracket, name in it] */
  private edges: Array<[string, string]> = [];
  private parent = new Map<string, string>();
  private hubSet = new Set<string>();
  private dirty = false;

  find(key: string): string {
    if (this.dirty) this.resolve();
    return findRoot(this.parent, key);
  }

  /** A link from the alias book or an operator: always trusted. */
  union(a: string, b: string): void {
    if (!a || !b || a === b) return;
    this.groups.push([a, b]);
    this.dirty = true;
  }

  /** A link learned from a credit: `primary` is the name before the bracket, `bracketed` the one in it. */
  learnEdge(primary: string, bracketed: string): void {
    if (!primary || !bracketed || primary === bracketed) return;
    this.edges.push([primary, bracketed]);
    this.dirty = true;
  }

  learnFrom(singer: string): void {
    for (const [a, b] of aliasEdgesOf(singer)) this.learnEdge(a, b);
  }

  /** Every key that is an alias of another, grouped by its root (keys never joined to another are absent). */
  components(): Map<string, string[]> {
    if (this.dirty) this.resolve();
    const out = new Map<string, string[]>();
    for (const key of this.parent.keys()) {
      const root = findRoot(this.parent, key);
      const list = out.get(root) ?? [root];
      if (key !== root) list.push(key);
      out.set(root, list);
    }
    for (const [root, list] of out) out.set(root, [root, ...list.slice(1).sort()]);
    return out;
  }

  addGroup(names: string[]): void {
    const keys = names.map(compactText).filter(Boolean);
    for (const k of keys.slice(1)) this.union(keys[0], k);
  }

  /** Names bracketed after several artists that the other links do not join: member credits, linked to none. */
  hubs(): Set<string> {
    if (this.dirty) this.resolve();
    return this.hubSet;
  }

  private resolve(): void {
    const trusted = new Map<string, string>();
    for (const g of this.groups) for (const k of g.slice(1)) unionRoots(trusted, g[0], k);
    // the distinct artists (trusted roots) each bracketed name was credited after
    const primariesOf = new Map<string, Set<string>>();
    for (const [p, b] of this.edges) {
      const set = primariesOf.get(b) ?? new Set<string>();
      set.add(findRoot(trusted, baseKeyOf(p) ?? p)); // 부활(Boohwal) and 부활밴드(Boohwal) name one band
      primariesOf.set(b, set);
    }
    const contested = new Set(
      [...primariesOf]
        .filter(([b, ps]) => {
          ps.delete(findRoot(trusted, b));
          return ps.size > 1;
        })
        .map(([b]) => b),
    );
    // uncontested links first; a contested name still joins when those already made its primaries one artist
    const linked = new Map(trusted);
    for (const [p, b] of this.edges) if (!contested.has(b)) unionRoots(linked, p, b);
    const hubs = new Set<string>();
    for (const b of contested) {
      if (new Set([...primariesOf.get(b)!].map((p) => findRoot(linked, p))).size > 1) hubs.add(b);
    }
    for (const [p, b] of this.edges) if (contested.has(b) && !hubs.has(b)) unionRoots(linked, p, b);
    this.parent = linked;
    this.hubSet = hubs;
    this.dirty = false;
  }
}

function findRoot(parent: Map<string, string>, key: string): string {
  let root = key;
  while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
  let k = key;
  while (parent.has(k) && parent.get(k) !== root) {
    const next = parent.get(k)!;
    parent.set(k, root);
    k = next;
  }
  return root;
}

function unionRoots(parent: Map<string, string>, a: string, b: string): void {
  const ra = findRoot(parent, a);
  const rb = findRoot(parent, b);
  if (ra === rb) return;
  // the smaller key is the root, so the result does not depend on the order links arrive in
  if (ra < rb) parent.set(rb, ra);
  else parent.set(ra, rb);
}

/**
 * The alias links a singer credit teaches ("아이유(IU)": 아이유 = iu), as pairs of compact names. Only a name in
 * another script is an alias: "넥스트(신해철)" credits a member, and must not make 신해철's own songs 넥스트's.
 */
export function aliasEdgesOf(singer: string): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const part of splitArtistsCached(singer)) {
    const [first, ...rest] = namesOfPart(part);
    for (const n of rest) if (!n.member) edges.push([first.key, n.key]);
  }
  return edges;
}

/** 부활밴드 -> 부활, theeagles -> eagles; undefined when the key has no group suffix or article. */
function baseKeyOf(key: string): string | undefined {
  for (const suffix of GROUP_SUFFIXES)
    if (key.endsWith(suffix) && key.length - suffix.length >= MIN_BASE_CHARS) return key.slice(0, -suffix.length);
  for (const prefix of GROUP_PREFIXES)
    if (key.startsWith(prefix) && key.length - prefix.length > MIN_BASE_CHARS) return key.slice(prefix.length);
  return undefined;
}

const readingsOf = (texts: Array<string | null | undefined>) => [
  ...new Set(
    texts
      .flatMap((t) => (t ? kanaReadings(t) : []))
      .map(compactText)
      .filter(Boolean),
  ),
];
const givenReading = (reading: string | null | undefined) =>
  reading && hasHangul(reading) ? [compactText(reading)].filter(Boolean) : [];
const fullKeyOf = (text: string) => compactText(text.replace(TRAILING_DOTS, ''));
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Whether the first `letters` compact letters of `text` end inside a word: a fixed width cuts words in two
 * (사랑하|겠어), while a prefix ending at a word's end may as well be a song or artist of its own (Girls'
 * Generation / Girls' Generation-TTS).
 */
function endsMidWord(text: string, letters: number): boolean {
  const chars = [...text.normalize('NFKC')];
  let seen = 0;
  for (let i = 0; i < chars.length; i++) {
    seen += compactText(chars[i]).length;
    if (seen >= letters) return WORD_CHAR.test(chars[i]) && WORD_CHAR.test(chars[i + 1] ?? '');
  }
  return false;
}

const latinSoundsOf = cached((name: string) => latinNameSounds(name));
const hangulSoundOf = cached((name: string) => hangulNameSound(name));

/** The sound keys of an artist credit: Latin names (and kana names by their reading) and Hangul names. */
function artistSoundsOf(
  names: readonly ArtistName[],
  readings: string[],
): { latin: string[]; hangul: string[]; spelled: boolean } {
  const latin: string[] = [];
  const hangul: string[] = [];
  let spelled = false;
  for (const n of names) {
    const script = scriptOf(n.text);
    if (script === 'latin') {
      latin.push(...latinSoundsOf(n.text));
      spelled ||= isSpelledName(n.text);
    } else if (script === 'hangul') hangul.push(hangulSoundOf(n.text));
  }
  // a Japanese name's reading is Hangul, and sounds like its Latin spelling (あいみょん 아이묭 / Aimyon)
  for (const r of readings) hangul.push(hangulSoundOf(r));
  return { latin: [...new Set(latin.filter(Boolean))], hangul: [...new Set(hangul.filter(Boolean))], spelled };
}

/**
 * An entry's blocking keys before aliases are resolved, as (artist key, title key) pairs. Two entries can only
 * match when they share a pair (after alias resolution), so these pairs, stored per entry, let an incremental
 * merge find every entry a change can affect. Artist keys: names as written, band bases and Japanese readings
 * (resolvable as names), sound block keys ("~s:"), the credit's first letters ("~cut:"); title keys: the titles,
 * their readings, and the title's first letters ("~cut:", paired with names only).
 */
export function rawBlockKeysOf(entry: EntryRef): Array<[string, string]> {
  return blockPairsOf(keysOf(entry), (k) => k);
}

interface EntryKeys {
  names: string[];
  sounds: string[];
  artistCut?: string;
  titles: string[];
  titleCut?: string;
}

function keysOf(entry: EntryRef): EntryKeys {
  const title = titlePartsOf(entry.title);
  const names = artistNamesOf(entry.singer);
  const artistReadings = [...readingsOf(names.map((n) => n.text)), ...givenReading(entry.singer_reading)];
  const nameKeys = names.map((n) => n.key);
  const sounds = artistSoundsOf(names, artistReadings);
  const titleFull = fullKeyOf(entry.title);
  const artistFull = compactText(entry.singer);
  return {
    names: [
      ...new Set([...nameKeys, ...nameKeys.map(baseKeyOf).filter((k): k is string => Boolean(k)), ...artistReadings]),
    ],
    sounds: [...new Set([...sounds.latin, ...sounds.hangul].map((s) => `~s:${soundBlockKey(s)}`))],
    artistCut: artistFull.length >= CUT_MIN_CHARS ? `~cut:${artistFull.slice(0, CUT_MIN_CHARS)}` : undefined,
    titles: [
      ...new Set(
        [
          ...[title.primary, ...title.alternatives].map(compactText),
          ...readingsOf([title.primary, ...title.alternatives]),
          ...givenReading(entry.title_reading),
        ].filter(Boolean),
      ),
    ],
    titleCut: titleFull.length >= CUT_MIN_CHARS ? `~cut:${titleFull.slice(0, CUT_MIN_CHARS)}` : undefined,
  };
}

function blockPairsOf(keys: EntryKeys, resolve: (key: string) => string): Array<[string, string]> {
  const pairs = new Map<string, [string, string]>();
  const add = (a: string, t: string) => pairs.set(`${a}\u0000${t}`, [a, t]);
  const titlesAndCut = keys.titleCut ? [...keys.titles, keys.titleCut] : keys.titles;
  for (const n of keys.names) for (const t of titlesAndCut) add(resolve(n), t);
  for (const s of keys.sounds) for (const t of keys.titles) add(s, t);
  if (keys.artistCut) for (const t of keys.titles) add(keys.artistCut, t);
  return [...pairs.values()];
}

export function parseEntry<E extends EntryRef>(entry: E, aliases: ArtistAliases): ParsedEntry<E> {
  const title = titlePartsOf(entry.title);
  const versions = title.tags.filter((t) => VERSION_KINDS.has(t.kind));
  const versionKeys = versions.map((t) => (t.kind === 'live' ? 'live' : `${t.kind}:${compactText(t.text)}`));
  const titleKeys = [...new Set([title.primary, ...title.alternatives].map(compactText).filter(Boolean))];
  const names = artistNamesOf(entry.singer);
  const artistReadings = [...new Set([...readingsOf(names.map((n) => n.text)), ...givenReading(entry.singer_reading)])];
  const sounds = artistSoundsOf(names, artistReadings);
  const resolved = (list: Iterable<string>) => [...new Set([...list].map((k) => aliases.find(k)))].sort();
  // a hub in brackets (a member credited with several groups) is a member credit, whatever its script
  const hubs = aliases.hubs();
  const bracketedHubs = hubs.size
    ? new Set(
        splitArtistsCached(entry.singer)
          .flatMap((p) =>
            namesOfPart(p)
              .slice(1)
              .map((n) => n.key),
          )
          .filter((k) => hubs.has(k)),
      )
    : hubs;
  return {
    entry,
    titlePrimary: title.primary,
    titleAlternatives: title.alternatives,
    titleKeys,
    titleReadings: [
      ...new Set([...readingsOf([title.primary, ...title.alternatives]), ...givenReading(entry.title_reading)]),
    ],
    titleFull: fullKeyOf(entry.title),
    ...(title.cutPartial !== undefined ? { titleCutPartial: title.cutPartial } : {}),
    version: versionKeys.sort().join('+'),
    versionTags: versions.map((t) => t.text),
    artistNames: names.map((n) => n.text),
    artistKeys: resolved(names.map((n) => n.key)),
    primaryArtistKeys: resolved(names.filter((n) => !n.member && !bracketedHubs.has(n.key)).map((n) => n.key)),
    artistBaseKeys: resolved(names.map((n) => baseKeyOf(n.key)).filter((k): k is string => Boolean(k))),
    artistReadings: resolved(artistReadings),
    latinSounds: sounds.latin,
    hangulSounds: sounds.hangul,
    spelledLatin: sounds.spelled,
    artistFull: compactText(entry.singer),
    artistCutInBracket: names.some((n) => n.cut),
  };
}

const shares = (a: string[], b: string[]) => a.some((x) => b.includes(x));
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const byNumber = (a: { entry: EntryRef }, b: { entry: EntryRef }) => Number(a.entry.no) - Number(b.entry.no);

interface Evidence {
  score: number;
  direct: boolean;
  rule?: MergeRule;
  cut?: CutSide;
}

/** How the titles agree: as written (primary or alternative), by a Japanese reading, or one cut to the book's width. */
function titleEvidence(tj: ParsedEntry, ky: ParsedEntry): Evidence | null {
  if (tj.version === ky.version) {
    const named = tj.titleKeys[0] === ky.titleKeys[0] || shares(tj.titleKeys, ky.titleKeys);
    // one title cut inside its brackets, the part before them agreeing ("밤편지(Through the Nigh")
    const cutSide = [tj, ky].find((p) => p.titleCutPartial !== undefined);
    if (named && cutSide) {
      const score = partialMayBeVersion(cutSide.titleCutPartial!) ? EVIDENCE.cutUnsure : EVIDENCE.cut;
      return { score, direct: false, rule: 'cut-width', cut: { brand: cutSide.entry.brand, field: 'title' } };
    }
    if (tj.titleKeys[0] === ky.titleKeys[0]) return { score: EVIDENCE.primaryTitle, direct: true };
    if (shares(tj.titleKeys, ky.titleKeys)) return { score: EVIDENCE.altTitle, direct: true };
    if (shares(tj.titleReadings, [...ky.titleKeys, ...ky.titleReadings]) || shares(ky.titleReadings, tj.titleKeys)) {
      return { score: EVIDENCE.reading, direct: false, rule: 'japanese-reading' };
    }
  }
  const [short, long] = tj.titleFull.length <= ky.titleFull.length ? [tj, ky] : [ky, tj];
  if (
    short.titleFull.length < CUT_MIN_CHARS ||
    short.titleFull === long.titleFull ||
    !long.titleFull.startsWith(short.titleFull)
  )
    return null;
  // the long title is the short one plus tags (봄날 / 봄날 (Live)): not a cut, the versions decide
  if (long.titleKeys.includes(short.titleFull)) return null;
  if (short.version && short.version !== long.version) return null;
  // a cut may have taken a version tag off: then the short one might be either version
  const sure = long.version === short.version && endsMidWord(long.entry.title, short.titleFull.length);
  return {
    score: sure ? EVIDENCE.cut : EVIDENCE.cutUnsure,
    direct: false,
    rule: 'cut-width',
    cut: { brand: short.entry.brand, field: 'title' },
  };
}

/** How the artists agree, from the strongest evidence down; null when nothing says they are one. */
function artistEvidence(tj: ParsedEntry, ky: ParsedEntry): Evidence | null {
  const found = artistNamesEvidence(tj, ky);
  // the names agree, but one credit was cut inside its brackets: the agreement rests on the cut
  const cutSide = [tj, ky].find((p) => p.artistCutInBracket);
  if (found?.direct && cutSide)
    return {
      score: EVIDENCE.cut,
      direct: false,
      rule: 'cut-width',
      cut: { brand: cutSide.entry.brand, field: 'artist' },
    };
  return found;
}

function artistNamesEvidence(tj: ParsedEntry, ky: ParsedEntry): Evidence | null {
  if (sameSet(tj.artistKeys, ky.artistKeys)) return { score: EVIDENCE.sameArtist, direct: true };
  if (shares(tj.primaryArtistKeys, ky.primaryArtistKeys)) {
    // what one side adds is only a bracketed member (넥스트 / 넥스트(신해철)): the suffix rule; else a member list
    const extra = [...tj.artistKeys, ...ky.artistKeys].filter(
      (k) => !(tj.artistKeys.includes(k) && ky.artistKeys.includes(k)),
    );
    const onlyMembers = extra.every((k) => !tj.primaryArtistKeys.includes(k) && !ky.primaryArtistKeys.includes(k));
    return onlyMembers
      ? { score: EVIDENCE.artistSuffix, direct: false, rule: 'artist-suffix' }
      : { score: EVIDENCE.artistOverlap, direct: true };
  }
  // the shared name is a member credited on one side (부활(김태원) / 김태원): maybe the member's own recording
  if (shares(tj.artistKeys, ky.artistKeys)) return { score: EVIDENCE.memberOnly, direct: false, rule: 'artist-suffix' };
  if (shares([...tj.artistKeys, ...tj.artistBaseKeys], ky.artistBaseKeys) || shares(tj.artistBaseKeys, ky.artistKeys)) {
    return { score: EVIDENCE.artistSuffix, direct: false, rule: 'artist-suffix' };
  }
  if (shares(tj.artistReadings, [...ky.artistKeys, ...ky.artistReadings]) || shares(ky.artistReadings, tj.artistKeys)) {
    return { score: EVIDENCE.reading, direct: false, rule: 'japanese-reading' };
  }
  const sound = soundEvidence(tj, ky) ?? soundEvidence(ky, tj);
  if (sound) return sound;
  const [short, long] = tj.artistFull.length <= ky.artistFull.length ? [tj, ky] : [ky, tj];
  if (
    short.artistFull.length >= CUT_MIN_CHARS &&
    short.artistFull !== long.artistFull &&
    long.artistFull.startsWith(short.artistFull)
  ) {
    const score = endsMidWord(long.entry.singer, short.artistFull.length) ? EVIDENCE.cut : EVIDENCE.cutUnsure;
    return { score, direct: false, rule: 'cut-width', cut: { brand: short.entry.brand, field: 'artist' } };
  }
  return null;
}

/**
 * A Latin name on `latin`'s side said like a Hangul name on the other (Maroon 5 / 마룬5, f(x) / 에프엑스). A side
 * that also names the artist in the other script (아이유(IU) / 아이브(IVE)) has said who it is: a sound match
 * against it is at most a question for an operator.
 */
function soundEvidence(latin: ParsedEntry, hangul: ParsedEntry): Evidence | null {
  let best = 0;
  let longest = 0;
  for (const a of latin.latinSounds)
    for (const b of hangul.hangulSounds) {
      const sim = soundSimilarity(a, b);
      if (sim > best) {
        best = sim;
        longest = Math.max(a.length, b.length);
      }
    }
  const rule: MergeRule = latin.spelledLatin ? 'group-symbols' : 'artist-pronunciation';
  const bothScripts = latin.hangulSounds.length > 0 || hangul.latinSounds.length > 0;
  if (bothScripts) return best >= SOUND_SURE ? { score: EVIDENCE.soundUnsure, direct: false, rule } : null;
  if (best === 1 || (best >= SOUND_SURE && longest > SHORT_SOUND))
    return { score: EVIDENCE.soundSure, direct: false, rule };
  if (best >= SOUND_UNSURE) return { score: EVIDENCE.soundUnsure, direct: false, rule };
  return null;
}

export interface EntryMatch {
  rule: MergeRule;
  score: number;
  cut?: CutSide;
}

/** How well a TJ and a KY entry match as one song (a score of MERGE_SCORES.review or more), or null when they must stay apart. */
export function matchEntries(tj: ParsedEntry, ky: ParsedEntry): EntryMatch | null {
  const title = titleEvidence(tj, ky);
  if (!title) return null;
  const artist = artistEvidence(tj, ky);
  if (!artist) return null;
  if (title.direct && artist.direct) {
    const samePrimary = tj.titleKeys[0] === ky.titleKeys[0];
    if (
      samePrimary &&
      tj.entry.title.trim() === ky.entry.title.trim() &&
      tj.entry.singer.trim() === ky.entry.singer.trim()
    )
      return { rule: 'exact', score: 1 };
    if (samePrimary && artist.score === EVIDENCE.sameArtist) return { rule: 'normalized', score: 0.95 };
    if (samePrimary) return { rule: 'artist-overlap', score: 0.9 };
    return { rule: 'alt-title', score: 0.85 };
  }
  const weaker = !artist.direct && (title.direct || artist.score < title.score) ? artist : title;
  const score =
    Math.round((Math.min(title.score, artist.score) - (title.direct || artist.direct ? 0 : STACKED_PENALTY)) * 100) /
    100;
  if (score < MERGE_SCORES.review) return null;
  return { rule: weaker.rule!, score, cut: title.cut ?? artist.cut };
}

export function mergeKeyOf(p: ParsedEntry): string {
  return `${p.titleKeys[0] ?? ''}|${p.artistKeys.join(',')}${p.version ? `#${p.version}` : ''}`;
}

/** The songs of a catalog (planMergeWithReviews without the review queue). */
export function planMerge<E extends EntryRef>(
  entries: E[],
  overrides: Override[] = [],
  aliasGroups: string[][] = [],
  knownAliases?: ArtistAliases,
): MergeGroup<E>[] {
  return planMergeWithReviews(entries, overrides, aliasGroups, knownAliases).groups;
}

/**
 * Pairs TJ and KY entries into songs. Deterministic: TJ entries are taken in number order, each takes its best KY
 * match scoring MERGE_SCORES.merge or more (highest score, then lowest number) that no earlier TJ entry took.
 * Overrides win over the rules. A TJ entry whose best match scores less is a review candidate, kept when both
 * entries end the plan single (a pair an override decided never is one).
 */
export function planMergeWithReviews<E extends EntryRef>(
  entries: E[],
  overrides: Override[] = [],
  aliasGroups: string[][] = [],
  knownAliases?: ArtistAliases,
): MergePlan<E> {
  // an incremental merge plans a part of the catalog with the aliases learned from all of it
  const aliases = knownAliases ?? new ArtistAliases();
  if (!knownAliases) {
    for (const g of aliasGroups) aliases.addGroup(g);
    for (const e of entries) aliases.learnFrom(e.singer);
  }
  const resolve = (k: string) => aliases.find(k);
  const parsed = entries.map((e) => parseEntry(e, aliases));
  const tjs = parsed.filter((p) => p.entry.brand === 'tj').sort(byNumber);
  const kys = parsed.filter((p) => p.entry.brand === 'ky').sort(byNumber);
  const kyByNo = new Map(kys.map((k) => [k.entry.no, k]));
  // blocking: a match needs a shared block (title key x artist key, see rawBlockKeysOf), so candidates are looked up
  // by it (common titles like "사랑" would otherwise make every lookup scan thousands of entries)
  const blockKeys = (p: ParsedEntry<E>) => blockPairsOf(keysOf(p.entry), resolve).map(([a, t]) => `${a}\u0000${t}`);
  const kyByBlock = new Map<string, ParsedEntry<E>[]>();
  for (const k of kys)
    for (const key of blockKeys(k)) {
      const list = kyByBlock.get(key) ?? [];
      list.push(k);
      kyByBlock.set(key, list);
    }
  const forced = new Map(overrides.filter((o) => o.action === 'merge').map((o) => [o.tj_no, o.ky_no]));
  const split = new Set(overrides.filter((o) => o.action === 'split').map((o) => `${o.tj_no}|${o.ky_no}`));
  const usedKy = new Set<string>();
  const groups: MergeGroup<E>[] = [];
  const unsure: ReviewCandidate<E>[] = [];
  for (const o of overrides) if (o.action === 'merge' && kyByNo.has(o.ky_no)) usedKy.add(o.ky_no);
  type Best = { ky: ParsedEntry<E> } & EntryMatch;
  const better = (m: EntryMatch, ky: ParsedEntry<E>, best: Best | undefined) =>
    !best || m.score > best.score || (m.score === best.score && Number(ky.entry.no) < Number(best.ky.entry.no));
  for (const tj of tjs) {
    const forcedKy = forced.get(tj.entry.no);
    if (forcedKy && kyByNo.has(forcedKy)) {
      groups.push({ tj, ky: kyByNo.get(forcedKy), rule: 'override-merge', score: 1, mergeKey: mergeKeyOf(tj) });
      continue;
    }
    let best: Best | undefined;
    let bestUnsure: Best | undefined;
    const candidates = new Set(blockKeys(tj).flatMap((k) => kyByBlock.get(k) ?? []));
    for (const ky of candidates) {
      if (usedKy.has(ky.entry.no) || split.has(`${tj.entry.no}|${ky.entry.no}`)) continue;
      const m = matchEntries(tj, ky);
      if (!m) continue;
      if (m.score >= MERGE_SCORES.merge) {
        if (better(m, ky, best)) best = { ky, ...m };
      } else if (better(m, ky, bestUnsure)) bestUnsure = { ky, ...m };
    }
    if (best) {
      usedKy.add(best.ky.entry.no);
      groups.push({
        tj,
        ky: best.ky,
        rule: best.rule,
        score: best.score,
        mergeKey: mergeKeyOf(tj),
        ...(best.cut ? { cut: best.cut } : {}),
      });
    } else {
      groups.push({ tj, rule: 'single-tj', score: 1, mergeKey: mergeKeyOf(tj) });
      if (bestUnsure) unsure.push({ tj, ky: bestUnsure.ky, rule: bestUnsure.rule, score: bestUnsure.score });
    }
  }
  for (const ky of kys)
    if (!usedKy.has(ky.entry.no)) groups.push({ ky, rule: 'single-ky', score: 1, mergeKey: mergeKeyOf(ky) });
  // a single entry named in a split override says so, so the reason it stands alone is visible
  const splitTj = new Set(overrides.filter((o) => o.action === 'split').map((o) => o.tj_no));
  const splitKy = new Set(overrides.filter((o) => o.action === 'split').map((o) => o.ky_no));
  for (const g of groups) {
    if (
      (g.rule === 'single-tj' && splitTj.has(g.tj!.entry.no)) ||
      (g.rule === 'single-ky' && splitKy.has(g.ky!.entry.no))
    )
      g.rule = 'override-split';
  }
  return { groups, reviews: unsure.filter((r) => !usedKy.has(r.ky.entry.no)) };
}

export interface SongFields {
  title: string;
  artist: string;
  alt_titles: string[];
  artist_aliases: string[];
}

const uniqueByKey = (values: string[], exclude: string[]) => {
  const seen = new Set(exclude.map(compactText));
  const out: string[] = [];
  for (const v of values) {
    const k = compactText(v);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
};

/** The displayed title and artist of a merged song: the fuller Korean form, other spellings kept as alternatives. */
export function songFieldsOf(group: MergeGroup): SongFields {
  const sides = [group.tj, group.ky].filter((p): p is ParsedEntry => Boolean(p));
  // a spelling cut to the book's width is neither the song's name nor another name of it
  const cutOf = (field: CutSide['field']) => (p: ParsedEntry) =>
    !(group.cut?.field === field && group.cut.brand === p.entry.brand);
  const titleSides = sides.filter(cutOf('title'));
  const artistSides = sides.filter(cutOf('artist'));
  const titles = titleSides.flatMap((p) => [p.titlePrimary, ...p.titleAlternatives]).filter(Boolean);
  const base =
    titleSides.map((p) => p.titlePrimary).find(hasHangul) ?? titles.find(hasHangul) ?? titleSides[0].titlePrimary;
  // a live or remix version is its own song and says so in its title
  const versioned = titleSides.find((p) => p.versionTags.length) ?? titleSides[0];
  const title = versioned.versionTags.length ? `${base} (${versioned.versionTags.join(') (')})` : base;
  const artistOf = (p: ParsedEntry) =>
    splitArtistsCached(p.entry.singer)
      .map((part) => {
        const [primary, ...others] = namesOfPart(part);
        if (!primary) return part;
        return !hasHangul(primary.text)
          ? (others.find((n) => !n.member && hasHangul(n.text))?.text ?? primary.text)
          : primary.text;
      })
      .join(', ');
  const artists = artistSides.map(artistOf);
  const artist = artists.find(hasHangul) ?? artists[0];
  return {
    title,
    artist,
    // a version's plain title belongs to the original song, not to the version
    alt_titles: uniqueByKey(titles, [title, base]),
    artist_aliases: uniqueByKey(
      [...artists, ...artistSides.flatMap((p) => p.artistNames)],
      [artist, ...splitArtists(artist)],
    ),
  };
}

// The TJ/KY merge, as pure functions: which entries of the two brands are one song, and why.
// Spelling differences (case, spacing, punctuation, full-width, "아이유(IU)" vs "IU", "&" vs ",", featuring and
// production credits, MR/Inst/OST tags) never stop a merge; a different artist or a live/remix/acoustic/other
// version always does.
import { compactText as compactTextUncached, splitAlternatives as splitAlternativesUncached, hasHangul, type SplitName } from '../korean';
import type { Brand } from './constants';

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

export interface EntryRef { brand: Brand; no: string; title: string; singer: string }
export interface Override { action: 'merge' | 'split'; tj_no: string; ky_no: string }

export interface ParsedEntry<E extends EntryRef = EntryRef> {
  entry: E;
  titlePrimary: string;
  titleAlternatives: string[];
  /** compact keys of the primary title first, then of its alternatives */
  titleKeys: string[];
  /** live / remix / acoustic / other version markers; must be equal for a merge */
  version: string;
  /** the version tags as written ("Live", "Hotter Remix"), shown in the song's title */
  versionTags: string[];
  artistNames: string[];
  /** canonical artist identities (aliases resolved) */
  artistKeys: string[];
}

export type MergeRule = 'exact' | 'normalized' | 'artist-overlap' | 'alt-title' | 'override-merge' | 'override-split' | 'single-tj' | 'single-ky';
export interface MergeGroup<E extends EntryRef = EntryRef> { tj?: ParsedEntry<E>; ky?: ParsedEntry<E>; rule: MergeRule; score: number; mergeKey: string }

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
    if (depth === 0 && ',&/+＆，'.includes(ch)) { parts.push(current); current = ''; continue; }
    current += ch;
  }
  parts.push(current);
  return parts.flatMap((p) => p.split(/\s+(?:x|X|×|and|with|와|과)\s+/)).map((p) => p.trim()).filter(Boolean);
}

/** Union-find over compact artist names: "아이유(IU)" anywhere in a catalog teaches that 아이유 and IU are one. */
export class ArtistAliases {
  private parent = new Map<string, string>();

  find(key: string): string {
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let k = key;
    while (this.parent.has(k) && this.parent.get(k) !== root) { const next = this.parent.get(k)!; this.parent.set(k, root); k = next; }
    return root;
  }

  union(a: string, b: string): void {
    if (!a || !b) return;
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // the smaller key is the root, so the result does not depend on the order entries arrive in
    if (ra < rb) this.parent.set(rb, ra); else this.parent.set(ra, rb);
  }

  learnFrom(singer: string): void {
    for (const [a, b] of aliasEdgesOf(singer)) this.union(a, b);
  }

  /** Every key that is an alias of another, grouped by its root (keys never joined to another are absent). */
  components(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const key of this.parent.keys()) {
      const root = this.find(key);
      const list = out.get(root) ?? [root];
      if (key !== root) list.push(key);
      out.set(root, list);
    }
    return out;
  }

  addGroup(names: string[]): void {
    const keys = names.map(compactText).filter(Boolean);
    for (const k of keys.slice(1)) this.union(keys[0], k);
  }
}

/** The alias links a singer credit teaches ("아이유(IU)": 아이유 = iu), as pairs of compact names. */
export function aliasEdgesOf(singer: string): Array<[string, string]> {
  const edges: Array<[string, string]> = [];
  for (const part of splitArtistsCached(singer)) {
    const { primary, alternatives } = splitAlternatives(part);
    const names = [primary, ...alternatives].map(compactText).filter(Boolean);
    for (const n of names.slice(1)) edges.push([names[0], n]);
  }
  return edges;
}

/**
 * An entry's blocking keys before aliases are resolved: compact title keys and compact artist names as written.
 * Two entries can only match when they share a title key and an artist (after alias resolution), so these keys,
 * stored per entry, let an incremental merge find every entry a change can affect.
 */
export function rawBlockKeysOf(entry: EntryRef): { titleKeys: string[]; artistKeys: string[] } {
  const title = splitAlternatives(entry.title);
  const titleKeys = [...new Set([title.primary, ...title.alternatives].map(compactText).filter(Boolean))];
  const artistKeys = new Set<string>();
  for (const part of splitArtistsCached(entry.singer)) {
    const { primary, alternatives } = splitAlternatives(part);
    for (const name of [primary, ...alternatives]) {
      const key = compactText(name);
      if (key) artistKeys.add(key);
    }
  }
  return { titleKeys, artistKeys: [...artistKeys] };
}

export function parseEntry<E extends EntryRef>(entry: E, aliases: ArtistAliases): ParsedEntry<E> {
  const title = splitAlternatives(entry.title);
  const versions = title.tags.filter((t) => VERSION_KINDS.has(t.kind));
  const versionKeys = versions.map((t) => (t.kind === 'live' ? 'live' : `${t.kind}:${compactText(t.text)}`));
  const titleKeys = [...new Set([title.primary, ...title.alternatives].map(compactText).filter(Boolean))];
  const artistNames: string[] = [];
  const artistKeys = new Set<string>();
  for (const part of splitArtistsCached(entry.singer)) {
    const { primary, alternatives } = splitAlternatives(part);
    for (const name of [primary, ...alternatives]) {
      const key = compactText(name);
      if (!key) continue;
      artistNames.push(name);
      artistKeys.add(aliases.find(key));
    }
  }
  return {
    entry,
    titlePrimary: title.primary,
    titleAlternatives: title.alternatives,
    titleKeys,
    version: versionKeys.sort().join('+'),
    versionTags: versions.map((t) => t.text),
    artistNames,
    artistKeys: [...artistKeys].sort(),
  };
}

const shares = (a: string[], b: string[]) => a.some((x) => b.includes(x));
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const byNumber = (a: { entry: EntryRef }, b: { entry: EntryRef }) => Number(a.entry.no) - Number(b.entry.no);

/** How well a TJ and a KY entry match as one song, or null when they must stay apart. */
export function matchEntries(tj: ParsedEntry, ky: ParsedEntry): { rule: MergeRule; score: number } | null {
  if (tj.version !== ky.version) return null;
  if (!shares(tj.artistKeys, ky.artistKeys)) return null;
  const samePrimary = tj.titleKeys[0] === ky.titleKeys[0];
  if (!samePrimary && !shares(tj.titleKeys, ky.titleKeys)) return null;
  if (samePrimary && tj.entry.title.trim() === ky.entry.title.trim() && tj.entry.singer.trim() === ky.entry.singer.trim()) return { rule: 'exact', score: 1 };
  if (samePrimary && sameSet(tj.artistKeys, ky.artistKeys)) return { rule: 'normalized', score: 0.95 };
  if (samePrimary) return { rule: 'artist-overlap', score: 0.9 };
  return { rule: 'alt-title', score: 0.85 };
}

export function mergeKeyOf(p: ParsedEntry): string {
  return `${p.titleKeys[0] ?? ''}|${p.artistKeys.join(',')}${p.version ? `#${p.version}` : ''}`;
}

/**
 * Pairs TJ and KY entries into songs. Deterministic: TJ entries are taken in number order, each takes its best KY
 * match (highest score, then lowest number) that no earlier TJ entry took. Overrides win over the rules.
 */
export function planMerge<E extends EntryRef>(
  entries: E[], overrides: Override[] = [], aliasGroups: string[][] = [], knownAliases?: ArtistAliases,
): MergeGroup<E>[] {
  // an incremental merge plans a part of the catalog with the aliases learned from all of it
  const aliases = knownAliases ?? new ArtistAliases();
  if (!knownAliases) {
    for (const g of aliasGroups) aliases.addGroup(g);
    for (const e of entries) aliases.learnFrom(e.singer);
  }
  const parsed = entries.map((e) => parseEntry(e, aliases));
  const tjs = parsed.filter((p) => p.entry.brand === 'tj').sort(byNumber);
  const kys = parsed.filter((p) => p.entry.brand === 'ky').sort(byNumber);
  const kyByNo = new Map(kys.map((k) => [k.entry.no, k]));
  // blocking: a match needs a shared title key AND a shared artist, so candidates are looked up by both
  // (common titles like "사랑" would otherwise make every lookup scan thousands of entries)
  const blockKeys = (p: ParsedEntry<E>) => p.titleKeys.flatMap((t) => p.artistKeys.map((a) => `${t}\u0000${a}`));
  const kyByBlock = new Map<string, ParsedEntry<E>[]>();
  for (const k of kys) for (const key of blockKeys(k)) {
    const list = kyByBlock.get(key) ?? [];
    list.push(k);
    kyByBlock.set(key, list);
  }
  const forced = new Map(overrides.filter((o) => o.action === 'merge').map((o) => [o.tj_no, o.ky_no]));
  const split = new Set(overrides.filter((o) => o.action === 'split').map((o) => `${o.tj_no}|${o.ky_no}`));
  const usedKy = new Set<string>();
  const groups: MergeGroup<E>[] = [];
  for (const o of overrides) if (o.action === 'merge' && kyByNo.has(o.ky_no)) usedKy.add(o.ky_no);
  for (const tj of tjs) {
    const forcedKy = forced.get(tj.entry.no);
    if (forcedKy && kyByNo.has(forcedKy)) {
      groups.push({ tj, ky: kyByNo.get(forcedKy), rule: 'override-merge', score: 1, mergeKey: mergeKeyOf(tj) });
      continue;
    }
    let best: { ky: ParsedEntry<E>; rule: MergeRule; score: number } | undefined;
    const candidates = new Set(blockKeys(tj).flatMap((k) => kyByBlock.get(k) ?? []));
    for (const ky of candidates) {
      if (usedKy.has(ky.entry.no) || split.has(`${tj.entry.no}|${ky.entry.no}`)) continue;
      const m = matchEntries(tj, ky);
      if (!m) continue;
      if (!best || m.score > best.score || (m.score === best.score && Number(ky.entry.no) < Number(best.ky.entry.no))) best = { ky, ...m };
    }
    if (best) {
      usedKy.add(best.ky.entry.no);
      groups.push({ tj, ky: best.ky, rule: best.rule, score: best.score, mergeKey: mergeKeyOf(tj) });
    } else {
      groups.push({ tj, rule: 'single-tj', score: 1, mergeKey: mergeKeyOf(tj) });
    }
  }
  for (const ky of kys) if (!usedKy.has(ky.entry.no)) groups.push({ ky, rule: 'single-ky', score: 1, mergeKey: mergeKeyOf(ky) });
  // a single entry named in a split override says so, so the reason it stands alone is visible
  const splitTj = new Set(overrides.filter((o) => o.action === 'split').map((o) => o.tj_no));
  const splitKy = new Set(overrides.filter((o) => o.action === 'split').map((o) => o.ky_no));
  for (const g of groups) {
    if ((g.rule === 'single-tj' && splitTj.has(g.tj!.entry.no)) || (g.rule === 'single-ky' && splitKy.has(g.ky!.entry.no))) g.rule = 'override-split';
  }
  return groups;
}

export interface SongFields { title: string; artist: string; alt_titles: string[]; artist_aliases: string[] }

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
  const titles = sides.flatMap((p) => [p.titlePrimary, ...p.titleAlternatives]).filter(Boolean);
  const base = sides.map((p) => p.titlePrimary).find(hasHangul) ?? titles.find(hasHangul) ?? sides[0].titlePrimary;
  // a live or remix version is its own song and says so in its title
  const title = sides[0].versionTags.length ? `${base} (${sides[0].versionTags.join(') (')})` : base;
  const artistOf = (p: ParsedEntry) => splitArtistsCached(p.entry.singer).map((part) => {
    const s = splitAlternatives(part);
    return !hasHangul(s.primary) ? s.alternatives.find(hasHangul) ?? s.primary : s.primary;
  }).join(', ');
  const artists = sides.map(artistOf);
  const artist = artists.find(hasHangul) ?? artists[0];
  return {
    title,
    artist,
    // a version's plain title belongs to the original song, not to the version
    alt_titles: uniqueByKey(titles, [title, base]),
    artist_aliases: uniqueByKey([...artists, ...sides.flatMap((p) => p.artistNames)], [artist, ...splitArtists(artist)]),
  };
}

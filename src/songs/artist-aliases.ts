// The artist alias book (data/songs/artist-aliases.json): every name an artist goes by — Hangul and Latin names,
// fan abbreviations (방탄, 소시, 블핑), real names of soloists. The merge uses it to know two spellings are one
// artist; the songs index adds its names to each song's artist aliases, so a nickname finds the artist's songs.
import fs from 'node:fs';
import { z } from 'zod';
import { compactText } from '../korean';
import { splitArtists } from './merge-rules';
import { projectPath } from '../platform/paths';

export const ARTIST_ALIASES_FILE = projectPath('data', 'songs', 'artist-aliases.json');

const Name = z.string().trim().min(1).max(100);
const AliasEntry = z
  .object({
    artist: Name,
    aliases: z.array(Name).default([]),
    /** names deliberately shared by several artists (NCT for every NCT unit): they find all of them, merge none */
    shared: z.array(Name).default([]),
  })
  .strict();
export type AliasEntry = z.infer<typeof AliasEntry>;
const AliasFile = z.array(AliasEntry);

export class ArtistAliasBook {
  private byKey = new Map<string, AliasEntry[]>();

  constructor(readonly entries: AliasEntry[]) {
    for (const e of entries) {
      for (const key of new Set([e.artist, ...e.aliases].map(compactText).filter(Boolean)))
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), e]);
    }
  }

  /** Name groups for the merge: one artist each (shared names left out: they would join different artists). */
  mergeGroups(): string[][] {
    return this.entries.map((e) => [e.artist, ...e.aliases]);
  }

  /** Every name (shared ones included) of the artists among `names`, matched by spacing/case-free keys. */
  namesOf(names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      for (const e of this.byKey.get(compactText(name)) ?? []) out.push(e.artist, ...e.aliases, ...e.shared);
    }
    return [...new Set(out)];
  }
}

/**
 * Problems that make a book unusable: a name (after removing spacing, case and punctuation) that belongs to two
 * artists without being marked shared by both, or an artist listed twice.
 */
export function aliasBookProblems(entries: AliasEntry[]): string[] {
  const problems: string[] = [];
  const ownerOf = new Map<string, string>();
  const sharedBy = new Map<string, Set<string>>();
  for (const e of entries)
    for (const n of e.shared) sharedBy.set(compactText(n), (sharedBy.get(compactText(n)) ?? new Set()).add(e.artist));
  for (const e of entries) {
    for (const name of new Set([e.artist, ...e.aliases])) {
      const key = compactText(name);
      if (!key) {
        problems.push(`${e.artist}: "${name}" has no letters or digits`);
        continue;
      }
      const owner = ownerOf.get(key);
      if (owner !== undefined && owner !== e.artist)
        problems.push(
          `"${name}" names both ${owner} and ${e.artist} (list it under "shared" of each if that is deliberate)`,
        );
      else if (owner === e.artist && name === e.artist) problems.push(`${e.artist} is listed twice`);
      ownerOf.set(key, e.artist);
    }
  }
  for (const [key, artists] of sharedBy) {
    const owner = ownerOf.get(key);
    if (owner !== undefined) problems.push(`shared name "${key}" is also ${owner}'s own name`);
    if (artists.size < 2) problems.push(`shared name "${key}" is shared by only ${[...artists][0]}`);
  }
  return problems;
}

export function parseAliasBook(json: unknown): ArtistAliasBook {
  const parsed = AliasFile.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `artist aliases: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  const problems = aliasBookProblems(parsed.data);
  if (problems.length)
    throw new Error(
      `artist aliases: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`,
    );
  return new ArtistAliasBook(parsed.data);
}

export function loadArtistAliasBook(file = ARTIST_ALIASES_FILE): ArtistAliasBook {
  return parseAliasBook(JSON.parse(fs.readFileSync(file, 'utf8')));
}

// the book is re-read when the file changes, checked at most every few seconds (rebuilds call this per row)
const RECHECK_MS = 5000;
let cached: { book: ArtistAliasBook; mtimeMs: number; checkedAt: number; file: string } | undefined;

/** The current book of `file`, re-read when the file was edited (a long-running server's nightly rebuild sees it). */
export function currentArtistAliasBook(file = ARTIST_ALIASES_FILE, now = Date.now()): ArtistAliasBook {
  if (cached && cached.file === file && now - cached.checkedAt < RECHECK_MS) return cached.book;
  const mtimeMs = fs.statSync(file).mtimeMs;
  if (!cached || cached.file !== file || cached.mtimeMs !== mtimeMs)
    cached = { book: loadArtistAliasBook(file), mtimeMs, checkedAt: now, file };
  else cached.checkedAt = now;
  return cached.book;
}

/** A song row with the book's names for its artists added to its artist aliases (each spelling once). */
export function withBookAliases<R extends { artist: string; artist_aliases: string[] }>(
  row: R,
  book: ArtistAliasBook,
): R {
  const own = [row.artist, ...row.artist_aliases].flatMap((n) => [n, ...splitArtists(n)]);
  const found = book.namesOf(own);
  if (!found.length) return row;
  const seen = new Set(own.map(compactText));
  const extra = found.filter((n) => {
    const k = compactText(n);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return extra.length ? { ...row, artist_aliases: [...row.artist_aliases, ...extra] } : row;
}

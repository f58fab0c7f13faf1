// The decision half of a catalog sync, without any I/O: a staged listing compared with the brand's entries in
// Postgres gives what to add, change, withdraw and restore, the bad rows by reason, and whether to refuse the run.
import type { CatalogEntry } from '../songs/catalog-entry';
import type { Brand } from '../core/brands';
import { badReasonOf, isCutOf, reasonCode, titleChangedCompletely } from './row-checks';
import { ReasonTally, type SyncKind } from './sync-report';
import type { SourceSong } from './source';

export interface SyncPolicy {
  /** a full listing below this share of the last applied one is refused */
  minListingRatio: number;
  /** consecutive applied full listings a song must be missing from to be marked withdrawn */
  withdrawAfterListings: number;
}
export const DEFAULT_SYNC_POLICY: SyncPolicy = { minListingRatio: 0.9, withdrawAfterListings: 3 };

/** A brand's entry as Postgres holds it. */
export interface HeldEntry extends Omit<CatalogEntry, 'brand'> {
  withdrawn: boolean;
  missingListings: number;
}

/** One row of a run as staged: a listing row, a detail answer for a cut row (null: unknown number), or a rejected row. */
export type StagedRow =
  | { role: 'listing'; song: SourceSong; fetchedAt: Date }
  | { role: 'detail'; no: string; song: SourceSong | null; fetchedAt: Date }
  | { role: 'rejected'; no: string | null; reason: string; raw: unknown; fetchedAt: Date };

/** A row to keep as provenance: the first valid listing row of each number and each detail answer. */
export interface SourceRow {
  role: 'listing' | 'detail';
  song: SourceSong;
  fetchedAt: Date;
}

export interface SyncPlan {
  listingSize: number;
  added: CatalogEntry[];
  changed: Array<{ before: HeldEntry; after: CatalogEntry }>;
  unchanged: number;
  /** held entries not withdrawn and absent from a full listing: one more missing listing each */
  missing: string[];
  /** the missing entries reaching the withdrawal threshold with this listing */
  toWithdraw: string[];
  /** listed entries that were withdrawn: withdrawal cleared */
  restored: string[];
  /** listed entries whose missing count or withdrawal must go back to zero */
  reset: string[];
  sourceRows: SourceRow[];
  bad: ReasonTally;
  warnings: ReasonTally;
}

const NUMBER = /^[0-9]{1,8}$/;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const orNull = (s: string | null | undefined) => (s ? oneLine(s) || null : null);

/**
 * The entry a listing row stands for: a detail answer replaces a cut row's text; a cut row whose text still fits
 * what we hold keeps the held text; a field the source does not give (null) keeps what we hold (the nation and
 * readings too: only some views tell them, TJ's searchSong and KY's book, not the daily lists).
 */
export function completeEntry(
  song: SourceSong,
  detail: SourceSong | undefined,
  held: HeldEntry | undefined,
): CatalogEntry {
  let { title, singer } = song;
  if (detail) ({ title, singer } = detail);
  else if (song.mayBeCut && held && isCutOf(song.title, held.title) && isCutOf(song.singer, held.singer))
    ({ title, singer } = held);
  return {
    brand: song.brand,
    no: song.no.trim(),
    title: oneLine(title),
    singer: oneLine(singer),
    composer: orNull(detail?.composer ?? song.composer) ?? held?.composer ?? null,
    lyricist: orNull(detail?.lyricist ?? song.lyricist) ?? held?.lyricist ?? null,
    release: (detail?.release ?? song.release) || held?.release || null,
    nation: detail?.nation ?? song.nation ?? held?.nation ?? null,
    title_reading: orNull(detail?.titleReading ?? song.titleReading) ?? held?.title_reading ?? null,
    singer_reading: orNull(detail?.singerReading ?? song.singerReading) ?? held?.singer_reading ?? null,
    sub_title: orNull(detail?.subTitle ?? song.subTitle) ?? held?.sub_title ?? null,
  };
}

const FACETS = ['nation', 'title_reading', 'singer_reading', 'sub_title'] as const;
const sameEntry = (e: CatalogEntry, h: HeldEntry) =>
  e.title === h.title &&
  e.singer === h.singer &&
  e.composer === h.composer &&
  e.lyricist === h.lyricist &&
  e.release === h.release &&
  FACETS.every((f) => (e[f] ?? null) === (h[f] ?? null));

const rowExample = (s: SourceSong) => `${s.no} ${s.title} / ${s.singer}`;

/** Compares a whole staged listing with the brand's held entries. Only full listings count songs as missing. */
export function planSync(
  rows: Iterable<StagedRow>,
  held: Map<string, HeldEntry>,
  opts: { brand: Brand; kind: SyncKind; policy: SyncPolicy },
): SyncPlan {
  const bad = new ReasonTally();
  const warnings = new ReasonTally();
  const listed = new Map<string, { song: SourceSong; fetchedAt: Date }>();
  const details = new Map<string, SourceSong>();
  const sourceRows: SourceRow[] = [];
  const present = new Set<string>();
  for (const row of rows) {
    if (row.role === 'rejected') {
      const code = reasonCode(row.reason);
      bad.add(code, code === row.reason ? row.raw : { reason: row.reason, raw: row.raw });
      if (row.no && NUMBER.test(row.no)) present.add(row.no); // the source lists the number, even if this row is unusable
      continue;
    }
    if (row.role === 'detail') {
      if (!row.song) {
        warnings.add('detail_not_found', `${row.no}: the detail page does not know this number, the cut text is kept`);
        continue;
      }
      const reason = badReasonOf(row.song, opts.brand);
      if (reason || row.song.no.trim() !== row.no) {
        warnings.add('detail_unusable', `${row.no}: ${reason ?? `answered number ${row.song.no}`}`);
        continue;
      }
      if (details.has(row.no)) continue; // asked again after a resumed walk
      details.set(row.no, row.song);
      sourceRows.push({ role: 'detail', song: row.song, fetchedAt: row.fetchedAt });
      continue;
    }
    const reason = badReasonOf(row.song, opts.brand);
    if (reason) {
      bad.add(reason, row.song);
      const no = typeof row.song.no === 'string' ? row.song.no.trim() : '';
      if (NUMBER.test(no)) present.add(no);
      continue;
    }
    const no = row.song.no.trim();
    present.add(no);
    const first = listed.get(no);
    if (first) {
      // the same row twice (a song under two index letters) is no harm; two different songs under one number are
      if (first.song.title !== row.song.title || first.song.singer !== row.song.singer)
        bad.add('duplicate_number', `${rowExample(row.song)} (first: ${first.song.title} / ${first.song.singer})`);
      continue;
    }
    listed.set(no, row);
    sourceRows.push({ role: 'listing', song: row.song, fetchedAt: row.fetchedAt });
  }

  const plan: SyncPlan = {
    listingSize: listed.size,
    added: [],
    changed: [],
    unchanged: 0,
    missing: [],
    toWithdraw: [],
    restored: [],
    reset: [],
    sourceRows,
    bad,
    warnings,
  };
  for (const [no, { song }] of listed) {
    const before = held.get(no);
    const entry = completeEntry(song, details.get(no), before);
    if (!before) plan.added.push(entry);
    else if (sameEntry(entry, before)) plan.unchanged++;
    else {
      plan.changed.push({ before, after: entry });
      if (titleChangedCompletely(before.title, entry.title))
        warnings.add('title_changed', `${no}: ${before.title} -> ${entry.title}`);
    }
  }
  for (const no of present) {
    const h = held.get(no);
    if (!h) continue;
    if (h.withdrawn) plan.restored.push(no);
    if (h.withdrawn || h.missingListings > 0) plan.reset.push(no);
  }
  if (opts.kind === 'full') {
    for (const h of held.values()) {
      if (present.has(h.no) || h.withdrawn) continue;
      plan.missing.push(h.no);
      if (h.missingListings + 1 >= opts.policy.withdrawAfterListings) plan.toWithdraw.push(h.no);
    }
  }
  return plan;
}

/** Why a walked listing must change nothing, or null. Only full listings have a size to live up to. */
export function refusalOf(
  kind: SyncKind,
  listingSize: number,
  baseline: number | null,
  policy: SyncPolicy,
): string | null {
  if (kind === 'new') return null;
  if (listingSize === 0) return kind === 'dump' ? 'the dump holds no usable song' : 'the listing is empty';
  if (kind === 'full' && baseline !== null && listingSize < baseline * policy.minListingRatio) {
    return `the listing has ${listingSize} songs, below ${Math.round(policy.minListingRatio * 100)}% of the last applied full listing (${baseline})`;
  }
  return null;
}

// What a catalog sync run tells its operator: counts by reason with a few examples, the outcome, samples of what
// was (or would be) added, changed and withdrawn, as lines for people and one JSON line for machines.
import type { Brand } from '../core/brands';
import type { MergeSummary } from '../songs/merge-store';

export type SyncKind = 'full' | 'new' | 'dump';
export type SyncStatus = 'running' | 'applied' | 'refused' | 'failed' | 'dry_run';

/** reason -> how many rows, and the first few as examples (what the run record keeps as jsonb) */
export type ReasonCounts = Record<string, { count: number; examples: string[] }>;

export const EXAMPLES_PER_REASON = 3;
const EXAMPLE_CHARS = 200;

/** Counts rows by reason, keeping the first few of each as short examples. */
export class ReasonTally {
  private readonly counts: ReasonCounts = {};

  add(reason: string, example: unknown): void {
    const entry = (this.counts[reason] ??= { count: 0, examples: [] });
    entry.count++;
    if (entry.examples.length < EXAMPLES_PER_REASON) entry.examples.push(exampleText(example));
  }

  get total(): number {
    return Object.values(this.counts).reduce((n, c) => n + c.count, 0);
  }

  toJSON(): ReasonCounts {
    return Object.fromEntries(Object.entries(this.counts).sort((a, b) => b[1].count - a[1].count));
  }
}

/** A short printable form of a row: strings as they are, anything else as JSON; controls shown escaped, cut short. */
export function exampleText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const visible = text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return visible.length > EXAMPLE_CHARS ? `${visible.slice(0, EXAMPLE_CHARS - 1)}…` : visible;
}

export interface EntrySample {
  no: string;
  title: string;
  singer: string;
}
export interface ChangeSample {
  no: string;
  before: { title: string; singer: string };
  after: { title: string; singer: string };
}

export interface SyncReport {
  runId: number;
  brand: Brand;
  kind: SyncKind;
  source: string;
  dryRun: boolean;
  status: SyncStatus;
  /** the run went on from an interrupted walk's checkpoint */
  resumed: boolean;
  pages: number;
  /** distinct valid numbers in the listing */
  listingSize: number;
  /** the last applied full listing's size, the ratio check's yardstick (null: none yet) */
  baseline: number | null;
  added: number;
  changed: number;
  unchanged: number;
  /** held entries the listing lacks (full listings only) */
  missing: number;
  withdrawn: number;
  restored: number;
  bad: number;
  badReasons: ReasonCounts;
  warnings: ReasonCounts;
  detailCalls: number;
  provenanceRows: number;
  /** why a refused or failed run changed nothing */
  refusal: string | null;
  merge: MergeSummary | null;
  /** inbox messages delivered to singers watching songs this run brought (src/arrivals) */
  arrivals?: number;
  /** songs whose every entry is now withdrawn / that have an entry listed again */
  songsWithdrawn: number;
  songsRestored: number;
  samples: { added: EntrySample[]; changed: ChangeSample[]; withdrawn: EntrySample[] };
  /** an applied run whose merge (or withdrawal bookkeeping) then failed: the next sync's merge catches up */
  error: string | null;
  ms: number;
}

const reasonList = (counts: ReasonCounts) =>
  Object.entries(counts)
    .map(([r, c]) => `${r} ${c.count}`)
    .join(', ');

/** The report as lines for a person: outcome, counts, reasons with examples, samples (dry runs show what would happen). */
export function reportLines(r: SyncReport): string[] {
  const would = r.status === 'dry_run' ? 'would be ' : '';
  const lines = [
    `${r.brand} ${r.kind} (${r.source}) run ${r.runId}: ${r.status}${r.resumed ? ' (resumed)' : ''} in ${r.ms} ms` +
      ` - ${r.pages} pages, ${r.listingSize} songs listed${r.baseline !== null ? ` (last applied full listing: ${r.baseline})` : ''}, ${r.detailCalls} detail calls`,
  ];
  if (r.refusal) lines.push(`  changed nothing: ${r.refusal}`);
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.status === 'applied' || r.status === 'dry_run' || r.status === 'refused') {
    lines.push(
      `  ${would}added ${r.added}, ${would}changed ${r.changed}, unchanged ${r.unchanged}, missing ${r.missing}, ${would}withdrawn ${r.withdrawn}, ${would}restored ${r.restored}`,
    );
  }
  if (r.bad) lines.push(`  bad rows ${r.bad} (left out): ${reasonList(r.badReasons)}`);
  for (const [reason, c] of Object.entries(r.badReasons)) for (const e of c.examples) lines.push(`    ${reason}: ${e}`);
  if (Object.keys(r.warnings).length) lines.push(`  applied with a warning: ${reasonList(r.warnings)}`);
  for (const [reason, c] of Object.entries(r.warnings)) for (const e of c.examples) lines.push(`    ${reason}: ${e}`);
  if (r.status === 'dry_run' || r.status === 'applied') {
    for (const s of r.samples.added) lines.push(`  + ${s.no} ${s.title} / ${s.singer}`);
    for (const s of r.samples.changed)
      lines.push(`  ~ ${s.no} ${s.before.title} / ${s.before.singer} -> ${s.after.title} / ${s.after.singer}`);
    for (const s of r.samples.withdrawn) lines.push(`  - ${s.no} ${s.title} / ${s.singer}`);
  }
  if (r.status === 'applied') {
    lines.push(
      `  provenance rows ${r.provenanceRows}; songs withdrawn ${r.songsWithdrawn}, restored ${r.songsRestored}`,
    );
    const m = r.merge;
    if (m)
      lines.push(
        `  ${m.mode} merge: ${m.entries} entries planned -> ${m.songs} songs (${m.merged} with both numbers); created ${m.created}, updated ${m.updated}, deleted ${m.deleted} (${m.ms} ms)`,
      );
  }
  return lines;
}

/** The report as one JSON line (samples and examples left out: the run record keeps them). */
export function summaryJson(r: SyncReport): string {
  const { samples: _samples, badReasons, warnings, merge, ...rest } = r;
  const counts = (c: ReasonCounts) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.count]));
  return JSON.stringify({
    ...rest,
    badReasons: counts(badReasons),
    warnings: counts(warnings),
    merge: merge
      ? {
          mode: merge.mode,
          entries: merge.entries,
          songs: merge.songs,
          created: merge.created,
          updated: merge.updated,
          deleted: merge.deleted,
          ms: merge.ms,
        }
      : null,
  });
}

// Enrichment of TJ entries from searchSong. TJ's full listing (newSongOfMonth) tells no nation and no readings, so the
// entries that need them (Japanese script in the title or artist, or paired with a song from KY's Japanese book) are
// looked up one at a time, newest first, at the polite pace; only the answer row carrying the entry's own number is
// used. Each entry's last look-up is kept (catalog_entries.enriched_at): a run resumes where the last one stopped and
// asks about an entry again only after the retry window. A SourceError ends the run with what was done so far.
import type { Pool } from 'pg';
import { withAdvisoryLock } from '../platform/advisory-lock';
import { withTransaction } from '../platform/postgres';
import { mergeCatalogChanges, type MergeSummary } from '../songs/merge-store';
import { recordProvenance } from './provenance';
import { SourceError, type CatalogSource, type Nation, type SourceSong } from './source';
import type { TjNationType, TjSearchField } from './tj-source';

/** Provenance name of searchSong rows. */
export const ENRICH_SOURCE = 'tj-search';
/** An entry looked up (found or not) is not asked about again for this long. */
export const ENRICH_RETRY_AFTER_MS = 30 * 24 * 3600_000;

// hiragana, katakana (with ー and the phonetic extensions), half-width katakana; CJK ideographs and their extensions.
// Plain characters in one bracket expression that JavaScript and Postgres regular expressions read alike.
const KANA = '\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f';
const KANJI = '\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff';
/** The Japanese-script pattern, as the candidates query uses it. */
export const JAPANESE_SCRIPT_PATTERN = `[${KANA}${KANJI}]`;
const KANA_RE = new RegExp(`[${KANA}]`);

/** True when the text holds kana (a Japanese title for sure; kanji alone may be Chinese). */
export const hasKana = (text: string): boolean => KANA_RE.test(text);

/** What searchSong can do for us (TjSource has it). */
export interface SongSearch {
  searchSong(text: string, field?: TjSearchField, nation?: TjNationType): Promise<SourceSong[]>;
}

/** The source's searchSong, or an error when it has none (only TJ's site answers one). */
export function songSearchOf(source: CatalogSource): SongSearch {
  const search = (source as Partial<SongSearch>).searchSong;
  if (typeof search !== 'function') throw new Error(`the ${source.brand} source has no song search to enrich from`);
  return { searchSong: (text, field, nation) => search.call(source, text, field, nation) };
}

/** A TJ entry waiting for enrichment. */
export interface EnrichCandidate {
  no: string;
  title: string;
  singer: string;
}

export interface SongSearchCall {
  text: string;
  field: TjSearchField;
  nation: TjNationType;
}

/**
 * The searches that may find an entry, in order: by title (limited to Japanese songs when the title has kana), then
 * by artist when the title's answer lacked the number (a short title can have more than the ~40 rows TJ answers).
 */
export function searchesFor(entry: Pick<EnrichCandidate, 'title' | 'singer'>): SongSearchCall[] {
  const nation: TjNationType = hasKana(entry.title) ? 'JPN' : '';
  const calls: SongSearchCall[] = [{ text: entry.title, field: 1, nation }];
  if (entry.singer.trim()) calls.push({ text: entry.singer, field: 2, nation });
  return calls;
}

/** The answer row with the entry's own number, or null: another row is another song, never used. */
export function rowFor(rows: SourceSong[], no: string): SourceSong | null {
  return rows.find((r) => r.brand === 'tj' && r.no.trim() === no) ?? null;
}

export interface FacetValues {
  nation: Nation | null;
  title_reading: string | null;
  singer_reading: string | null;
  sub_title: string | null;
}

export interface EnrichSample {
  no: string;
  title: string;
  singer: string;
}
export interface EnrichedSample extends EnrichSample, FacetValues {}

export interface EnrichSummary {
  brand: 'tj';
  status: 'done' | 'stopped';
  /** entries waiting before the run (nation unknown, not looked up within the retry window) */
  waiting: number;
  /** entries this run picked (at most the limit) */
  candidates: number;
  /** entries looked up to the end (enriched, unchanged or not found) */
  tried: number;
  /** entries whose facets were written */
  enriched: number;
  /** found, but TJ told nothing we did not hold */
  unchanged: number;
  /** no answer row carried the entry's number */
  notFound: number;
  requests: number;
  provenanceRows: number;
  /** why the run ended early, and on which entry (nothing was written for it) */
  stopped: { reason: string; entry: EnrichSample } | null;
  samples: { enriched: EnrichedSample[]; notFound: EnrichSample[] };
  merge: MergeSummary | null;
  ms: number;
}

export interface EnrichOptions {
  /** entries to look up this run (CATALOG_ENRICH_PER_RUN for the scheduled job) */
  limit: number;
  retryAfterMs?: number;
  onProgress?: (msg: string) => void;
  /** how many enriched / not-found entries the summary shows */
  sampleSize?: number;
}

// the entries that need it: TJ, listed, nation unknown, Japanese by script or by their KY pair
const NEEDS_ENRICHMENT = `
  t.brand = 'tj' AND t.nation IS NULL AND t.withdrawn_at IS NULL
  AND (t.enriched_at IS NULL OR t.enriched_at < now() - $2::float8 * interval '1 millisecond')
  AND (t.title ~ $1 OR t.singer ~ $1 OR EXISTS (
    SELECT 1 FROM catalog_entries k WHERE k.song_id = t.song_id AND k.brand = 'ky' AND k.nation = 'jpn'))`;

async function waitingCount(pg: Pool, retryAfterMs: number): Promise<number> {
  const res = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM catalog_entries t WHERE ${NEEDS_ENRICHMENT}`, [
    JAPANESE_SCRIPT_PATTERN,
    retryAfterMs,
  ]);
  return Number(res.rows[0].n);
}

/** The entries to look up, newest first (by release, then by number: TJ numbers grow with time). */
export async function enrichCandidates(
  pg: Pool,
  limit: number,
  retryAfterMs = ENRICH_RETRY_AFTER_MS,
): Promise<EnrichCandidate[]> {
  const res = await pg.query<EnrichCandidate>(
    `SELECT t.no, t.title, t.singer
     FROM catalog_entries t WHERE ${NEEDS_ENRICHMENT}
     ORDER BY t.release DESC NULLS LAST, t.no::bigint DESC LIMIT $3`,
    [JAPANESE_SCRIPT_PATTERN, retryAfterMs, limit],
  );
  return res.rows;
}

type Outcome = 'enriched' | 'unchanged' | 'not_found';

/** Writes one look-up: the facets when the row tells something new (with its provenance), and the time of the try. */
async function writeOutcome(
  pg: Pool,
  no: string,
  found: SourceSong | null,
  fetchedAt: Date,
): Promise<{ outcome: Outcome; provenanceRows: number; facets: FacetValues | null }> {
  return withTransaction(pg, async (c) => {
    let outcome: Outcome = 'not_found';
    let provenanceRows = 0;
    let facets: FacetValues | null = null;
    if (found) {
      // what the row tells, else what is held (as the sync keeps held values on null), against the row as it is now
      const res = await c.query<FacetValues>(
        `UPDATE catalog_entries SET nation = COALESCE($2, nation), title_reading = COALESCE($3, title_reading),
           singer_reading = COALESCE($4, singer_reading), sub_title = COALESCE($5, sub_title), updated_at = now()
         WHERE brand = 'tj' AND no = $1
           AND (nation, title_reading, singer_reading, sub_title)
               IS DISTINCT FROM (COALESCE($2, nation), COALESCE($3, title_reading), COALESCE($4, singer_reading), COALESCE($5, sub_title))
         RETURNING nation, title_reading, singer_reading, sub_title`,
        [no, found.nation, found.titleReading, found.singerReading, found.subTitle],
      );
      outcome = res.rowCount ? 'enriched' : 'unchanged';
      facets = res.rows[0] ?? null;
      provenanceRows = await recordProvenance(c, 'tj', [{ source: ENRICH_SOURCE, song: found, fetchedAt }], null);
    }
    await c.query("UPDATE catalog_entries SET enriched_at = now() WHERE brand = 'tj' AND no = $1", [no]);
    return { outcome, provenanceRows, facets };
  });
}

const brief = (e: EnrichSample): EnrichSample => ({ no: e.no, title: e.title, singer: e.singer });
const facetText = (f: FacetValues) =>
  [f.nation, [f.title_reading, f.singer_reading].filter(Boolean).join(' / '), f.sub_title && `(${f.sub_title})`]
    .filter(Boolean)
    .join(', ');

/** Looks up the TJ entries that need it (at most `limit`), writes what their rows tell, then merges. One run at a time. */
export async function enrichTjEntries(pg: Pool, source: SongSearch, opts: EnrichOptions): Promise<EnrichSummary> {
  const started = Date.now();
  const { limit } = opts;
  const retryAfterMs = opts.retryAfterMs ?? ENRICH_RETRY_AFTER_MS;
  const samples = opts.sampleSize ?? 10;
  const log = opts.onProgress ?? (() => undefined);
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`the enrichment limit must be a whole number above 0 (got ${limit})`);
  return withAdvisoryLock(
    pg,
    'catalog-enrich:tj',
    async () => {
      const waiting = await waitingCount(pg, retryAfterMs);
      const candidates = await enrichCandidates(pg, limit, retryAfterMs);
      const summary: EnrichSummary = {
        brand: 'tj',
        status: 'done',
        waiting,
        candidates: candidates.length,
        tried: 0,
        enriched: 0,
        unchanged: 0,
        notFound: 0,
        requests: 0,
        provenanceRows: 0,
        stopped: null,
        samples: { enriched: [], notFound: [] },
        merge: null,
        ms: 0,
      };
      log(`${candidates.length} of ${waiting} TJ entries waiting for nation and readings`);
      for (const [i, entry] of candidates.entries()) {
        const label = `${i + 1}/${candidates.length} ${entry.no} ${entry.title} / ${entry.singer}`;
        let found: SourceSong | null = null;
        try {
          for (const call of searchesFor(entry)) {
            summary.requests++;
            found = rowFor(await source.searchSong(call.text, call.field, call.nation), entry.no);
            if (found) break;
          }
        } catch (err) {
          if (!(err instanceof SourceError)) throw err;
          summary.stopped = { reason: `${err.kind}: ${err.message}`, entry: brief(entry) };
          summary.status = 'stopped';
          log(`${label}: stopped (${summary.stopped.reason})`);
          break;
        }
        const { outcome, provenanceRows, facets } = await writeOutcome(pg, entry.no, found, new Date());
        summary.tried++;
        summary.provenanceRows += provenanceRows;
        if (outcome === 'enriched') {
          summary.enriched++;
          if (summary.samples.enriched.length < samples) summary.samples.enriched.push({ ...brief(entry), ...facets! });
          log(`${label}: ${facetText(facets!)}`);
        } else if (outcome === 'unchanged') {
          summary.unchanged++;
          log(`${label}: nothing new`);
        } else {
          summary.notFound++;
          if (summary.samples.notFound.length < samples) summary.samples.notFound.push(brief(entry));
          log(`${label}: no row with this number in TJ's answers`);
        }
      }
      if (summary.enriched) summary.merge = await mergeCatalogChanges(pg, log);
      summary.ms = Date.now() - started;
      return summary;
    },
    { busyMessage: 'a TJ enrichment is already running' },
  );
}

/** The summary as lines for a person, like the sync's report. */
export function enrichLines(s: EnrichSummary): string[] {
  const lines = [
    `tj enrichment (${ENRICH_SOURCE}): ${s.status} in ${s.ms} ms - ${s.candidates} of ${s.waiting} waiting entries picked, ${s.tried} looked up, ${s.requests} requests`,
    `  enriched ${s.enriched}, nothing new ${s.unchanged}, not found ${s.notFound}; provenance rows ${s.provenanceRows}; ${s.waiting - s.tried} still waiting`,
  ];
  if (s.stopped)
    lines.push(
      `  stopped at ${s.stopped.entry.no} ${s.stopped.entry.title} / ${s.stopped.entry.singer} (nothing written for it): ${s.stopped.reason}`,
    );
  for (const e of s.samples.enriched) lines.push(`  + ${e.no} ${e.title} / ${e.singer}: ${facetText(e)}`);
  for (const e of s.samples.notFound) lines.push(`  ? ${e.no} ${e.title} / ${e.singer}: not in TJ's answers`);
  const m = s.merge;
  if (m)
    lines.push(
      `  ${m.mode} merge: ${m.entries} entries planned -> ${m.songs} songs; created ${m.created}, updated ${m.updated}, deleted ${m.deleted} (${m.ms} ms)`,
    );
  return lines;
}

/** The summary without its samples, the merge as its counts: the CLI's JSON line and the job's result. */
export function enrichCounts(s: EnrichSummary) {
  const { samples: _samples, merge, ...rest } = s;
  return {
    ...rest,
    merge: merge
      ? { mode: merge.mode, entries: merge.entries, songs: merge.songs, updated: merge.updated, ms: merge.ms }
      : null,
  };
}

/** What a scheduled run leaves in its log line; a stopped run is the job's failure (what it did before stays). */
export function enrichJobResult(s: EnrichSummary) {
  if (s.stopped)
    throw new Error(`tj enrichment stopped at ${s.stopped.entry.no} after ${s.enriched} enriched: ${s.stopped.reason}`);
  return enrichCounts(s);
}

// Applies the merge plan to Postgres: one songs row per group, entries linked to it, ids kept stable.
// A full merge re-plans the whole catalog; an incremental merge re-plans only the entries a change can affect:
// the changed entries and, transitively, every entry sharing a block (title key x artist) with them, a song with
// them or an override with them. Matching never looks outside a block, so that closed part plans exactly as it
// would inside a full merge, and everything outside it keeps its songs. Pairs the rules are unsure of are written
// to the review queue (song_merge_reviews) as pending, unmerged; an operator's decision becomes an override.
import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { syncWatermark } from '../platform/index-admin';
import {
  ArtistAliases,
  MERGE_RULES_VERSION,
  aliasEdgesOf,
  planMergeWithReviews,
  rawBlockKeysOf,
  songFieldsOf,
  type EntryRef,
  type MergeGroup,
  type MergePlan,
  type Override,
} from './merge-rules';
import { loadArtistAliasBook } from './artist-aliases';
import { songFacetsOf, type EntryFacets } from './merge-facets';
import { refreshSongGenres } from './genres';

interface StoredEntry extends EntryRef, EntryFacets {
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  song_id: string | null;
}

export interface MergeSummary {
  mode: 'full' | 'incremental';
  /** entries planned (the whole catalog, or the affected part) */
  entries: number;
  /** entries changed since the last merge (incremental only) */
  changed: number;
  songs: number;
  merged: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** songs with both numbers, by the rule that joined them (of the planned part, for an incremental merge) */
  byRule: Record<string, number>;
  /** pending pairs the plan put to the review queue (unmerged until an operator decides) */
  reviews: number;
  ms: number;
}

const WRITE_BATCH = 5000;
const entryColumns = (t = 'catalog_entries') =>
  `${t}.brand, ${t}.no, ${t}.title, ${t}.singer, ${t}.composer, ${t}.lyricist, to_char(${t}.release, 'YYYY-MM-DD') AS release, ${t}.song_id,
   ${t}.nation, ${t}.title_reading, ${t}.singer_reading, ${t}.sub_title`;

type Log = (msg: string) => void;

/** Recomputes every song from the catalog entries and writes only what changed. */
export function mergeCatalog(pg: Pool, onProgress: Log = () => undefined): Promise<MergeSummary> {
  return runMerge(pg, 'full', onProgress);
}

/**
 * Re-plans only what changed since the last merge (entries upserted since then); a full merge when there was none
 * yet, or when the artist alias book or the manual overrides changed since.
 */
export function mergeCatalogChanges(pg: Pool, onProgress: Log = () => undefined): Promise<MergeSummary> {
  return runMerge(pg, 'changes', onProgress);
}

async function runMerge(pg: Pool, mode: 'full' | 'changes', onProgress: Log): Promise<MergeSummary> {
  const started = Date.now();
  return withTransaction(pg, async (client) => {
    await client.query("SET LOCAL statement_timeout = '15min'"); // one catalog-wide statement at 1M entries takes a while
    await lockForTransaction(client, 'songs-merge');
    // entries stamped after this may be invisible to us now: they are planned (again) next time
    const watermark = await syncWatermark(client);
    const overrides = (
      await client.query<Override>(
        'SELECT action, tj_no, ky_no FROM song_merge_overrides ORDER BY tj_no, ky_no, action',
      )
    ).rows;
    const aliasGroups = loadArtistAliasBook().mergeGroups();
    // new rules change plans and blocking keys everywhere: the first merge with them is a full one
    const fingerprint = crypto
      .createHash('sha256')
      .update(JSON.stringify({ rules: MERGE_RULES_VERSION, aliasGroups, overrides }))
      .digest('hex');
    const state = (
      await client.query<{ merged_until: Date; fingerprint: string }>(
        'SELECT merged_until, fingerprint FROM song_merge_state',
      )
    ).rows[0];
    const incremental = mode === 'changes' && state?.fingerprint === fingerprint;
    const summary = incremental
      ? await mergeChanged(client, state.merged_until, overrides, aliasGroups, onProgress)
      : await mergeAll(client, overrides, aliasGroups, onProgress);
    await client.query(
      `INSERT INTO song_merge_state (singleton, merged_until, fingerprint) VALUES (true, $1, $2)
       ON CONFLICT (singleton) DO UPDATE SET merged_until = EXCLUDED.merged_until, fingerprint = EXCLUDED.fingerprint, updated_at = now()`,
      [watermark, fingerprint],
    );
    summary.ms = Date.now() - started;
    return summary;
  });
}

async function mergeAll(
  client: PoolClient,
  overrides: Override[],
  aliasGroups: string[][],
  onProgress: Log,
): Promise<MergeSummary> {
  const entries = (await client.query<StoredEntry>(`SELECT ${entryColumns()} FROM catalog_entries`)).rows;
  const plan = planMergeWithReviews(entries, overrides, aliasGroups);
  onProgress(
    `planned ${plan.groups.length} songs from ${entries.length} entries, ${plan.reviews.length} pairs to review`,
  );
  const summary = await writeSongs(client, plan.groups, null, onProgress);
  summary.entries = entries.length;
  summary.reviews = await writeReviews(client, plan, null);
  await client.query('TRUNCATE catalog_entry_blocks, catalog_alias_edges');
  await writeBlockKeys(client, entries);
  onProgress(`stored the blocking keys of ${entries.length} entries`);
  return summary;
}

/** Shared-block, shared-song and override closure of the entries changed since `since`, re-planned and written. */
async function mergeChanged(
  client: PoolClient,
  since: Date,
  overrides: Override[],
  aliasGroups: string[][],
  onProgress: Log,
): Promise<MergeSummary> {
  const changed = (
    await client.query<StoredEntry>(`SELECT ${entryColumns()} FROM catalog_entries WHERE updated_at > $1`, [since])
  ).rows;
  if (!changed.length) return { ...emptySummary('incremental'), changed: 0 };
  const changedIds = new Set(changed.map(entryId));
  onProgress(`${changed.length} changed entries`);

  // aliases before and after the change: a key whose alias group changed moves every entry naming it
  const edges = (
    await client.query<{ a: string; b: string; brand: string; no: string }>(
      'SELECT a, b, brand, no FROM catalog_alias_edges',
    )
  ).rows;
  const before = new ArtistAliases();
  const after = new ArtistAliases();
  for (const g of aliasGroups) {
    before.addGroup(g);
    after.addGroup(g);
  }
  for (const e of edges) {
    before.learnEdge(e.a, e.b);
    if (!changedIds.has(`${e.brand}|${e.no}`)) after.learnEdge(e.a, e.b);
  }
  for (const e of changed) after.learnFrom(e.singer);
  const beforeGroups = before.components();
  const afterGroups = after.components();
  const movedKeys = [...new Set([...beforeGroups.values(), ...afterGroups.values()].flat())].filter(
    (k) => before.find(k) !== after.find(k),
  );
  // every artist key an entry naming `key` may be matched through, before or after the change
  const artistNeighbourhood = (key: string) =>
    new Set([key, ...(beforeGroups.get(before.find(key)) ?? []), ...(afterGroups.get(after.find(key)) ?? [])]);

  const affected = new Set<string>(changedIds);
  let frontier = [...changedIds];
  if (movedKeys.length) {
    const moved = await client.query<{ brand: string; no: string }>(
      'SELECT DISTINCT brand, no FROM catalog_entry_blocks WHERE artist_key = ANY($1::text[])',
      [movedKeys],
    );
    for (const r of moved.rows) {
      const id = `${r.brand}|${r.no}`;
      if (!affected.has(id)) {
        affected.add(id);
        frontier.push(id);
      }
    }
  }
  const queriedBlocks = new Set<string>();
  const queriedSongs = new Set<string>();
  const overridePartners = new Map<string, string[]>();
  for (const o of overrides) {
    overridePartners.set(`tj|${o.tj_no}`, [...(overridePartners.get(`tj|${o.tj_no}`) ?? []), `ky|${o.ky_no}`]);
    overridePartners.set(`ky|${o.ky_no}`, [...(overridePartners.get(`ky|${o.ky_no}`) ?? []), `tj|${o.tj_no}`]);
  }
  for (let round = 1; frontier.length; round++) {
    const [brands, nos] = splitIds(frontier);
    // the blocks an entry was in (stored) and, for a changed entry, the ones it is in now
    const blocks = new Set<string>();
    const stored = await client.query<{ artist_key: string; title_key: string }>(
      'SELECT b.artist_key, b.title_key FROM catalog_entry_blocks b JOIN unnest($1::text[], $2::text[]) AS x(brand, no) ON b.brand = x.brand AND b.no = x.no',
      [brands, nos],
    );
    for (const r of stored.rows) blocks.add(`${r.artist_key}\u0000${r.title_key}`);
    const inFrontier = new Set(frontier);
    for (const e of changed) {
      if (!inFrontier.has(entryId(e))) continue;
      for (const [a, t] of rawBlockKeysOf(e)) blocks.add(`${a}\u0000${t}`);
    }
    const lookups = new Set<string>();
    for (const block of blocks) {
      const [a, t] = block.split('\u0000');
      for (const k of artistNeighbourhood(a)) lookups.add(`${k}\u0000${t}`);
    }
    const fresh = [...lookups].filter((l) => !queriedBlocks.has(l));
    fresh.forEach((l) => queriedBlocks.add(l));
    const found: string[] = [];
    if (fresh.length) {
      const pairs = fresh.map((l) => l.split('\u0000'));
      const res = await client.query<{ brand: string; no: string }>(
        `SELECT DISTINCT b.brand, b.no FROM catalog_entry_blocks b
         JOIN unnest($1::text[], $2::text[]) AS x(artist_key, title_key) ON b.artist_key = x.artist_key AND b.title_key = x.title_key`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      for (const r of res.rows) found.push(`${r.brand}|${r.no}`);
    }
    // entries sharing a song with the frontier (the partner whose match this change may undo)
    const songs = await client.query<{ song_id: string }>(
      'SELECT DISTINCT c.song_id FROM catalog_entries c JOIN unnest($1::text[], $2::text[]) AS x(brand, no) ON c.brand = x.brand AND c.no = x.no WHERE c.song_id IS NOT NULL',
      [brands, nos],
    );
    const songIds = songs.rows.map((r) => r.song_id).filter((id) => !queriedSongs.has(id));
    songIds.forEach((id) => queriedSongs.add(id));
    if (songIds.length) {
      const res = await client.query<{ brand: string; no: string }>(
        'SELECT brand, no FROM catalog_entries WHERE song_id = ANY($1::bigint[])',
        [songIds],
      );
      for (const r of res.rows) found.push(`${r.brand}|${r.no}`);
    }
    for (const id of frontier) found.push(...(overridePartners.get(id) ?? []));
    frontier = [...new Set(found)].filter((id) => !affected.has(id));
    frontier.forEach((id) => affected.add(id));
    onProgress(`round ${round}: ${affected.size} entries affected by ${changed.length} changes`);
  }

  onProgress(`closure done: ${affected.size} entries`);
  const [brands, nos] = splitIds([...affected]);
  const entries = (
    await client.query<StoredEntry>(
      `SELECT ${entryColumns('c')} FROM catalog_entries c
     JOIN unnest($1::text[], $2::text[]) AS x(brand, no) ON c.brand = x.brand AND c.no = x.no`,
      [brands, nos],
    )
  ).rows;
  const plan = planMergeWithReviews(entries, overrides, aliasGroups, after);
  onProgress(
    `planned ${plan.groups.length} songs from ${entries.length} entries, ${plan.reviews.length} pairs to review`,
  );
  const oldSongIds = [...new Set(entries.map((e) => e.song_id).filter((id): id is string => id !== null))];
  const summary = await writeSongs(client, plan.groups, oldSongIds, onProgress);
  summary.reviews = await writeReviews(client, plan, entries);
  summary.mode = 'incremental';
  summary.entries = entries.length;
  summary.changed = changed.length;
  const [changedBrands, changedNos] = splitIds([...changedIds]);
  for (const table of ['catalog_entry_blocks', 'catalog_alias_edges']) {
    await client.query(
      `DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS x(brand, no) WHERE t.brand = x.brand AND t.no = x.no`,
      [changedBrands, changedNos],
    );
  }
  onProgress('songs written');
  await writeBlockKeys(client, changed);
  onProgress('blocking keys stored');
  return summary;
}

const entryId = (e: { brand: string; no: string }) => `${e.brand}|${e.no}`;
function splitIds(ids: string[]): [string[], string[]] {
  const parts = ids.map((id) => id.split('|'));
  return [parts.map((p) => p[0]), parts.map((p) => p[1])];
}

const emptySummary = (mode: MergeSummary['mode']): MergeSummary => ({
  mode,
  entries: 0,
  changed: 0,
  songs: 0,
  merged: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  byRule: {},
  reviews: 0,
  ms: 0,
});

/**
 * The plan's review pairs become pending rows (spellings, rule and score refreshed while pending); a decided pair
 * keeps its decision. Pending pairs of the planned entries (`planned`, or the whole catalog when null) that the
 * plan no longer proposes are dropped: one side changed, merged elsewhere or is gone. Returns the pending pairs.
 */
async function writeReviews(
  client: PoolClient,
  plan: MergePlan<StoredEntry>,
  planned: StoredEntry[] | null,
): Promise<number> {
  const tj = plan.reviews.map((r) => r.tj.entry);
  const ky = plan.reviews.map((r) => r.ky.entry);
  const proposed = [tj.map((e) => e.no), ky.map((e) => e.no)];
  const notProposed =
    'NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::text[]) AS x(tj_no, ky_no) WHERE x.tj_no = r.tj_no AND x.ky_no = r.ky_no)';
  if (planned) {
    const plannedNos = (brand: string) => planned.filter((e) => e.brand === brand).map((e) => e.no);
    await client.query(
      `DELETE FROM song_merge_reviews r WHERE r.status = 'pending' AND (r.tj_no = ANY($3::text[]) OR r.ky_no = ANY($4::text[])) AND ${notProposed}`,
      [...proposed, plannedNos('tj'), plannedNos('ky')],
    );
  } else {
    await client.query(`DELETE FROM song_merge_reviews r WHERE r.status = 'pending' AND ${notProposed}`, proposed);
  }
  if (!plan.reviews.length) return 0;
  const res = await client.query(
    `INSERT INTO song_merge_reviews (tj_no, ky_no, tj_title, tj_singer, ky_title, ky_singer, rule, score)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::real[])
     ON CONFLICT (tj_no, ky_no) DO UPDATE SET tj_title = EXCLUDED.tj_title, tj_singer = EXCLUDED.tj_singer, ky_title = EXCLUDED.ky_title,
       ky_singer = EXCLUDED.ky_singer, rule = EXCLUDED.rule, score = EXCLUDED.score
     WHERE song_merge_reviews.status = 'pending'
     RETURNING id`,
    [
      ...proposed,
      tj.map((e) => e.title),
      tj.map((e) => e.singer),
      ky.map((e) => e.title),
      ky.map((e) => e.singer),
      plan.reviews.map((r) => r.rule),
      plan.reviews.map((r) => r.score),
    ],
  );
  return res.rowCount ?? 0;
}

async function writeBlockKeys(client: PoolClient, entries: EntryRef[]): Promise<void> {
  const blocks: { a: string[]; t: string[]; brand: string[]; no: string[] } = { a: [], t: [], brand: [], no: [] };
  const edges: { a: string[]; b: string[]; brand: string[]; no: string[] } = { a: [], b: [], brand: [], no: [] };
  const flush = async (force: boolean) => {
    if (blocks.a.length && (force || blocks.a.length >= WRITE_BATCH * 4)) {
      await client.query(
        'INSERT INTO catalog_entry_blocks (artist_key, title_key, brand, no) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
        [blocks.a, blocks.t, blocks.brand, blocks.no],
      );
      for (const list of Object.values(blocks)) list.length = 0;
    }
    if (edges.a.length && (force || edges.a.length >= WRITE_BATCH * 4)) {
      await client.query(
        'INSERT INTO catalog_alias_edges (a, b, brand, no) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
        [edges.a, edges.b, edges.brand, edges.no],
      );
      for (const list of Object.values(edges)) list.length = 0;
    }
  };
  for (const e of entries) {
    for (const [a, t] of rawBlockKeysOf(e)) {
      blocks.a.push(a);
      blocks.t.push(t);
      blocks.brand.push(e.brand);
      blocks.no.push(e.no);
    }
    for (const [a, b] of aliasEdgesOf(e.singer)) {
      edges.a.push(a);
      edges.b.push(b);
      edges.brand.push(e.brand);
      edges.no.push(e.no);
    }
    await flush(false);
  }
  await flush(true);
}

/**
 * Writes the planned groups as songs. `scope` is the ids of the songs the planned entries belonged to (an
 * incremental merge), or null for the whole catalog: songs in scope that no group keeps are marked deleted.
 */
async function writeSongs(
  client: PoolClient,
  groups: MergeGroup<StoredEntry>[],
  scope: string[] | null,
  onProgress: Log,
): Promise<MergeSummary> {
  // a group keeps the song its TJ entry (else KY entry) already belonged to, if no earlier group claimed it
  const claimed = new Set<string>();
  const rows = groups.map((g) => {
    const fields = songFieldsOf(g);
    const first = (g.tj ?? g.ky)!.entry;
    const other = g.tj && g.ky ? g.ky.entry : undefined;
    const id = [first.song_id, other?.song_id].find((sid) => sid && !claimed.has(sid)) ?? null;
    if (id) claimed.add(id);
    return {
      id,
      ...fields,
      ...songFacetsOf(fields, g.tj?.entry, g.ky?.entry),
      tj_no: g.tj?.entry.no ?? null,
      ky_no: g.ky?.entry.no ?? null,
      composer: first.composer ?? other?.composer ?? null,
      lyricist: first.lyricist ?? other?.lyricist ?? null,
      release: first.release ?? other?.release ?? null,
      merge_rule: g.rule,
      merge_score: g.score,
      merge_key: g.mergeKey,
      entries: [g.tj?.entry, g.ky?.entry].filter(Boolean) as EntryRef[],
    };
  });

  const summary: MergeSummary = {
    ...emptySummary('full'),
    songs: rows.length,
    merged: rows.filter((r) => r.tj_no && r.ky_no).length,
  };
  for (const g of groups) if (g.tj && g.ky) summary.byRule[g.rule] = (summary.byRule[g.rule] ?? 0) + 1;
  const existing = rows.filter((r) => r.id);
  // numbers move between songs when groups change: free them first so the unique indexes never see two owners
  for (let i = 0; i < existing.length; i += WRITE_BATCH) {
    const batch = existing.slice(i, i + WRITE_BATCH);
    await client.query(
      `UPDATE songs s SET tj_no = NULL, ky_no = NULL
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS x(id, tj_no, ky_no)
       WHERE s.id = x.id AND (s.tj_no IS DISTINCT FROM x.tj_no OR s.ky_no IS DISTINCT FROM x.ky_no)`,
      [batch.map((r) => r.id), batch.map((r) => r.tj_no), batch.map((r) => r.ky_no)],
    );
  }
  const kept = existing.map((r) => r.id);
  const gone = scope
    ? await client.query(
        `UPDATE songs SET tj_no = NULL, ky_no = NULL, deleted_at = now(), updated_at = now()
       WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL AND NOT (id = ANY($2::bigint[]))`,
        [scope, kept],
      )
    : await client.query(
        `UPDATE songs SET tj_no = NULL, ky_no = NULL, deleted_at = now(), updated_at = now()
       WHERE deleted_at IS NULL AND NOT (id = ANY($1::bigint[]))`,
        [kept],
      );
  summary.deleted = gone.rowCount ?? 0;
  onProgress(`numbers freed, ${summary.deleted} songs deleted`);
  for (let i = 0; i < existing.length; i += WRITE_BATCH) {
    const batch = existing.slice(i, i + WRITE_BATCH);
    const col = <K extends keyof (typeof batch)[number]>(k: K) => batch.map((r) => r[k]);
    const res = await client.query(
      `UPDATE songs s SET title = x.title, artist = x.artist, alt_titles = x.alt_titles::text[], artist_aliases = x.artist_aliases::text[],
          tj_no = x.tj_no, ky_no = x.ky_no, composer = x.composer, lyricist = x.lyricist, release = x.release::date,
          merge_rule = x.merge_rule, merge_score = x.merge_score, merge_key = x.merge_key,
          nation = x.nation, title_readings = x.title_readings::text[], artist_readings = x.artist_readings::text[], deleted_at = NULL, updated_at = now()
       FROM (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::real[], $13::text[],
                                  $14::text[], $15::text[], $16::text[])
             AS t(id, title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key,
                  nation, title_readings, artist_readings)) x
       WHERE s.id = x.id AND (s.title, s.artist, s.alt_titles, s.artist_aliases, s.tj_no, s.ky_no, s.composer, s.lyricist, s.release, s.merge_rule, s.merge_score, s.merge_key,
                              s.nation, s.title_readings, s.artist_readings, s.deleted_at)
         IS DISTINCT FROM (x.title, x.artist, x.alt_titles::text[], x.artist_aliases::text[], x.tj_no, x.ky_no, x.composer, x.lyricist, x.release::date, x.merge_rule, x.merge_score, x.merge_key,
                           x.nation, x.title_readings::text[], x.artist_readings::text[], NULL::timestamptz)`,
      [col('id'), ...songColumns(batch)],
    );
    summary.updated += res.rowCount ?? 0;
    onProgress(`updated songs ${Math.min(i + WRITE_BATCH, existing.length)}/${existing.length}`);
  }
  summary.unchanged = existing.length - summary.updated;
  const fresh = rows.filter((r) => !r.id);
  for (let i = 0; i < fresh.length; i += WRITE_BATCH) {
    const batch = fresh.slice(i, i + WRITE_BATCH);
    const res = await client.query<{ id: string }>(
      `INSERT INTO songs (title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key,
                          nation, title_readings, artist_readings)
       SELECT title, artist, alt_titles::text[], artist_aliases::text[], tj_no, ky_no, composer, lyricist, release::date, merge_rule, merge_score, merge_key,
              nation, title_readings::text[], artist_readings::text[]
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::real[], $12::text[],
                   $13::text[], $14::text[], $15::text[]) WITH ORDINALITY
            AS t(title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key,
                 nation, title_readings, artist_readings, n)
       ORDER BY n RETURNING id`,
      songColumns(batch),
    );
    res.rows.forEach((r, j) => {
      batch[j].id = r.id;
    });
    summary.created += res.rows.length;
    onProgress(`created songs ${Math.min(i + WRITE_BATCH, fresh.length)}/${fresh.length}`);
  }
  // links go through a temp table and one joined UPDATE: batched UPDATE ... FROM unnest() scans per batch at 1M rows
  const links = rows.flatMap((r) => r.entries.map((e) => ({ brand: e.brand, no: e.no, song_id: r.id })));
  await client.query('CREATE TEMP TABLE merge_links (brand text, no text, song_id bigint) ON COMMIT DROP');
  for (let i = 0; i < links.length; i += WRITE_BATCH * 4) {
    const batch = links.slice(i, i + WRITE_BATCH * 4);
    await client.query('INSERT INTO merge_links SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])', [
      batch.map((l) => l.brand),
      batch.map((l) => l.no),
      batch.map((l) => l.song_id),
    ]);
  }
  await client.query('ANALYZE merge_links');
  await client.query(
    `UPDATE catalog_entries c SET song_id = x.song_id FROM merge_links x
     WHERE c.brand = x.brand AND c.no = x.no AND c.song_id IS DISTINCT FROM x.song_id`,
  );
  onProgress(`linked ${links.length} entries to their songs`);
  // numbers moved between songs: the planned songs' genres follow (the whole catalog after a full merge)
  await refreshSongGenres(client, { songIds: scope ? rows.map((r) => r.id!) : undefined });
  return summary;
}

type SongColumns = {
  title: string;
  artist: string;
  alt_titles: string[];
  artist_aliases: string[];
  tj_no: string | null;
  ky_no: string | null;
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  merge_rule: string;
  merge_score: number;
  merge_key: string;
  nation: string | null;
  title_readings: string[];
  artist_readings: string[];
};

/** The unnest parameters of the songs INSERT and UPDATE, one array per column in the order both statements name them. */
function songColumns(batch: SongColumns[]): unknown[] {
  const col = <K extends keyof SongColumns>(k: K) => batch.map((r) => r[k]);
  const arrays = (k: 'alt_titles' | 'artist_aliases' | 'title_readings' | 'artist_readings') =>
    batch.map((r) => pgArray(r[k]));
  return [
    col('title'),
    col('artist'),
    arrays('alt_titles'),
    arrays('artist_aliases'),
    col('tj_no'),
    col('ky_no'),
    col('composer'),
    col('lyricist'),
    col('release'),
    col('merge_rule'),
    col('merge_score'),
    col('merge_key'),
    col('nation'),
    arrays('title_readings'),
    arrays('artist_readings'),
  ];
}

// text[] travels as a Postgres array literal inside a text[] parameter (unnest cannot take arrays of arrays)
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// Applies the merge plan to Postgres: one songs row per group, entries linked to it, ids kept stable.
import type { Pool } from 'pg';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { planMerge, songFieldsOf, type EntryRef, type Override } from './merge-rules';
import { loadArtistAliasBook } from './artist-aliases';

interface StoredEntry extends EntryRef {
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  song_id: string | null;
}

export interface MergeSummary { entries: number; songs: number; merged: number; created: number; updated: number; unchanged: number; deleted: number; ms: number }

const WRITE_BATCH = 5000;

/** Recomputes every song from the catalog entries and writes only what changed. */
export async function mergeCatalog(pg: Pool, onProgress: (msg: string) => void = () => undefined): Promise<MergeSummary> {
  const started = Date.now();
  const entries = (await pg.query<StoredEntry>(
    `SELECT brand, no, title, singer, composer, lyricist, to_char(release, 'YYYY-MM-DD') AS release, song_id FROM catalog_entries`,
  )).rows;
  const overrides = (await pg.query<Override>('SELECT action, tj_no, ky_no FROM song_merge_overrides')).rows;
  const groups = planMerge(entries, overrides, loadArtistAliasBook().mergeGroups());
  onProgress(`planned ${groups.length} songs from ${entries.length} entries`);

  // a group keeps the song its TJ entry (else KY entry) already belonged to, if no earlier group claimed it
  const claimed = new Set<string>();
  const rows = groups.map((g) => {
    const fields = songFieldsOf(g);
    const first = (g.tj ?? g.ky)!.entry as StoredEntry;
    const other = g.tj && g.ky ? (g.ky.entry as StoredEntry) : undefined;
    let id = [first.song_id, other?.song_id].find((sid) => sid && !claimed.has(sid)) ?? null;
    if (id) claimed.add(id);
    return {
      id,
      ...fields,
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

  const summary: MergeSummary = { entries: entries.length, songs: rows.length, merged: rows.filter((r) => r.tj_no && r.ky_no).length, created: 0, updated: 0, unchanged: 0, deleted: 0, ms: 0 };
  await withTransaction(pg, async (client) => {
    await client.query("SET LOCAL statement_timeout = '15min'"); // one catalog-wide statement at 1M entries takes a while
    await lockForTransaction(client, 'songs-merge');
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
    await client.query(
      `UPDATE songs SET tj_no = NULL, ky_no = NULL, deleted_at = now(), updated_at = now()
       WHERE deleted_at IS NULL AND NOT (id = ANY($1::bigint[]))`,
      [existing.map((r) => r.id)],
    ).then((r) => { summary.deleted = r.rowCount ?? 0; });
    for (let i = 0; i < existing.length; i += WRITE_BATCH) {
      const batch = existing.slice(i, i + WRITE_BATCH);
      const col = <K extends keyof (typeof batch)[number]>(k: K) => batch.map((r) => r[k]);
      const res = await client.query(
        `UPDATE songs s SET title = x.title, artist = x.artist, alt_titles = x.alt_titles::text[], artist_aliases = x.artist_aliases::text[],
            tj_no = x.tj_no, ky_no = x.ky_no, composer = x.composer, lyricist = x.lyricist, release = x.release::date,
            merge_rule = x.merge_rule, merge_score = x.merge_score, merge_key = x.merge_key, deleted_at = NULL, updated_at = now()
         FROM (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::real[], $13::text[])
               AS t(id, title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key)) x
         WHERE s.id = x.id AND (s.title, s.artist, s.alt_titles, s.artist_aliases, s.tj_no, s.ky_no, s.composer, s.lyricist, s.release, s.merge_rule, s.merge_score, s.merge_key, s.deleted_at)
           IS DISTINCT FROM (x.title, x.artist, x.alt_titles::text[], x.artist_aliases::text[], x.tj_no, x.ky_no, x.composer, x.lyricist, x.release::date, x.merge_rule, x.merge_score, x.merge_key, NULL::timestamptz)`,
        [col('id'), col('title'), col('artist'), batch.map((r) => pgArray(r.alt_titles)), batch.map((r) => pgArray(r.artist_aliases)), col('tj_no'), col('ky_no'), col('composer'), col('lyricist'), col('release'), col('merge_rule'), col('merge_score'), col('merge_key')],
      );
      summary.updated += res.rowCount ?? 0;
      onProgress(`updated songs ${Math.min(i + WRITE_BATCH, existing.length)}/${existing.length}`);
    }
    summary.unchanged = existing.length - summary.updated;
    const fresh = rows.filter((r) => !r.id);
    for (let i = 0; i < fresh.length; i += WRITE_BATCH) {
      const batch = fresh.slice(i, i + WRITE_BATCH);
      const col = <K extends keyof (typeof batch)[number]>(k: K) => batch.map((r) => r[k]);
      const res = await client.query<{ id: string }>(
        `INSERT INTO songs (title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key)
         SELECT title, artist, alt_titles::text[], artist_aliases::text[], tj_no, ky_no, composer, lyricist, release::date, merge_rule, merge_score, merge_key
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::real[], $12::text[]) WITH ORDINALITY
              AS t(title, artist, alt_titles, artist_aliases, tj_no, ky_no, composer, lyricist, release, merge_rule, merge_score, merge_key, n)
         ORDER BY n RETURNING id`,
        [col('title'), col('artist'), batch.map((r) => pgArray(r.alt_titles)), batch.map((r) => pgArray(r.artist_aliases)), col('tj_no'), col('ky_no'), col('composer'), col('lyricist'), col('release'), col('merge_rule'), col('merge_score'), col('merge_key')],
      );
      res.rows.forEach((r, j) => { batch[j].id = r.id; });
      summary.created += res.rows.length;
      onProgress(`created songs ${Math.min(i + WRITE_BATCH, fresh.length)}/${fresh.length}`);
    }
    // links go through a temp table and one joined UPDATE: batched UPDATE ... FROM unnest() scans per batch at 1M rows
    const links = rows.flatMap((r) => r.entries.map((e) => ({ brand: e.brand, no: e.no, song_id: r.id })));
    await client.query('CREATE TEMP TABLE merge_links (brand text, no text, song_id bigint) ON COMMIT DROP');
    for (let i = 0; i < links.length; i += WRITE_BATCH * 4) {
      const batch = links.slice(i, i + WRITE_BATCH * 4);
      await client.query('INSERT INTO merge_links SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])',
        [batch.map((l) => l.brand), batch.map((l) => l.no), batch.map((l) => l.song_id)]);
    }
    await client.query('ANALYZE merge_links');
    await client.query(
      `UPDATE catalog_entries c SET song_id = x.song_id FROM merge_links x
       WHERE c.brand = x.brand AND c.no = x.no AND c.song_id IS DISTINCT FROM x.song_id`,
    );
    onProgress(`linked ${links.length} entries to their songs`);
  });
  summary.ms = Date.now() - started;
  return summary;
}

// text[] travels as a Postgres array literal inside a text[] parameter (unnest cannot take arrays of arrays)
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

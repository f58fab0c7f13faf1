// Provenance: every source row as fetched, kept with its source, number, time and a content hash. A row is written
// only when its content differs from the latest one of the same source and number, so the table is each song's
// history of spellings, source by source.
import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Brand } from '../core/brands';
import type { SourceSong } from './source';

/** The fields of a source row as stored (brand and number are columns), in a fixed key order. */
export function provenanceFields(song: SourceSong): Record<string, unknown> {
  return {
    title: song.title,
    singer: song.singer,
    composer: song.composer,
    lyricist: song.lyricist,
    release: song.release,
    nation: song.nation,
    genre: song.genre,
    titleReading: song.titleReading,
    singerReading: song.singerReading,
    subTitle: song.subTitle,
    marks: [...(song.marks ?? [])].sort(),
    mayBeCut: song.mayBeCut,
  };
}

/** sha256 of the canonical JSON of the fields (keys in provenanceFields' order; undefined fields as null). */
export function contentHash(fields: Record<string, unknown>): string {
  const canonical = JSON.stringify(fields, (_k, v: unknown) => (v === undefined ? null : v));
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export interface ProvenanceRow {
  source: string;
  song: SourceSong;
  fetchedAt: Date;
}

const BATCH = 5000;

/** Writes the rows whose content changed since the latest row of their source and number; returns how many. */
export async function recordProvenance(
  db: Pool | PoolClient,
  brand: Brand,
  rows: ProvenanceRow[],
  runId: number | null,
): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const fields = batch.map((r) => provenanceFields(r.song));
    const res = await db.query(
      `INSERT INTO catalog_source_rows (source, brand, no, fields, hash, fetched_at, run_id)
       SELECT x.source, $1, x.no, x.fields::jsonb, x.hash, x.fetched_at, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS x(source, no, fields, hash, fetched_at)
       WHERE x.hash IS DISTINCT FROM (
         SELECT p.hash FROM catalog_source_rows p WHERE p.source = x.source AND p.brand = $1 AND p.no = x.no ORDER BY p.id DESC LIMIT 1)`,
      [
        brand,
        runId,
        batch.map((r) => r.source),
        batch.map((r) => r.song.no.trim()),
        fields.map((f) => JSON.stringify(f)),
        fields.map(contentHash),
        batch.map((r) => r.fetchedAt),
      ],
    );
    written += res.rowCount ?? 0;
  }
  return written;
}

export interface SpellingHistoryRow {
  source: string;
  fields: Record<string, unknown>;
  hash: string;
  fetched_at: Date;
}

/** Every recorded spelling of one brand number, oldest first. */
export async function spellingHistory(db: Pool | PoolClient, brand: Brand, no: string): Promise<SpellingHistoryRow[]> {
  return (
    await db.query<SpellingHistoryRow>(
      'SELECT source, fields, hash, fetched_at FROM catalog_source_rows WHERE brand = $1 AND no = $2 ORDER BY id',
      [brand, no],
    )
  ).rows;
}

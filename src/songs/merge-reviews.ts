// The merge review queue as an operator sees it: pairs listed with both spellings, and a decision (accept or split)
// that becomes a song_merge_overrides row, so it holds through every later merge exactly as a manual override does.
// The pairs themselves are written by the merge (merge-store.ts); the decision takes effect at the next merge.
import type { Pool } from 'pg';
import { withTransaction } from '../platform/postgres';
import { notFound } from '../platform/errors';

export const REVIEW_STATUSES = ['pending', 'accepted', 'split'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_DECISIONS = ['accept', 'split'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface MergeReview {
  id: number;
  tj: { no: string; title: string; singer: string };
  ky: { no: string; title: string; singer: string };
  rule: string;
  score: number;
  status: ReviewStatus;
  queued_at: string;
  decided_at: string | null;
  note: string | null;
}

interface ReviewRow {
  id: string;
  tj_no: string;
  ky_no: string;
  tj_title: string;
  tj_singer: string;
  ky_title: string;
  ky_singer: string;
  rule: string;
  score: number;
  status: ReviewStatus;
  queued_at: Date;
  decided_at: Date | null;
  note: string | null;
}

const toReview = (r: ReviewRow): MergeReview => ({
  id: Number(r.id),
  tj: { no: r.tj_no, title: r.tj_title, singer: r.tj_singer },
  ky: { no: r.ky_no, title: r.ky_title, singer: r.ky_singer },
  rule: r.rule,
  score: Math.round(r.score * 100) / 100,
  status: r.status,
  queued_at: r.queued_at.toISOString(),
  decided_at: r.decided_at?.toISOString() ?? null,
  note: r.note,
});

/** Pairs of one status: pending ones most likely first (highest score), decided ones most recent first. */
export async function listMergeReviews(
  pg: Pool,
  status: ReviewStatus,
  limit: number,
): Promise<{ items: MergeReview[]; total: number }> {
  const order = status === 'pending' ? 'score DESC, id' : 'decided_at DESC, id DESC';
  const rows = (
    await pg.query<ReviewRow>(`SELECT * FROM song_merge_reviews WHERE status = $1 ORDER BY ${order} LIMIT $2`, [
      status,
      limit,
    ])
  ).rows;
  const total = Number(
    (await pg.query<{ n: string }>('SELECT count(*) AS n FROM song_merge_reviews WHERE status = $1', [status])).rows[0]
      .n,
  );
  return { items: rows.map(toReview), total };
}

/**
 * Records an operator's decision on a pair and the override that carries it out ('merge' for accept, 'split' for
 * split; an earlier override of the pair is replaced). A decided pair may be decided again (a correction).
 */
export async function decideMergeReview(
  pg: Pool,
  id: number,
  decision: ReviewDecision,
  note?: string,
): Promise<MergeReview> {
  return withTransaction(pg, async (client) => {
    const status: ReviewStatus = decision === 'accept' ? 'accepted' : 'split';
    const res = await client.query<ReviewRow>(
      `UPDATE song_merge_reviews SET status = $2, decided_at = now(), note = COALESCE($3, note) WHERE id = $1 RETURNING *`,
      [id, status, note ?? null],
    );
    const row = res.rows[0];
    if (!row) throw notFound('merge review');
    await client.query(
      `INSERT INTO song_merge_overrides (action, tj_no, ky_no, note) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tj_no, ky_no) DO UPDATE SET action = EXCLUDED.action, note = EXCLUDED.note`,
      [
        decision === 'accept' ? 'merge' : 'split',
        row.tj_no,
        row.ky_no,
        `merge review ${row.id}${row.note ? `: ${row.note}` : ''}`,
      ],
    );
    return toReview(row);
  });
}

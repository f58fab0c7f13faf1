// Reward proofs: a photo of a no-label product, taken today (Asia/Seoul), never submitted before, at most
// config.rewards.proofsPerDay accepted per user, day and action. Accepted proofs earn points in the ledger.
import type { Deps } from '../platform/deps';
import { AppError, notFound } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import { secondsUntilSeoulMidnight, seoulDay, sha256 } from './photo';
import type { PhotoInspector } from './photo-inspector';
import { lockForTransaction } from '../platform/advisory-lock';

export const PROOF_ACTIONS = ['purchase', 'recycle'] as const;
export type ProofAction = (typeof PROOF_ACTIONS)[number];

export interface ProofSubmission { userId: number; productId: number; action: ProofAction; photo: Buffer }
export interface AcceptedProof { proof_id: number; product_id: number; action: ProofAction; seoul_day: string; points: number; balance: number }

const refuse = (status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) =>
  new AppError(status, code, message, details, headers);

export async function pointsBalance(pg: Deps['pg'], userId: number): Promise<number> {
  const r = await pg.query<{ balance: string }>('SELECT COALESCE(sum(delta), 0) AS balance FROM point_ledger WHERE user_id = $1', [userId]);
  return Number(r.rows[0].balance);
}

export async function submitProof(deps: Pick<Deps, 'pg' | 'config'> & { photos: PhotoInspector }, s: ProofSubmission, now: Date = new Date()): Promise<AcceptedProof> {
  const { taken } = await deps.photos.inspect(s.photo);
  if (!taken) throw refuse(422, 'no_exif_date', 'the photo has no EXIF date taken (DateTimeOriginal); upload the original camera photo');
  const today = seoulDay(now);
  if (taken.seoulDay !== today) throw refuse(422, 'not_taken_today', `the photo was taken on ${taken.seoulDay}, proofs must be taken today (${today}, Asia/Seoul)`, { taken_on: taken.seoulDay, today });
  const hash = sha256(s.photo);
  const { proofsPerDay, pointsPerProof } = deps.config.rewards;

  try {
    return await withTransaction(deps.pg, async (client) => {
      // one decision at a time per user, day and action, so two parallel uploads cannot both pass the limit
      await lockForTransaction(client, `proof:${s.userId}:${today}:${s.action}`);
      const product = await client.query('SELECT 1 FROM products WHERE id = $1 AND deleted_at IS NULL', [s.productId]);
      if (!product.rowCount) throw notFound(`product ${s.productId}`);
      const seen = await client.query('SELECT 1 FROM reward_proofs WHERE photo_sha256 = $1', [hash]);
      if (seen.rowCount) throw refuse(409, 'duplicate_photo', 'this photo was already submitted');
      const done = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM reward_proofs WHERE user_id = $1 AND seoul_day = $2 AND action = $3', [s.userId, today, s.action]);
      if (Number(done.rows[0].n) >= proofsPerDay) {
        const retry = String(secondsUntilSeoulMidnight(now));
        throw refuse(429, 'daily_limit_reached', `at most ${proofsPerDay} ${s.action} proofs a day`, { limit: proofsPerDay, retry_after_seconds: Number(retry) }, { 'Retry-After': retry });
      }
      const proof = await client.query<{ id: string }>(
        `INSERT INTO reward_proofs (user_id, product_id, action, photo_sha256, taken_at, seoul_day, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [s.userId, s.productId, s.action, hash, taken.raw, today, s.photo.length]);
      const proofId = Number(proof.rows[0].id);
      await client.query('INSERT INTO point_ledger (user_id, delta, reason, proof_id) VALUES ($1, $2, $3, $4)',
        [s.userId, pointsPerProof, `proof:${s.action}`, proofId]);
      const balance = await client.query<{ balance: string }>('SELECT COALESCE(sum(delta), 0) AS balance FROM point_ledger WHERE user_id = $1', [s.userId]);
      return { proof_id: proofId, product_id: s.productId, action: s.action, seoul_day: today, points: pointsPerProof, balance: Number(balance.rows[0].balance) };
    });
  } catch (err) {
    // a parallel upload of the same photo that committed first
    if ((err as { code?: string }).code === '23505') throw refuse(409, 'duplicate_photo', 'this photo was already submitted');
    throw err;
  }
}

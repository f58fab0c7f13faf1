// Reward proofs: a real photo (decoded, not a thumbnail or a fill) of a no-label product, taken today (Asia/Seoul),
// not a near-duplicate of any photo submitted before (perceptual hash, across all users), showing the kind of object
// its product is (object detector), from an account with a verified e-mail, within per-account and per-address caps.
// Accepted proofs earn points in the ledger; proofs the detector cannot judge wait for an operator; every proof keeps
// its model result and a metadata-free copy of its photo.
import type { PoolClient } from 'pg';
import type { Deps } from '../platform/deps';
import { AppError, notFound } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import { lockForTransaction } from '../platform/advisory-lock';
import { secondsUntilSeoulMidnight, seoulDay, sha256 } from './photo';
import type { PhotoInspector } from './photo-inspector';
import { hashToBigint } from './perceptual-hash';
import { DETECTOR_NAME } from './object-detector';
import { ipSubject } from '../core/ip-subject';
import { isEmailVerified } from '../users/email-verification';
import { notAPhotoReason, objectVerdict, type ObjectVerdict, type ProofObjects } from './proof-verdict';

export const PROOF_ACTIONS = ['purchase', 'recycle'] as const;
export type ProofAction = (typeof PROOF_ACTIONS)[number];
export type ProofStatus = 'accepted' | 'pending_review' | 'rejected' | 'reversed';

export interface ProofSubmission {
  userId: number;
  productId: number;
  action: ProofAction;
  photo: Buffer;
  ip: string;
}
export interface ProofOutcome {
  proof_id: number;
  product_id: number;
  action: ProofAction;
  seoul_day: string;
  status: ProofStatus;
  verdict: ObjectVerdict['verdict'];
  points: number;
  balance: number;
}

export type ProofDeps = Pick<Deps, 'pg' | 'config'> & { photos: PhotoInspector; objects: ProofObjects };

const refuse = (status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) =>
  new AppError(status, code, message, details, headers);

// every proof decision reads "what was submitted before" across all users: one at a time
const PROOF_LOCK = 'proofs:decide';

export async function pointsBalance(pg: Deps['pg'] | PoolClient, userId: number): Promise<number> {
  const r = await pg.query<{ balance: string }>(
    'SELECT COALESCE(sum(delta), 0) AS balance FROM point_ledger WHERE user_id = $1',
    [String(userId)],
  );
  return Number(r.rows[0].balance);
}

async function requireVerifiedEmail(deps: ProofDeps, userId: number): Promise<void> {
  if (!deps.config.rewards.requireVerifiedEmail) return;
  if (!(await isEmailVerified(deps.pg, userId)))
    throw refuse(403, 'email_not_verified', 'verify your e-mail address before earning points');
}

export async function submitProof(deps: ProofDeps, s: ProofSubmission, now: Date = new Date()): Promise<ProofOutcome> {
  const rules = deps.config.rewards;
  await requireVerifiedEmail(deps, s.userId);
  const { taken, facts } = await deps.photos.inspect(s.photo);
  if (!facts.decoded || !facts.phash || !facts.stripped)
    throw refuse(422, 'not_a_photo', 'the upload does not decode as an image');
  const notPhoto = notAPhotoReason(facts.decoded, { minSide: rules.minPhotoSide, minEntropy: 3 });
  if (notPhoto)
    throw refuse(422, 'not_a_photo', notPhoto, { width: facts.decoded.width, height: facts.decoded.height });
  if (!taken)
    throw refuse(
      422,
      'no_exif_date',
      'the photo has no EXIF date taken (DateTimeOriginal); upload the original camera photo',
    );
  const today = seoulDay(now);
  if (taken.seoulDay !== today)
    throw refuse(
      422,
      'not_taken_today',
      `the photo was taken on ${taken.seoulDay}, proofs must be taken today (${today}, Asia/Seoul)`,
      { taken_on: taken.seoulDay, today },
    );
  const subject = ipSubject(s.ip);
  const phash = hashToBigint(facts.phash);

  try {
    const outcome = await withTransaction(deps.pg, async (client) => {
      await lockForTransaction(client, PROOF_LOCK);
      const product = await client.query<{ category: string }>(
        'SELECT category FROM products WHERE id = $1 AND deleted_at IS NULL',
        [s.productId],
      );
      if (!product.rowCount) throw notFound(`product ${s.productId}`);
      const seen = await client.query(
        `SELECT 1 FROM reward_proofs WHERE photo_sha256 = $1
         OR (phash IS NOT NULL AND bit_count((phash # $2::bigint)::bit(64)) <= $3) LIMIT 1`,
        [sha256(s.photo), phash, rules.phashMaxDistance],
      );
      if (seen.rowCount) throw refuse(409, 'duplicate_photo', 'this photo (or one very like it) was already submitted');
      const counts = await client.query<{ mine: string; address: string }>(
        `SELECT count(*) FILTER (WHERE user_id = $1 AND action = $3) AS mine, count(*) FILTER (WHERE ip_subject = $4) AS address
         FROM reward_proofs WHERE seoul_day = $2 AND status IN ('accepted', 'pending_review') AND (user_id = $1 OR ip_subject = $4)`,
        [String(s.userId), today, s.action, subject],
      );
      const retry = String(secondsUntilSeoulMidnight(now));
      if (Number(counts.rows[0].mine) >= rules.proofsPerDay) {
        throw refuse(
          429,
          'daily_limit_reached',
          `at most ${rules.proofsPerDay} ${s.action} proofs a day`,
          { limit: rules.proofsPerDay, retry_after_seconds: Number(retry) },
          { 'Retry-After': retry },
        );
      }
      if (Number(counts.rows[0].address) >= rules.proofsPerIpPerDay) {
        throw refuse(
          429,
          'address_daily_limit_reached',
          `at most ${rules.proofsPerIpPerDay} proofs a day from one address`,
          { limit: rules.proofsPerIpPerDay, retry_after_seconds: Number(retry) },
          { 'Retry-After': retry },
        );
      }
      const verdict = objectVerdict(product.rows[0].category, facts.detections, deps.objects);
      const proof = await client.query<{ id: string }>(
        `INSERT INTO reward_proofs (user_id, product_id, action, photo_sha256, taken_at, seoul_day, bytes, status, phash, width, height,
           detections, detector, detector_error, verdict, ip_subject)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [
          String(s.userId),
          s.productId,
          s.action,
          sha256(s.photo),
          taken.raw,
          today,
          s.photo.length,
          verdict.status,
          phash,
          facts.decoded!.width,
          facts.decoded!.height,
          JSON.stringify(facts.detections),
          DETECTOR_NAME,
          facts.detectorError,
          verdict.verdict,
          subject,
        ],
      );
      const proofId = Number(proof.rows[0].id);
      await client.query('INSERT INTO proof_photos (proof_id, jpeg) VALUES ($1, $2)', [
        proofId,
        Buffer.from(facts.stripped!),
      ]);
      const points = verdict.status === 'accepted' ? rules.pointsPerProof : 0;
      if (points) await credit(client, s.userId, points, `proof:${s.action}`, proofId);
      return {
        proof_id: proofId,
        product_id: s.productId,
        action: s.action,
        seoul_day: today,
        status: verdict.status,
        verdict: verdict.verdict,
        points,
        balance: await pointsBalance(client, s.userId),
        wanted: 'wanted' in verdict ? verdict.wanted : [],
      };
    });
    // a rejected proof is kept (with its model result) but answered as the refusal it is
    if (outcome.status === 'rejected') {
      throw refuse(
        422,
        'object_not_found',
        `the photo does not show ${outcome.wanted.join(' or ')}: photograph the product itself`,
        { proof_id: outcome.proof_id, wanted: outcome.wanted },
      );
    }
    const { wanted: _wanted, ...answer } = outcome;
    return answer;
  } catch (err) {
    // a parallel upload of the same photo that committed first
    if ((err as { code?: string }).code === '23505')
      throw refuse(409, 'duplicate_photo', 'this photo was already submitted');
    throw err;
  }
}

async function credit(
  client: PoolClient,
  userId: number | string,
  delta: number,
  reason: string,
  proofId: number,
): Promise<void> {
  await client.query('INSERT INTO point_ledger (user_id, delta, reason, proof_id) VALUES ($1, $2, $3, $4)', [
    String(userId),
    delta,
    reason,
    proofId,
  ]);
}

// ---- operator decisions ----

export interface ReviewItem {
  proof_id: number;
  user_id: string;
  product_id: number;
  product_name: string;
  category: string;
  action: string;
  status: ProofStatus;
  verdict: string | null;
  detections: unknown;
  detector_error: string | null;
  created_at: string;
}

export async function listProofs(pg: Deps['pg'], status: ProofStatus, limit: number): Promise<ReviewItem[]> {
  const r = await pg.query<ReviewItem & { proof_id: string; product_id: string; created_at: Date }>(
    `SELECT p.id AS proof_id, p.user_id, p.product_id, pr.name AS product_name, pr.category, p.action, p.status, p.verdict,
            p.detections, p.detector_error, p.created_at
     FROM reward_proofs p JOIN products pr ON pr.id = p.product_id WHERE p.status = $1 ORDER BY p.created_at LIMIT $2`,
    [status, limit],
  );
  return r.rows.map((row) => ({
    ...row,
    proof_id: Number(row.proof_id),
    product_id: Number(row.product_id),
    created_at: row.created_at.toISOString(),
  }));
}

export type ReviewDecision = 'approve' | 'reject';

/** An operator's decision on a waiting proof: approve earns its points, reject earns nothing. */
export async function reviewProof(
  deps: Pick<Deps, 'pg' | 'config'>,
  proofId: number,
  decision: ReviewDecision,
  note?: string,
) {
  return withTransaction(deps.pg, async (client) => {
    const p = await client.query<{ user_id: string; action: string; status: ProofStatus }>(
      'SELECT user_id, action, status FROM reward_proofs WHERE id = $1 FOR UPDATE',
      [proofId],
    );
    if (!p.rowCount) throw notFound(`proof ${proofId}`);
    const proof = p.rows[0];
    if (proof.status !== 'pending_review')
      throw refuse(409, 'not_pending', `proof ${proofId} is ${proof.status}, not waiting for review`, {
        status: proof.status,
      });
    const status: ProofStatus = decision === 'approve' ? 'accepted' : 'rejected';
    await client.query('UPDATE reward_proofs SET status = $2, reviewed_at = now(), review_note = $3 WHERE id = $1', [
      proofId,
      status,
      note ?? null,
    ]);
    const points = decision === 'approve' ? deps.config.rewards.pointsPerProof : 0;
    if (points) await credit(client, proof.user_id, points, `proof:${proof.action}`, proofId);
    return { proof_id: proofId, status, points };
  });
}

/** Takes back what an accepted proof earned (a later finding of fraud): a negative ledger row, the proof marked reversed. */
export async function reverseProof(pg: Deps['pg'], proofId: number, note?: string) {
  return withTransaction(pg, async (client) => {
    const p = await client.query<{ user_id: string; status: ProofStatus }>(
      'SELECT user_id, status FROM reward_proofs WHERE id = $1 FOR UPDATE',
      [proofId],
    );
    if (!p.rowCount) throw notFound(`proof ${proofId}`);
    if (p.rows[0].status !== 'accepted')
      throw refuse(
        409,
        'not_accepted',
        `proof ${proofId} is ${p.rows[0].status}: only accepted proofs can be reversed`,
        { status: p.rows[0].status },
      );
    const earned = await client.query<{ sum: string }>(
      "SELECT COALESCE(sum(delta), 0) AS sum FROM point_ledger WHERE proof_id = $1 AND reason LIKE 'proof:%'",
      [proofId],
    );
    const delta = -Number(earned.rows[0].sum);
    if (delta) await credit(client, p.rows[0].user_id, delta, 'reversal:proof', proofId);
    await client.query(
      "UPDATE reward_proofs SET status = 'reversed', reviewed_at = now(), review_note = $2 WHERE id = $1",
      [proofId, note ?? null],
    );
    return {
      proof_id: proofId,
      status: 'reversed' as const,
      points: delta,
      balance: await pointsBalance(client, Number(p.rows[0].user_id)),
    };
  });
}

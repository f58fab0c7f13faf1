// Server-issued anonymous sessions and who an event counts for. POST /api/sessions hands out a random id kept in Redis
// (with the address it was issued to) for SESSION_TTL_SECONDS; an X-Session-Id the client made up is kept with its
// events but vouched for by nobody, so those events never count for popularity, training or popular lists.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps';
import type { Caller } from '../core/caller';
import { ipSubject, wideIpSubject } from '../core/ip-subject';

export const SESSION_TTL_SECONDS = 30 * 86_400;
const ISSUED = /^ns_[A-Za-z0-9_-]{32}$/;
const sessionKey = (id: string) => `sess:${id}`;

/** Who an event counts for: `u:<user id>`, `s:<issued session id>`, or null (stored, never counted). */
export interface EventActor {
  actor: string | null;
  /** the address an anonymous session was issued to (IPv4, or the IPv6 /48), for the per-address daily cap */
  ipSubject: string | null;
}

/** The address subject anonymous counting caps by: an IPv6 client could rotate through its /64s, so its /48. */
export const countingAddressOf = (ip: string) => wideIpSubject(ip) ?? ipSubject(ip);

export async function issueSession(
  deps: Pick<Deps, 'redis'>,
  ip: string,
  now: Date = new Date(),
): Promise<{ id: string; expiresAt: Date }> {
  const id = `ns_${crypto.randomBytes(24).toString('base64url')}`;
  await deps.redis.set(
    sessionKey(id),
    JSON.stringify({ ip: countingAddressOf(ip), at: now.toISOString() }),
    'EX',
    SESSION_TTL_SECONDS,
  );
  return { id, expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000) };
}

const NOBODY: EventActor = { actor: null, ipSubject: null };

/** Who the caller's events count for; a session id not issued here (or Redis unreachable) counts for nobody. */
export async function actorOf(deps: Pick<Deps, 'redis' | 'logger'>, caller: Partial<Caller>): Promise<EventActor> {
  if (caller.userId) return { actor: `u:${caller.userId}`, ipSubject: null };
  const id = caller.sessionId;
  if (!id || !ISSUED.test(id)) return NOBODY;
  try {
    const raw = await deps.redis.get(sessionKey(id));
    if (!raw) return NOBODY;
    const issued = JSON.parse(raw) as { ip?: unknown };
    return { actor: `s:${id}`, ipSubject: typeof issued.ip === 'string' ? issued.ip : null };
  } catch (err) {
    deps.logger.warn('session lookup failed; the events are kept but not counted', { error: (err as Error).message });
    return NOBODY;
  }
}

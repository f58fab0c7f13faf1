// Who is calling: the signed-in user (req.user, put there by src/users/auth.ts when present), the client session and
// IP. Below every capability, so rate limits, search recording, trending and rooms read the caller without users/.
import type { Request } from 'express';
import type { AgeBand, Demographic, Gender } from './demographics';

export interface Caller extends Demographic {
  userId?: number;
  /** the client's X-Session-Id, when well-formed: groups an anonymous client's events; client-chosen, so never a counting key */
  sessionId?: string;
  ip: string;
}

/** The part of src/users' AuthUser (on req.user) that a caller is made of. */
interface SignedIn {
  id: number;
  gender?: Gender | null;
  age_band?: AgeBand | null;
}

const SESSION_ID = /^[\w.-]{8,64}$/;

/** The client's session id (X-Session-Id header), when it is well-formed. */
export function sessionIdOf(req: Request): string | undefined {
  const raw = req.get('x-session-id');
  return raw && SESSION_ID.test(raw) ? raw : undefined;
}

export function callerOf(req: Request): Caller {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const sessionId = sessionIdOf(req);
  const user: SignedIn | undefined = req.user;
  if (!user) return { ip, sessionId };
  return { userId: user.id, gender: user.gender ?? undefined, ageBand: user.age_band ?? undefined, sessionId, ip };
}

// Who is calling: the signed-in user that src/users/auth.ts puts on req.user (when present), the client session and IP.
import type { Request } from 'express';
import type { Demographic } from './demographics';

export interface Caller extends Demographic {
  userId?: number;
  /** the client's X-Session-Id, when well-formed: groups an anonymous client's events; client-chosen, so never a counting key */
  sessionId?: string;
  ip: string;
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
  const user = req.user;
  if (!user) return { ip, sessionId };
  return { userId: user.id, gender: user.gender ?? undefined, ageBand: user.age_band ?? undefined, sessionId, ip };
}

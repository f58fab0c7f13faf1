// Who is calling: the signed-in user that src/users/auth.ts puts on req.user (when present) and the client IP.
import type { Request } from 'express';

export interface Caller { userId?: string; ip: string; gender?: string; ageRange?: string | number }

interface RequestUser { id?: string | number; gender?: string | null; age_band?: string | null; ageBand?: string | null; age_range?: string | null; ageRange?: string | null; age?: number | null }

export function callerOf(req: Request): Caller {
  const user = (req as Request & { user?: RequestUser }).user;
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (!user || user.id === undefined || user.id === null) return { ip };
  return {
    userId: String(user.id),
    ip,
    gender: user.gender ?? undefined,
    ageRange: user.age_band ?? user.ageBand ?? user.age_range ?? user.ageRange ?? user.age ?? undefined,
  };
}

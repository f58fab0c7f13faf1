// Errors are values with a code; the HTTP layer turns them into { error: { code, message, details? } }.
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new AppError(400, code, message, details);
export const unauthorized = (message = 'sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'not yours') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unavailable = (dependency: string) => new AppError(503, 'dependency_unavailable', `${dependency} is unavailable, try again shortly`, { dependency });

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P03', '08006', '08001']);

/** Which dependency a thrown error says is down, or undefined when it is not an availability problem. */
export function unavailableDependency(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { name?: string; code?: string; message?: string; meta?: unknown };
  if (e.name === 'ConnectionError' || e.name === 'TimeoutError' || e.name === 'NoLivingConnectionsError') return 'elasticsearch';
  if (e.name === 'ResponseError' && (e as { meta?: { statusCode?: number } }).meta?.statusCode === 503) return 'elasticsearch';
  const msg = e.message ?? '';
  if (/Stream isn't writeable|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest|Command timed out/i.test(msg)) return 'redis';
  if (e.code && NETWORK_CODES.has(e.code)) return /redis/i.test(msg) ? 'redis' : 'postgres';
  if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(msg)) return 'postgres';
  return undefined;
}

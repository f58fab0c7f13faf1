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

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'not yours') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unavailable = (dependency: string) =>
  new AppError(503, 'dependency_unavailable', `${dependency} is unavailable, try again shortly`, { dependency });

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/** Which dependency a thrown error says is down, or undefined when it is not an availability problem. */
export function unavailableDependency(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { name?: string; code?: string; message?: string; meta?: unknown };
  if (e.name === 'ConnectionError' || e.name === 'TimeoutError' || e.name === 'NoLivingConnectionsError')
    return 'elasticsearch';
  if (e.name === 'ResponseError' && (e as { meta?: { statusCode?: number } }).meta?.statusCode === 503)
    return 'elasticsearch';
  const msg = e.message ?? '';
  if (
    /Stream isn't writeable|Connection is closed|enableOfflineQueue|MaxRetriesPerRequest|Command timed out/i.test(msg)
  )
    return 'redis';
  if (e.code && NETWORK_CODES.has(e.code)) return /redis/i.test(msg) ? 'redis' : 'postgres';
  if (/Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(msg))
    return 'postgres';
  return undefined;
}

interface EsCause {
  type?: string;
  reason?: string;
  index?: string;
  caused_by?: EsCause;
}
interface EsErrorBody {
  error?: EsCause & { root_cause?: EsCause[] };
  status?: number;
}

function esErrorOf(err: unknown): { status: number; body: EsErrorBody } | undefined {
  const e = err as { name?: string; meta?: { statusCode?: number; body?: unknown } };
  if (e?.name !== 'ResponseError' || typeof e.meta?.statusCode !== 'number') return undefined;
  return { status: e.meta.statusCode, body: (e.meta.body ?? {}) as EsErrorBody };
}

function causesOf(body: EsErrorBody): EsCause[] {
  const out: EsCause[] = [];
  const walk = (c?: EsCause) => {
    if (c && out.length < 20) {
      out.push(c);
      walk(c.caused_by);
    }
  };
  walk(body.error);
  for (const c of body.error?.root_cause ?? []) walk(c);
  return out;
}

// Elasticsearch refuses these because of what the user typed, not because we or the cluster are broken
// (the "too complex" ones come back as a 500 search_phase_execution_exception, yet the input is the cause)
const TOO_COMPLEX = new Set([
  'too_complex_to_determinize_exception',
  'fuzzy_terms_exception',
  'too_many_clauses',
  'too_many_nested_clauses',
]);
const BAD_QUERY = new Set([...TOO_COMPLEX, 'query_shard_exception', 'parse_exception', 'x_content_parse_exception']);

/** An Elasticsearch failure turned into the answer it deserves: 503 index_not_ready, 400 query_too_complex, or undefined. */
export function appErrorFromElasticsearch(err: unknown): AppError | undefined {
  const es = esErrorOf(err);
  if (!es) return undefined;
  const causes = causesOf(es.body);
  const missing = causes.find((c) => c.type === 'index_not_found_exception');
  if (missing) {
    return new AppError(
      503,
      'index_not_ready',
      'the search index is not built yet, try again shortly',
      { index: missing.index },
      { 'Retry-After': '30' },
    );
  }
  const inputCause = causes.find((c) => c.type && (es.status === 400 ? BAD_QUERY : TOO_COMPLEX).has(c.type));
  if (inputCause && es.status < 501)
    return badRequest('query_too_complex', 'the query is too complex to search, shorten or simplify it', {
      reason: inputCause.type,
    });
  if (es.status === 429)
    return new AppError(
      503,
      'dependency_unavailable',
      'elasticsearch is overloaded, try again shortly',
      { dependency: 'elasticsearch' },
      { 'Retry-After': '5' },
    );
  return undefined;
}

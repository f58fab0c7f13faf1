// Liveness and readiness. Readiness is cheap for the public (one cached check shared by every caller) and detailed
// (per service, breakers, counters) only for an operator presenting OPERATOR_TOKEN.
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Deps } from './deps';
import { defineRoute, route, z } from './api';

export interface CheckResult {
  status: 'up' | 'down';
  latency_ms: number;
  error?: string;
  circuit?: 'closed' | 'open';
}

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latency_ms: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** What keeps working when Redis is down (fails open) and what refuses (fails closed); README says the same. */
export const REDIS_DOWN_POLICY = {
  fails_open: [
    'search and write rate limits (autocomplete and recommendation limits still hold per API process)',
    'trending counting (searches are not counted)',
    'caches (bypassed)',
  ],
  fails_closed: [
    'trending reads (503)',
    'Kakao login start/callback (503: the state cannot be stored)',
    'OpenAI suggestions (skipped: without Redis no budget or cache check, so no call)',
  ],
} as const;

export type Readiness = {
  ready: boolean;
  status: 'ready' | 'degraded' | 'unavailable';
  services: Record<'elasticsearch' | 'postgres' | 'redis', CheckResult>;
};

export async function checkReadiness(
  deps: Pick<Deps, 'es' | 'pg' | 'redis'> & Partial<Pick<Deps, 'breakers'>>,
  timeoutMs = 1500,
): Promise<Readiness> {
  const [elasticsearch, postgres, redis] = await Promise.all([
    timed(
      () => deps.es.cluster.health({ timeout: `${timeoutMs}ms` }, { requestTimeout: timeoutMs, maxRetries: 0 }),
      timeoutMs,
    ),
    timed(() => deps.pg.query('SELECT 1'), timeoutMs),
    timed(() => deps.redis.ping(), timeoutMs),
  ]);
  const services = { elasticsearch, postgres, redis };
  if (deps.breakers)
    for (const [name, s] of Object.entries(services)) s.circuit = deps.breakers[name as keyof typeof services].state;
  // without Redis, search still works (limits and counters fail open): degraded, still serving
  const ready = elasticsearch.status === 'up' && postgres.status === 'up';
  return { ready, status: !ready ? 'unavailable' : redis.status === 'up' ? 'ready' : 'degraded', services };
}

/** One check at a time, its answer reused for cacheMs: a flood of /readyz costs the dependencies nothing extra. */
export function cachedReadiness(check: () => Promise<Readiness>, cacheMs: number, clock: () => number = Date.now) {
  let last: { at: number; value: Readiness } | undefined;
  let inFlight: Promise<Readiness> | undefined;
  return async (): Promise<Readiness> => {
    if (last && clock() - last.at < cacheMs) return last.value;
    inFlight ??= check()
      .then((value) => {
        last = { at: clock(), value };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

export function isOperator(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const given = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? req.get('x-operator-token') ?? '';
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Extra operator-only numbers (e.g. OpenAI usage) registered by capabilities. */
export type OperatorMetrics = Record<string, () => unknown | Promise<unknown>>;

const Check = z.object({
  status: z.enum(['up', 'down']),
  latency_ms: z.number(),
  error: z.string().optional(),
  circuit: z.enum(['closed', 'open']).optional(),
});
const ReadinessBody = z
  .looseObject({
    status: z
      .enum(['ready', 'degraded', 'unavailable'])
      .openapi({ description: 'degraded: Redis is down, search still serves' }),
    services: z
      .object({ elasticsearch: Check, postgres: Check, redis: Check })
      .optional()
      .openapi({ description: 'operators only (OPERATOR_TOKEN)' }),
  })
  .openapi('Readiness');

export const healthApi = {
  live: defineRoute({
    method: 'get',
    path: '/healthz',
    tag: 'health',
    summary: 'Liveness: the process answers',
    responses: { 200: { description: 'alive', schema: z.object({ status: z.literal('ok'), uptime_s: z.number() }) } },
  }),
  ready: defineRoute({
    method: 'get',
    path: '/readyz',
    tag: 'health',
    summary: 'Readiness (cached); per-service details for an operator token',
    responses: {
      200: { description: 'ready or degraded', schema: ReadinessBody },
      503: { description: 'Elasticsearch or Postgres is down', schema: ReadinessBody },
    },
  }),
};

export function healthRoutes(deps: Deps, metrics: OperatorMetrics = {}): Router {
  const router = Router();
  const readiness = cachedReadiness(() => checkReadiness(deps), deps.config.readinessCacheMs);
  route(router, healthApi.live, [], async () => ({
    status: 200,
    body: { status: 'ok', uptime_s: Math.round(process.uptime()) },
  }));
  route(router, healthApi.ready, [], async (_input, req, res) => {
    const result = await readiness();
    const status = result.ready ? (200 as const) : (503 as const);
    if (!isOperator(req, deps.config.operatorToken)) return { status, body: { status: result.status } };
    res.setHeader('Cache-Control', 'no-store');
    const extra = Object.fromEntries(
      await Promise.all(Object.entries(metrics).map(async ([k, read]) => [k, await read()])),
    );
    return {
      status,
      body: { status: result.status, services: result.services, redis_down_policy: REDIS_DOWN_POLICY, ...extra },
    };
  });
  return router;
}

// Liveness and readiness: readiness pings every dependency and reports status and latency.
import { Router } from 'express';
import type { Deps } from './deps';

export interface CheckResult { status: 'up' | 'down'; latency_ms: number; error?: string }

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); })]);
    return { status: 'up', latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', latency_ms: Math.round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(deps: Pick<Deps, 'es' | 'pg' | 'redis'>, timeoutMs = 1500) {
  const [elasticsearch, postgres, redis] = await Promise.all([
    timed(() => deps.es.cluster.health({ timeout: `${timeoutMs}ms` }, { requestTimeout: timeoutMs, maxRetries: 0 }), timeoutMs),
    timed(() => deps.pg.query('SELECT 1'), timeoutMs),
    timed(() => deps.redis.ping(), timeoutMs),
  ]);
  const services = { elasticsearch, postgres, redis };
  const ready = Object.values(services).every((s) => s.status === 'up');
  return { ready, services };
}

export function healthRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok', uptime_s: Math.round(process.uptime()) }); });
  router.get('/readyz', async (_req, res) => {
    const result = await checkReadiness(deps);
    res.status(result.ready ? 200 : 503).json({ status: result.ready ? 'ready' : 'unavailable', services: result.services });
  });
  return router;
}

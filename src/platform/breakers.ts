// Per-dependency circuit breakers (cockatiel): after a few consecutive availability failures a dependency is
// "open" and every call to it fails at once with a 503, while a background probe checks when it is back.
// Retries happen only for calls that never reached the server, and only within a small per-request budget.
import type { Client } from '@elastic/elasticsearch';
import type { Pool } from 'pg';
import type Redis from 'ioredis';
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { AppError, unavailableDependency } from './errors';

export type DependencyName = 'elasticsearch' | 'postgres' | 'redis';
export interface BreakerOptions { failures: number; halfOpenAfterMs: number; retryBudgetMs: number }
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = { failures: 3, halfOpenAfterMs: 2000, retryBudgetMs: 150 };

const RETRY_DELAY_MS = 25;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nothing was sent: safe to retry even a write. */
export function neverReachedServer(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  return e?.code === 'ECONNREFUSED' || /ECONNREFUSED|timeout exceeded when trying to connect/i.test(e?.message ?? '');
}

export class DependencyGuard {
  readonly breaker: CircuitBreakerPolicy;
  private probeTimer?: NodeJS.Timeout;
  private opened = 0;

  constructor(readonly name: DependencyName, private readonly options: BreakerOptions, private readonly probe: () => Promise<unknown>) {
    this.breaker = circuitBreaker(handleWhen((err) => unavailableDependency(err) !== undefined || err instanceof AppError && err.status === 503), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failures),
    });
    this.breaker.onBreak(() => { this.opened++; this.startProbing(); });
    this.breaker.onReset(() => this.stopProbing());
  }

  /** closed: calls go through; open: calls fail fast until the background probe succeeds. */
  get state(): 'closed' | 'open' {
    return this.breaker.state === CircuitState.Closed ? 'closed' : 'open';
  }

  isOpen(): boolean { return this.state === 'open'; }

  get timesOpened(): number { return this.opened; }

  unavailable(): AppError {
    return new AppError(503, 'dependency_unavailable', `${this.name} is unavailable, try again shortly`, { dependency: this.name, circuit: 'open' }, { 'Retry-After': String(Math.ceil(this.options.halfOpenAfterMs / 1000)) });
  }

  /** Runs one call to the dependency: fails fast when open, counts availability failures, retries within budget. */
  async run<T>(call: () => Promise<T>, retryable: (err: unknown) => boolean = neverReachedServer): Promise<T> {
    if (this.isOpen()) throw this.unavailable();
    const started = Date.now();
    for (;;) {
      try {
        return await this.breaker.execute(call);
      } catch (err) {
        if (err instanceof BrokenCircuitError) throw this.unavailable();
        const spent = Date.now() - started;
        if (this.isOpen() || !retryable(err) || spent + RETRY_DELAY_MS > this.options.retryBudgetMs) throw err;
        await delay(RETRY_DELAY_MS);
      }
    }
  }

  /** Records the outcome of a call made elsewhere (used for Redis, whose client owns its connection). */
  observe(result: Promise<unknown>): void {
    if (this.state === 'open') return;
    this.breaker.execute(() => result).catch(() => undefined);
  }

  private startProbing() {
    if (this.probeTimer) return;
    // the probe, not a user's request, is what tries the dependency again
    this.probeTimer = setInterval(() => { this.breaker.execute(this.probe).catch(() => undefined); }, Math.max(50, Math.round(this.options.halfOpenAfterMs / 2)));
    this.probeTimer.unref();
  }

  private stopProbing() {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }

  dispose() { this.stopProbing(); }
}

export type Breakers = Record<DependencyName, DependencyGuard>;

type Requester = (params: unknown, options?: unknown) => Promise<unknown>;

/** Every Elasticsearch API call goes through transport.request: guard it there. */
export function guardElasticsearch(es: Client, options: BreakerOptions): DependencyGuard {
  const transport = es.transport as unknown as { request: Requester };
  const request = transport.request.bind(transport);
  const guard = new DependencyGuard('elasticsearch', options, () => request({ method: 'HEAD', path: '/' }, { requestTimeout: 1000, maxRetries: 0 }));
  transport.request = (params, opts) => guard.run(() => request(params, opts));
  return guard;
}

/** pool.query and pool.connect (transactions) are the only ways in; callback forms are left alone. */
export function guardPostgres(pg: Pool, options: BreakerOptions): DependencyGuard {
  const query = pg.query.bind(pg) as (...args: unknown[]) => Promise<unknown>;
  const connect = pg.connect.bind(pg) as (...args: unknown[]) => Promise<unknown>;
  const guard = new DependencyGuard('postgres', options, () => query('SELECT 1'));
  (pg as unknown as { query: unknown }).query = (...args: unknown[]) =>
    typeof args[args.length - 1] === 'function' ? query(...args) : guard.run(() => query(...args));
  (pg as unknown as { connect: unknown }).connect = (...args: unknown[]) =>
    typeof args[0] === 'function' ? connect(...args) : guard.run(() => connect());
  return guard;
}

interface RedisCommand { reject(err: Error): void; promise: Promise<unknown> }

/** ioredis reconnects on its own; while the breaker is open and the connection is not ready, commands fail at once. */
export function guardRedis(redis: Redis, options: BreakerOptions): DependencyGuard {
  const r = redis as unknown as { sendCommand: (command: RedisCommand, stream?: unknown) => Promise<unknown>; status: string };
  const send = r.sendCommand.bind(redis);
  const guard = new DependencyGuard('redis', options, () => redis.ping());
  redis.on('error', () => undefined); // connection errors surface through the commands (and this breaker), not as crashes
  r.sendCommand = (command, stream) => {
    if (guard.state === 'open' && r.status !== 'ready' && r.status !== 'connect') {
      command.reject(guard.unavailable());
      return command.promise;
    }
    const result = send(command, stream);
    guard.observe(result);
    return result;
  };
  return guard;
}

export function guardDependencies(clients: { es: Client; pg: Pool; redis: Redis }, options: BreakerOptions = DEFAULT_BREAKER_OPTIONS): Breakers {
  return {
    elasticsearch: guardElasticsearch(clients.es, options),
    postgres: guardPostgres(clients.pg, options),
    redis: guardRedis(clients.redis, options),
  };
}

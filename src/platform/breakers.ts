// Per-dependency circuit breakers (cockatiel): after a few consecutive availability failures a dependency is
// "open" and every call to it fails at once with a 503, while a background probe checks when it is back.
// While a request is being served every call also has a deadline (a cockatiel timeout), so a dependency that is
// down or hung costs a request at most that long even before its breaker opens. Retries happen only for calls that
// never reached the server, and only within a small per-request budget.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Client } from '@elastic/elasticsearch';
import type { Pool, PoolClient } from 'pg';
import type Redis from 'ioredis';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  TaskCancelledError,
  timeout,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { AppError, unavailableDependency } from './errors';

export type DependencyName = 'elasticsearch' | 'postgres' | 'redis';
export interface BreakerOptions {
  failures: number;
  halfOpenAfterMs: number;
  retryBudgetMs: number;
  callTimeoutMs: number;
}
export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failures: 3,
  halfOpenAfterMs: 2000,
  retryBudgetMs: 50,
  callTimeoutMs: 1000,
};

/** Why a call failed fast: the breaker was open, the connection is known lost, or the call missed its deadline. */
export type FastFailReason = 'circuit_open' | 'not_connected' | 'timeout';

const RETRY_DELAY_MS = 25;
// cockatiel 3.2's isTaskCancelledError() tests for the wrong property, hence instanceof
const timedOut = (err: unknown) => err instanceof TaskCancelledError;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Calls made while serving a request get the per-call deadline; jobs and scripts (rebuilds, training, migrations)
// keep the clients' own, longer timeouts. A request's background work that outlives its response has none.
const requestScope = new AsyncLocalStorage<{ serving: boolean }>();

/** Express middleware: marks everything this request does as "on a request path" until the response is sent. */
export function dependencyDeadlines(): RequestHandler {
  return (_req, res, next) => {
    const scope = { serving: true };
    const done = () => {
      scope.serving = false;
    };
    res.once('finish', done);
    res.once('close', done);
    requestScope.run(scope, next);
  };
}

/** Runs fn as if it served a request (tests and benchmarks of the deadline). */
export function onRequestPath<T>(fn: () => T): T {
  return requestScope.run({ serving: true }, fn);
}

const servingRequest = () => requestScope.getStore()?.serving === true;

/** Nothing was sent: safe to retry even a write. */
export function neverReachedServer(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  return e?.code === 'ECONNREFUSED' || /ECONNREFUSED|timeout exceeded when trying to connect/i.test(e?.message ?? '');
}

/** The guard's own fast failure (deadline, lost connection, open circuit): the call's connection may be mid-request. */
export function isFastFailure(err: unknown): boolean {
  return (
    err instanceof AppError &&
    err.code === 'dependency_unavailable' &&
    typeof (err.details as { reason?: unknown })?.reason === 'string'
  );
}

export class DependencyGuard {
  readonly breaker: CircuitBreakerPolicy;
  private probeTimer?: NodeJS.Timeout;
  private opened = 0;

  constructor(
    readonly name: DependencyName,
    private readonly options: BreakerOptions,
    private readonly probe: () => Promise<unknown>,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((err) => unavailableDependency(err) !== undefined || (err instanceof AppError && err.status === 503)),
      {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.failures),
      },
    );
    this.breaker.onBreak(() => {
      this.opened++;
      this.startProbing();
    });
    this.breaker.onReset(() => this.stopProbing());
  }

  /** closed: calls go through; open: calls fail fast until the background probe succeeds. */
  get state(): 'closed' | 'open' {
    return this.breaker.state === CircuitState.Closed ? 'closed' : 'open';
  }

  isOpen(): boolean {
    return this.state === 'open';
  }

  get timesOpened(): number {
    return this.opened;
  }

  /** The deadline of a call made now: the per-call budget on a request path, none elsewhere. */
  callDeadlineMs(): number | undefined {
    return servingRequest() && this.options.callTimeoutMs > 0 ? this.options.callTimeoutMs : undefined;
  }

  unavailable(reason: FastFailReason = 'circuit_open'): AppError {
    const message =
      reason === 'timeout'
        ? `${this.name} did not answer in time, try again shortly`
        : `${this.name} is unavailable, try again shortly`;
    return new AppError(
      503,
      'dependency_unavailable',
      message,
      { dependency: this.name, circuit: this.state, reason },
      { 'Retry-After': String(Math.ceil(this.options.halfOpenAfterMs / 1000)) },
    );
  }

  /**
   * Runs one call to the dependency: fails fast when open, bounds it by the request deadline (the call gets an
   * AbortSignal it may pass on), counts availability failures, retries calls that never reached the server within budget.
   */
  async run<T>(
    call: (signal?: AbortSignal) => Promise<T>,
    retryable: (err: unknown) => boolean = neverReachedServer,
  ): Promise<T> {
    if (this.isOpen()) throw this.unavailable();
    const started = Date.now();
    const deadlineMs = this.callDeadlineMs();
    for (;;) {
      try {
        const left = deadlineMs === undefined ? undefined : deadlineMs - (Date.now() - started);
        return await this.breaker.execute(() => (left === undefined ? call() : this.withinDeadline(call, left)));
      } catch (err) {
        if (err instanceof BrokenCircuitError) throw this.unavailable();
        const spent = Date.now() - started;
        if (
          this.isOpen() ||
          !retryable(err) ||
          spent + RETRY_DELAY_MS > Math.min(this.options.retryBudgetMs, deadlineMs ?? Infinity)
        )
          throw err;
        await delay(RETRY_DELAY_MS);
      }
    }
  }

  private async withinDeadline<T>(call: (signal?: AbortSignal) => Promise<T>, ms: number): Promise<T> {
    if (ms <= 0) throw this.unavailable('timeout');
    try {
      // aggressive: the answer comes at the deadline even when the client cannot be interrupted (pg, ioredis)
      return await timeout(ms, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false }).execute(({ signal }) =>
        call(signal),
      );
    } catch (err) {
      throw timedOut(err) ? this.unavailable('timeout') : err;
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
    // a probe that hangs (the dependency accepts connections but never answers) gives up, so the next one can try
    const probe = timeout(Math.max(1000, this.options.callTimeoutMs), TimeoutStrategy.Aggressive);
    this.probeTimer = setInterval(
      () => {
        this.breaker
          .execute(() =>
            probe
              .execute(() => this.probe())
              .catch((err) => {
                throw timedOut(err) ? this.unavailable('timeout') : err;
              }),
          )
          .catch(() => undefined);
      },
      Math.max(50, Math.round(this.options.halfOpenAfterMs / 2)),
    );
    this.probeTimer.unref();
  }

  private stopProbing() {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }

  dispose() {
    this.stopProbing();
  }
}

export type Breakers = Record<DependencyName, DependencyGuard>;

type Requester = (params: unknown, options?: { signal?: AbortSignal } & Record<string, unknown>) => Promise<unknown>;

/** Every Elasticsearch API call goes through transport.request: guard it there (the deadline aborts the HTTP request). */
export function guardElasticsearch(es: Client, options: BreakerOptions): DependencyGuard {
  const transport = es.transport as unknown as { request: Requester };
  const request = transport.request.bind(transport);
  const guard = new DependencyGuard('elasticsearch', options, () =>
    request({ method: 'HEAD', path: '/' }, { requestTimeout: 1000, maxRetries: 0 }),
  );
  transport.request = (params, opts) =>
    guard.run((deadline) => {
      if (!deadline) return request(params, opts);
      const signal = opts?.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
      return request(params, { ...opts, signal });
    });
  return guard;
}

const GUARDED = Symbol('norae.guarded');

/**
 * pool.query, pool.connect and the queries of a connected client (transactions) go through the guard; callback forms
 * are left alone. A connection that arrives after its caller gave up is handed straight back to the pool.
 */
export function guardPostgres(pg: Pool, options: BreakerOptions): DependencyGuard {
  const query = pg.query.bind(pg) as (...args: unknown[]) => Promise<unknown>;
  const connect = pg.connect.bind(pg) as (...args: unknown[]) => Promise<unknown>;
  const guard = new DependencyGuard('postgres', options, () => query('SELECT 1'));
  const guardClient = (client: PoolClient) => {
    const c = client as PoolClient & { [GUARDED]?: true };
    if (c[GUARDED]) return client;
    const clientQuery = c.query.bind(c) as (...args: unknown[]) => Promise<unknown>;
    (c as unknown as { query: unknown }).query = (...args: unknown[]) =>
      typeof args[args.length - 1] === 'function' || typeof (args[0] as { submit?: unknown })?.submit === 'function'
        ? clientQuery(...args)
        : guard.run(
            () => clientQuery(...args),
            () => false,
          );
    c[GUARDED] = true;
    return client;
  };
  (pg as unknown as { query: unknown }).query = (...args: unknown[]) =>
    typeof args[args.length - 1] === 'function' ? query(...args) : guard.run(() => query(...args));
  (pg as unknown as { connect: unknown }).connect = (...args: unknown[]) => {
    if (typeof args[0] === 'function') return connect(...args);
    let gaveUp = false;
    return guard
      .run(async () => {
        const pending = connect() as Promise<PoolClient>;
        pending.then(
          (late) => {
            if (gaveUp) late.release();
          },
          () => undefined,
        );
        return guardClient(await pending);
      })
      .catch((err) => {
        gaveUp = true;
        throw err;
      });
  };
  return guard;
}

interface RedisCommand {
  reject(err: Error): void;
  promise: Promise<unknown>;
}
type RedisStatus = 'wait' | 'connecting' | 'connect' | 'ready' | 'close' | 'reconnecting' | 'end';

/**
 * ioredis reconnects on its own and would queue commands meanwhile: once the connection has been lost, commands
 * fail at once instead (counted by the breaker), and on a request path a command gets the per-call deadline.
 */
export function guardRedis(redis: Redis, options: BreakerOptions): DependencyGuard {
  const r = redis as unknown as {
    sendCommand: (command: RedisCommand, stream?: unknown) => Promise<unknown>;
    status: RedisStatus;
  };
  const send = r.sendCommand.bind(redis);
  let probing = false; // the probe's PING bypasses the guard: it is how an open breaker learns Redis is back
  const guard = new DependencyGuard('redis', options, () => {
    probing = true;
    try {
      return redis.ping();
    } finally {
      probing = false;
    }
  });
  let lost = false; // a connection attempt failed or a connection closed, and no connection is ready since
  redis.on('error', () => undefined); // connection errors surface through the commands (and this breaker), not as crashes
  redis.on('ready', () => {
    lost = false;
  });
  redis.on('close', () => {
    lost = true;
  });
  const refuse = (command: RedisCommand, reason: FastFailReason) => {
    command.reject(guard.unavailable(reason));
    return command.promise;
  };
  r.sendCommand = (command, stream) => {
    if (probing) return send(command, stream);
    // open: refuse even on a connection that looks ready (a hung Redis keeps its TCP connection)
    if (guard.isOpen()) return refuse(command, 'circuit_open');
    if (lost && r.status !== 'ready') {
      const refused = refuse(command, 'not_connected');
      guard.observe(refused);
      return refused;
    }
    const deadlineMs = guard.callDeadlineMs();
    let timer: NodeJS.Timeout | undefined;
    if (deadlineMs !== undefined) timer = setTimeout(() => command.reject(guard.unavailable('timeout')), deadlineMs);
    const result = send(command, stream);
    if (timer)
      command.promise.then(
        () => clearTimeout(timer),
        () => clearTimeout(timer),
      );
    guard.observe(command.promise);
    return result;
  };
  return guard;
}

export function guardDependencies(
  clients: { es: Client; pg: Pool; redis: Redis },
  options: BreakerOptions = DEFAULT_BREAKER_OPTIONS,
): Breakers {
  return {
    elasticsearch: guardElasticsearch(clients.es, options),
    postgres: guardPostgres(clients.pg, options),
    redis: guardRedis(clients.redis, options),
  };
}

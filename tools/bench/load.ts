// A bounded, fixed-rate load generator for benchmarks against our own server on loopback.
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(
  latencies: number[],
  errors: number,
  statuses: Record<string, number>,
  seconds: number,
): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    statuses,
    seconds: round(seconds),
    throughput: round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** Open-loop load: starts `rate` requests per second for `seconds`, whatever the latency (no coordinated omission). */
export async function runFixedRate(opts: {
  baseUrl: string;
  paths: string[];
  rate: number;
  seconds: number;
  maxInFlight?: number;
  /** request headers, taken in turn like paths (e.g. one bearer token per user) */
  headers?: Array<Record<string, string>>;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxInFlight ?? 256 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let i = 0;
  const total = Math.round(opts.rate * opts.seconds);
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  const one = (path: string, headers?: Record<string, string>) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get(opts.baseUrl + path, { agent, timeout: 10_000, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          if ((res.statusCode ?? 500) >= 400) errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
    });
  while (i < total) {
    const due = started + (i / opts.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(one(opts.paths[i % opts.paths.length], opts.headers?.[i % opts.headers.length]));
    i++;
  }
  await Promise.all(inflight);
  agent.destroy();
  return summarize(latencies, errors, statuses, (performance.now() - started) / 1000);
}

/** Closed-loop load: `concurrency` workers each send the next request as soon as their last one answered, for `seconds`. */
export async function runConcurrent(opts: {
  send: (i: number) => Promise<number>;
  concurrency: number;
  seconds: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const i = next++;
      const t0 = performance.now();
      let status = 0;
      try {
        status = await opts.send(i);
      } catch {
        status = 0;
      }
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status >= 400) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return summarize(latencies, errors, statuses, (performance.now() - started) / 1000);
}

// Sliding-window rate limiting, two-bucket approximation: the previous fixed window's count is weighted by how
// much of it still overlaps the sliding window. Pure math here; Redis holds the two counters.

export interface WindowCounts {
  previous: number;
  current: number;
}

/** Requests the sliding window holds `elapsed` (0..1) of the way through the current fixed window. */
export const slidingCount = (c: WindowCounts, elapsed: number) => c.previous * (1 - elapsed) + c.current;

export const allows = (c: WindowCounts, elapsed: number, limit: number) => slidingCount(c, elapsed) + 1 <= limit;

/** Whole seconds until one more request fits (at least 1). */
export function retryAfterSeconds(c: WindowCounts, elapsed: number, limit: number, windowSeconds: number): number {
  let wait: number;
  if (c.current + 1 <= limit) {
    // the previous window's weight has to shrink far enough within this window
    const needed = c.previous > 0 ? 1 - (limit - c.current - 1) / c.previous : elapsed;
    wait = (Math.max(needed, elapsed) - elapsed) * windowSeconds;
  } else {
    // this window is full on its own: wait into the next one until its carry-over weight is low enough
    const needed = c.current > 0 ? Math.max(0, 1 - (limit - 1) / c.current) : 0;
    wait = (1 - elapsed + needed) * windowSeconds;
  }
  return Math.max(1, Math.ceil(wait - 1e-9));
}

/** The fixed window `nowMs` falls in, and how far through it we are. */
export function windowPosition(nowMs: number, windowSeconds: number): { index: number; elapsed: number } {
  const w = windowSeconds * 1000;
  return { index: Math.floor(nowMs / w), elapsed: (nowMs % w) / w };
}

// Queue ordering by fractional keys: each item holds a string position, compared bytewise, and a move or an add
// computes a key between its new neighbours, so it rewrites one row and never renumbers (or loses) the others.

/** Digits in ASCII order, so JavaScript's < and Postgres' COLLATE "C" order keys the same way. */
export const KEY_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = KEY_DIGITS.length;
const digit = (c: string) => KEY_DIGITS.indexOf(c);

/** A valid key: digits only, not empty, not ending in the lowest digit (so there is always room below it). */
export const isPositionKey = (k: string): boolean => /^[0-9A-Za-z]+$/.test(k) && !k.endsWith(KEY_DIGITS[0]);

/** The fraction between 0.a and 0.b (b null: 1), as digits; a < b and neither ends in the lowest digit. */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? KEY_DIGITS[0]) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const low = a ? digit(a[0]) : 0;
  const high = b !== null ? digit(b[0]) : BASE;
  if (high - low > 1) return KEY_DIGITS[Math.round((low + high) / 2)];
  // neighbouring first digits: b's first digit alone fits when b goes on, else descend below a
  if (b !== null && b.length > 1) return b[0];
  return KEY_DIGITS[low] + midpoint(a.slice(1), null);
}

/** A key strictly between `before` and `after` (either null: open end). */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && after !== null && before >= after)
    throw new Error(`keyBetween: ${before} is not below ${after}`);
  return midpoint(before ?? '', after);
}

export interface Positioned {
  id: number;
  position: string;
}

/** Items in queue order: by key, then id (two keys are never equal in practice; the id keeps the order total). */
export const inQueueOrder = <T extends Positioned>(items: T[]): T[] =>
  [...items].sort((x, y) => (x.position < y.position ? -1 : x.position > y.position ? 1 : x.id - y.id));

/** The key that puts an item at the end of the queue. */
export function keyAtEnd(queue: Positioned[]): string {
  const ordered = inQueueOrder(queue);
  return keyBetween(ordered.length ? ordered[ordered.length - 1].position : null, null);
}

/**
 * The key that places `itemId` right after `afterId` (null: first) in `queue`, leaving every other key alone;
 * undefined when `afterId` is not in the queue or is the item itself.
 */
export function keyForMove(queue: Positioned[], itemId: number, afterId: number | null): string | undefined {
  const others = inQueueOrder(queue.filter((i) => i.id !== itemId));
  if (afterId === itemId) return undefined;
  const at = afterId === null ? -1 : others.findIndex((i) => i.id === afterId);
  if (afterId !== null && at < 0) return undefined;
  return keyBetween(at >= 0 ? others[at].position : null, others[at + 1]?.position ?? null);
}

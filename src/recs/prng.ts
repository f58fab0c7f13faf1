// Seeded shuffling for training; the generator itself lives in platform/prng.
import type { Rng } from '../platform/prng';

export { createRng, type Rng } from '../platform/prng';

/** Fisher-Yates in place with the given generator. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

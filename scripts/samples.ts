// Loads the shipped sample data and builds the indices (used by `npm run local`).
import type { Deps } from '../src/platform/deps';

export async function loadSamples(_deps: Deps): Promise<void> {
  // filled in as capabilities land
}

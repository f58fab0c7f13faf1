// Seeded synthetic songs bulk-written straight into the live songs index (no Postgres round trip), so a test can
// measure ranking against 100k look-alikes in well under a minute. Numbers collide across brands on purpose.
import type { Client } from '@elastic/elasticsearch';
import { createRng } from '../../src/platform/prng';
import { syntheticSong } from '../../tools/synthetic/song-catalog';
import { songDocument } from '../../src/songs/document';

const BULK_DOCS = 2000;
// a busy machine may take a while per bulk: wait rather than fail the run
const BULK_TIMEOUT_MS = 180_000;
const BULKS_IN_FLIGHT = 2;
export const SYNTHETIC_ID_BASE = 10_000_000;

export interface SyntheticNumbers {
  /** numbers the other brand's sample songs use: synthetic songs take them in this brand (TJ n here, KY n there) */
  crossBrand: { tj: string[]; ky: string[] };
}

/** One bulk request, sent again (same ids: idempotent) when a busy machine makes it time out. */
async function bulkWithRetry(es: Client, operations: unknown[], attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await es.bulk({ operations, refresh: false }, { requestTimeout: BULK_TIMEOUT_MS });
      if (res.errors)
        throw new Error(
          `synthetic bulk failed: ${JSON.stringify(res.items.find((it) => Object.values(it)[0]?.error))}`,
        );
      return;
    } catch (err) {
      if (attempt >= attempts || (err as Error).name !== 'TimeoutError') throw err;
    }
  }
}

/** Writes `count` synthetic song documents into `index` and refreshes it; returns how many were written. */
export async function bulkSyntheticSongs(
  es: Client,
  index: string,
  count: number,
  numbers: SyntheticNumbers,
  seed = 20261122,
): Promise<number> {
  const rng = createRng(seed);
  // a test index, rebuilt on every run: no refreshes and no fsync per bulk while it fills
  await es.indices.putSettings({ index, settings: { refresh_interval: '-1', 'index.translog.durability': 'async' } });
  const now = new Date();
  const inFlight: Promise<unknown>[] = [];
  let written = 0;
  for (let start = 0; start < count; start += BULK_DOCS) {
    const operations: unknown[] = [];
    for (let i = start; i < Math.min(count, start + BULK_DOCS); i++) {
      const s = syntheticSong(rng);
      const id = SYNTHETIC_ID_BASE + i;
      const tj = numbers.crossBrand.tj[i] ?? (rng.next() < 0.85 ? String(200_000 + i) : null);
      const ky = numbers.crossBrand.ky[i] ?? (rng.next() < 0.8 ? String(2_000_000 + i) : null);
      const doc = songDocument({
        id,
        title: s.title,
        artist: s.artist,
        alt_titles: [],
        artist_aliases: [],
        tj_no: tj,
        ky_no: ky,
        composer: null,
        lyricist: null,
        release: null,
        merge_rule: 'synthetic',
        popularity: 0,
        deleted_at: null,
        updated_at: now,
      });
      operations.push({ index: { _index: index, _id: String(id) } }, doc);
    }
    const bulk = bulkWithRetry(es, operations).then(() => {
      written += operations.length / 2;
    });
    bulk.catch(() => undefined);
    inFlight.push(bulk);
    if (inFlight.length >= BULKS_IN_FLIGHT) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await es.indices.putSettings({ index, settings: { refresh_interval: '1s', 'index.translog.durability': 'request' } });
  await es.indices.refresh({ index }, { requestTimeout: BULK_TIMEOUT_MS });
  return written;
}

// Shared setup for the recommendation tests: a small catalog in three taste clusters (4 artists x 5 songs each),
// sessions that stay inside one cluster, the songs index built by the real rebuild, and a trained model.
import type { Deps } from '../../src/platform/deps';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertEvents, type BehaviourEvent } from '../../src/events/store';
import { createRng } from '../../src/platform/prng';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

export interface ClusterSong {
  id: number;
  title: string;
  artist: string;
  cluster: number;
  tj_no: string | null;
  ky_no: string | null;
}

export const CLUSTERS = 3;

export async function seedCatalog(deps: Deps): Promise<ClusterSong[]> {
  await truncateKeepingUserIds(deps.pg, ['users', 'songs', 'catalog_entries', 'events', 'rec_models']);
  const songs: ClusterSong[] = [];
  for (let c = 0; c < CLUSTERS; c++) {
    for (let a = 0; a < 4; a++) {
      for (let s = 0; s < 5; s++) {
        const artist = `클러스터${c} 가수${a}`;
        const title = `노래 ${c}-${a}-${s}`;
        const n = c * 100 + a * 10 + s;
        // every third song has no KY number, every fourth no TJ number (for the brand filter)
        const tj = n % 4 === 3 ? null : String(50000 + n);
        const ky = n % 3 === 2 ? null : String(70000 + n);
        const r = await deps.pg.query<{ id: string }>(
          `INSERT INTO songs (title, artist, tj_no, ky_no, merge_rule, merge_score, merge_key) VALUES ($1, $2, $3, $4, 'fixture', 1, $1 || '|' || $2) RETURNING id`,
          [title, artist, tj, ky],
        );
        songs.push({ id: Number(r.rows[0].id), title, artist, cluster: c, tj_no: tj, ky_no: ky });
      }
    }
  }
  return songs;
}

/** Anonymous sessions of 6 songs from one cluster each, over the last days. */
export async function seedSessions(deps: Deps, songs: ClusterSong[], sessions = 360, seed = 3): Promise<void> {
  const rng = createRng(seed);
  const events: Array<BehaviourEvent & { at: Date }> = [];
  const now = Date.now();
  for (let s = 0; s < sessions; s++) {
    const cluster = songs.filter((x) => x.cluster === s % CLUSTERS);
    let at = now - rng.next() * 5 * 86_400_000;
    for (let i = 0; i < 6; i++) {
      at += 60_000;
      events.push({
        kind: 'view',
        sessionId: `recs-${seed}-${s}`,
        songId: cluster[rng.int(cluster.length)].id,
        at: new Date(at),
      });
    }
  }
  await insertEvents(deps.pg, events);
}

export async function buildSongsIndex(deps: Deps): Promise<void> {
  await rebuildIndex(deps, songsFamily);
}

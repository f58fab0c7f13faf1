// Synthetic behaviour with known structure, to check that item2vec learns something popularity cannot: songs fall
// into taste clusters (by artist), every user prefers one or two clusters, and demographics lean by cluster.
import type { Pool } from 'pg';
import { createRng, shuffleInPlace, type Rng } from '../../src/platform/prng';
import { insertEvents, type BehaviourEvent } from '../../src/events/store';
import { upsertSongHistory } from '../../src/recs/history';
import type { Gender } from '../../src/core/demographics';

export interface CatalogSong {
  id: number;
  artist: string;
}

export interface SyntheticOptions {
  users: number;
  clusters: number;
  sessionsPerUser: number;
  /** share of picks from the global popularity instead of the user's clusters */
  noise: number;
  seed: number;
}

export interface SyntheticUser {
  gender: Gender;
  birthYear: number;
  clusters: number[];
  lists: number[][];
  /** each session is a time-ordered run of views/sangs of song ids */
  sessions: number[][];
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  users: 2000,
  clusters: 12,
  sessionsPerUser: 6,
  noise: 0.15,
  seed: 7,
};

/** Draws index i with weight 1/(i+1)^s (a few hits, a long tail). */
function zipfSampler(n: number, s: number): (rng: Rng) => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / Math.pow(i + 1, s);
    cumulative[i] = total;
  }
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0,
      hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

export function clusterSongs(songs: CatalogSong[], clusters: number, rng: Rng): number[][] {
  const artists = shuffleInPlace([...new Set(songs.map((s) => s.artist))].sort(), rng);
  const clusterOf = new Map(artists.map((a, i) => [a, i % clusters]));
  const out: number[][] = Array.from({ length: clusters }, () => []);
  for (const s of songs) out[clusterOf.get(s.artist)!].push(s.id);
  return out.map((ids) => shuffleInPlace(ids, rng)).filter((ids) => ids.length > 0);
}

export function generateSyntheticUsers(
  songs: CatalogSong[],
  opts: SyntheticOptions = DEFAULT_SYNTHETIC,
  thisYear = new Date().getUTCFullYear(),
): SyntheticUser[] {
  if (songs.length < 10) throw new Error('the synthetic generator needs at least 10 songs');
  const rng = createRng(opts.seed);
  const clusters = clusterSongs(songs, Math.max(1, opts.clusters), rng);
  const inCluster = clusters.map((ids) => zipfSampler(ids.length, 0.9));
  const globalOrder = shuffleInPlace(
    songs.map((s) => s.id),
    rng,
  );
  const global = zipfSampler(globalOrder.length, 1.0);
  const artistOf = new Map(songs.map((s) => [s.id, s.artist]));
  const byArtist = new Map<string, number[]>();
  for (const s of songs) byArtist.set(s.artist, [...(byArtist.get(s.artist) ?? []), s.id]);
  const clusterPick = zipfSampler(clusters.length, 0.5);

  const pick = (mine: number[], previous: number | undefined) => {
    // karaoke runs: often another song by the artist just sung
    if (previous !== undefined && rng.next() < 0.25) {
      const same = byArtist.get(artistOf.get(previous)!)!;
      if (same.length > 1) return same[rng.int(same.length)];
    }
    if (rng.next() < opts.noise) return globalOrder[global(rng)];
    const c = mine[rng.int(mine.length)];
    return clusters[c][inCluster[c](rng)];
  };
  const run = (mine: number[], length: number) => {
    const seq: number[] = [];
    while (seq.length < length) {
      const id = pick(mine, seq[seq.length - 1]);
      if (seq[seq.length - 1] !== id) seq.push(id);
    }
    return seq;
  };

  return Array.from({ length: opts.users }, () => {
    const main = clusterPick(rng);
    const mine = rng.next() < 0.3 ? [...new Set([main, clusterPick(rng)])] : [main];
    // demographics lean by cluster, so popularity per age band and gender differs
    const ageBase = 15 + (main % 4) * 10;
    const birthYear = thisYear - (ageBase + rng.int(10));
    const gender: Gender = rng.next() < (main % 2 ? 0.75 : 0.3) ? 'female' : 'male';
    const lists = Array.from({ length: 1 + rng.int(2) }, () => [...new Set(run(mine, 5 + rng.int(10)))]);
    const sessions = Array.from({ length: Math.max(1, opts.sessionsPerUser + rng.int(5) - 2) }, () =>
      run(mine, 3 + rng.int(10)),
    );
    return { gender, birthYear, clusters: mine, lists, sessions };
  });
}

export interface WriteSummary {
  users: number;
  lists: number;
  events: number;
}

/** Writes synthetic users (emails @synthetic.norae.invalid, no password), their lists and their events over `days` days. */
export async function writeSyntheticUsers(
  pg: Pool,
  users: SyntheticUser[],
  opts: { days?: number; seed?: number; now?: Date; onProgress?: (done: number) => void } = {},
): Promise<WriteSummary> {
  const rng = createRng((opts.seed ?? 1) ^ 0xabc);
  const days = opts.days ?? 28;
  const now = (opts.now ?? new Date()).getTime();
  const runTag = `${now.toString(36)}${rng.int(1e6).toString(36)}`;
  let lists = 0;
  let events = 0;
  const partitions = new Set<string>();
  const CHUNK = 200;
  for (let start = 0; start < users.length; start += CHUNK) {
    const chunk = users.slice(start, start + CHUNK);
    const { rows } = await pg.query<{ id: string }>(
      `INSERT INTO users (email, display_name, gender, birth_year)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) RETURNING id`,
      [
        chunk.map((_, i) => `synthetic-${runTag}-${start + i}@synthetic.norae.invalid`),
        chunk.map((_, i) => `synthetic ${start + i}`),
        chunk.map((u) => u.gender),
        chunk.map((u) => u.birthYear),
      ],
    );
    const batch: Array<BehaviourEvent & { at: Date }> = [];
    for (let i = 0; i < chunk.length; i++) {
      const userId = Number(rows[i].id);
      const u = chunk[i];
      for (const [li, songs] of u.lists.entries()) {
        const listAt = now - rng.next() * days * 86_400_000;
        const list = await pg.query<{ id: string }>(
          'INSERT INTO song_lists (user_id, name, created_at) VALUES ($1, $2, $3) RETURNING id',
          [userId, `synthetic list ${li + 1}`, new Date(listAt)],
        );
        await pg.query(
          `INSERT INTO song_list_entries (list_id, song_id, position, added_at)
           SELECT $1, s, o - 1, $3::timestamptz + (o * interval '1 minute') FROM unnest($2::bigint[]) WITH ORDINALITY AS t(s, o)`,
          [list.rows[0].id, songs, new Date(listAt)],
        );
        lists++;
        songs.forEach((songId, o) =>
          batch.push({ kind: 'save', userId, sessionId: null, songId, at: new Date(listAt + (o + 1) * 60_000) }),
        );
      }
      for (const [si, songs] of u.sessions.entries()) {
        const sessionId = `syn-${runTag}-${userId}-${si}`;
        let at = now - rng.next() * days * 86_400_000;
        for (const songId of songs) {
          at += 60_000 + rng.int(240_000);
          batch.push({ kind: 'view', userId, sessionId, songId, at: new Date(Math.min(at, now)) });
          if (rng.next() < 0.4)
            batch.push({ kind: 'sang', userId, sessionId, songId, at: new Date(Math.min(at + 30_000, now)) });
        }
      }
    }
    for (let b = 0; b < batch.length; b += 5000)
      await insertEvents(pg, batch.slice(b, b + 5000), { knownPartitions: partitions, alongside: upsertSongHistory });
    events += batch.length;
    opts.onProgress?.(start + chunk.length);
  }
  return { users: users.length, lists, events };
}

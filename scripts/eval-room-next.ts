// Offline hit@10 of "sing next" for a room: from the last 1-3 songs of held-out synthetic sessions, rank the song
// sung next. Compared with "popular now" (the most played training songs not yet sung) and with the per-user
// recommendations as served (the singer's whole recent history as one profile). No services needed.
//   npx tsx scripts/eval-room-next.ts [--users 1500] [--songs 3000] [--cases 6000] [--seed 7]
import { createRng } from '../src/platform/prng';
import { DEFAULT_SYNTHETIC, generateSyntheticUsers, type CatalogSong } from '../tools/synthetic/behaviour';
import { trainItem2Vec } from '../src/recs/item2vec';
import { centerVectors } from '../src/recs/ranking';
import { EVAL_K, hitAndGain, recommendFromVectors, vectorRows } from '../src/recs/evaluate';
import { rankNextFromVectors } from '../src/rooms/sing-next';
import { loadConfig } from '../src/platform/config';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

function main() {
  const users = arg('users', 1500),
    songCount = arg('songs', 3000),
    maxCases = arg('cases', 6000),
    seed = arg('seed', 7);
  const catalog: CatalogSong[] = Array.from({ length: songCount }, (_, i) => ({
    id: i + 1,
    artist: `artist-${i % Math.max(10, Math.floor(songCount / 10))}`,
  }));
  const people = generateSyntheticUsers(catalog, { ...DEFAULT_SYNTHETIC, users, seed });
  const rng = createRng(seed ^ 0x7007);
  // each user's last session is held out for a fifth of the users; everything else trains
  const train: number[][] = [];
  const heldOut: Array<{ earlier: number[]; session: number[] }> = [];
  for (const u of people) {
    const hold = u.sessions.length > 1 && rng.next() < 0.2;
    const sessions = hold ? u.sessions.slice(0, -1) : u.sessions;
    train.push(...u.lists, ...sessions);
    if (hold)
      heldOut.push({ earlier: [...u.lists.flat(), ...sessions.flat()], session: u.sessions[u.sessions.length - 1] });
  }
  const params = loadConfig({ ...process.env, APP_ENV: 'test' }).recs;
  const started = Date.now();
  const model = trainItem2Vec(train, { ...params, minCount: 1 });
  centerVectors(model.vectors, model.dims);
  const trainMs = Date.now() - started;
  const { rowOf, norms } = vectorRows(model);
  const counts = new Map<number, number>();
  for (const seq of train) for (const id of seq) counts.set(id, (counts.get(id) ?? 0) + 1);
  const popularOrder = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const popularNow = (exclude: Set<number>) => {
    const top: number[] = [];
    for (const id of popularOrder) {
      if (top.length >= EVAL_K) break;
      if (!exclude.has(id)) top.push(id);
    }
    return top;
  };

  type Row = { cases: number; room: number; popular: number; user: number };
  const byN = new Map<number, Row>([1, 2, 3].map((n) => [n, { cases: 0, room: 0, popular: 0, user: 0 }]));
  let cases = 0;
  for (const { earlier, session } of heldOut) {
    for (let t = 1; t < session.length && cases < maxCases; t++) {
      const sung = session.slice(0, t);
      const target = session[t];
      if (sung.includes(target)) continue; // a room never recommends what it already sang
      cases++;
      const exclude = new Set(sung);
      const userRanked = recommendFromVectors(model, rowOf, norms, [...earlier, ...sung], EVAL_K);
      const pop = popularNow(exclude);
      for (const n of [1, 2, 3]) {
        if (t < n) continue;
        const row = byN.get(n)!;
        row.cases++;
        row.room += hitAndGain(
          rankNextFromVectors(model, rowOf, norms, sung.slice(-n), sung, EVAL_K),
          target,
          EVAL_K,
        ).hit;
        row.popular += hitAndGain(pop, target, EVAL_K).hit;
        row.user += hitAndGain(userRanked, target, EVAL_K).hit;
      }
    }
  }
  const pct = (x: number, n: number) => (n ? ((100 * x) / n).toFixed(1) : '-');
  console.log(
    `synthetic: ${users} users, ${songCount} songs, ${train.length} training sequences, ${heldOut.length} held-out sessions, ${cases} next-song cases; model trained in ${trainMs} ms`,
  );
  console.log(`hit@${EVAL_K} (%)   cases   room (last n songs)   popular now   per-user recs`);
  for (const [n, r] of byN)
    console.log(
      `last ${n} song${n > 1 ? 's' : ' '}    ${String(r.cases).padStart(5)}   ${pct(r.room, r.cases).padStart(19)}   ${pct(r.popular, r.cases).padStart(11)}   ${pct(r.user, r.cases).padStart(13)}`,
    );
  console.log(
    JSON.stringify({
      k: EVAL_K,
      cases,
      byLastSongs: Object.fromEntries(
        [...byN].map(([n, r]) => [
          n,
          { cases: r.cases, room: r.room / r.cases, popular: r.popular / r.cases, perUser: r.user / r.cases },
        ]),
      ),
    }),
  );
}

main();

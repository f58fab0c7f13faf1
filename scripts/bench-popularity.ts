// Times the daily popularity re-score at catalog size: N synthetic songs, M events over 180 days, one month of
// charts; first run (every song changes) and a second run a day later (only decay moves), both written to the live
// index as partial updates. Usage: npx tsx scripts/bench-popularity.ts [--songs 100000] [--events 1000000] [--reuse-index]
// Use a scratch database and index prefix (it truncates songs and events).
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import { migrate } from '../src/platform/migrate';
import { rebuildIndex } from '../src/platform/index-admin';
import { ensureEventPartition } from '../src/events/store';
import { songsFamily } from '../src/songs/index-family';
import { rescorePopularity } from '../src/songs/popularity';
import { parseFlags } from '../src/platform/cli-flags';
import { syntheticSongRows } from './bench-songs-data';

async function main() {
  const { flags } = parseFlags({ songs: 100_000, events: 1_000_000, 'reuse-index': false });
  const { songs, events } = flags;
  const deps = createDeps(loadConfig());
  const log = (msg: string) => console.error(`[bench-popularity] ${msg}`);
  try {
    await migrate(deps.pg);
    await syntheticSongRows(deps.pg, songs, (n) => process.stderr.write(`\r[bench-popularity] ${n} songs written   `));
    process.stderr.write('\n');
    const now = new Date();
    await deps.pg.query('TRUNCATE events, song_charts, song_popularity');
    for (let d = 0; d <= 180; d++) await ensureEventPartition(deps.pg, new Date(now.getTime() - d * 86_400_000));
    // Zipf-like song choice (a few songs get most events), kinds 50% view, 25% sang, 15% save, 10% search;
    // written 100k at a time (one statement per chunk stays under the pool's statement timeout)
    for (let done = 0; done < events; done += 100_000) {
      await deps.pg.query(
        `INSERT INTO events (kind, song_id, query, occurred_at)
         SELECT CASE WHEN r < 0.5 THEN 'view' WHEN r < 0.75 THEN 'sang' WHEN r < 0.9 THEN 'save' ELSE 'search' END,
                CASE WHEN r < 0.9 THEN sid END, CASE WHEN r >= 0.9 THEN s.title END,
                $3::timestamptz - random() * interval '179 days'
         FROM (SELECT random() AS r, 1 + floor($2 * power(random(), 3))::bigint AS sid FROM generate_series(1, $1::int)) e
         JOIN songs s ON s.id = e.sid`,
        [Math.min(100_000, events - done), songs, now],
      );
      process.stderr.write(`\r[bench-popularity] ${Math.min(events, done + 100_000)} events written   `);
    }
    process.stderr.write('\n');
    const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
    await deps.pg.query(
      `INSERT INTO song_charts (brand, month, rank, no)
       SELECT 'tj', $1::date, rank, tj_no FROM (SELECT tj_no, row_number() OVER (ORDER BY id) AS rank FROM songs WHERE tj_no IS NOT NULL LIMIT 100) x`,
      [month],
    );
    if (flags['reuse-index'])
      log(`${songs} songs, ${events} events, 100 chart places; reusing the index of an earlier run`);
    else {
      log(`${songs} songs, ${events} events, 100 chart places; building the index`);
      const built = await rebuildIndex(deps, songsFamily);
      log(`index built: ${built.indexed} documents in ${built.ms} ms`);
    }
    const first = await rescorePopularity(deps, {
      now,
      onProgress: (m) => process.stderr.write(`\r[bench-popularity] ${m}     `),
    });
    process.stderr.write('\n');
    console.log(
      `[bench-popularity] first re-score: ${first.scored} songs scored, ${first.updated} partial updates, ${first.ms} ms`,
    );
    const second = await rescorePopularity(deps, { now: new Date(now.getTime() + 86_400_000) });
    console.log(
      `[bench-popularity] next day: ${second.changed} changed, ${second.updated} partial updates, ${second.ms} ms`,
    );
    const again = await rescorePopularity(deps, { now: new Date(now.getTime() + 86_400_000) });
    console.log(`[bench-popularity] same day again: ${again.changed} changed, ${again.ms} ms`);
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[bench-popularity] failed: ${err.message}`);
  process.exit(1);
});

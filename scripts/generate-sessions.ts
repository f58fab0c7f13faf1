// Writes synthetic users with taste clusters, their saved lists and session events, so item2vec has structure to
// learn. Uses the songs already in Postgres; with --songs N it first adds N synthetic songs (by N/5 artists).
// Usage: npx tsx scripts/generate-sessions.ts [--users 2000] [--clusters 12] [--sessions 6] [--noise 0.15] [--seed 7] [--songs 0] [--days 28]
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import {
  DEFAULT_SYNTHETIC,
  generateSyntheticUsers,
  writeSyntheticUsers,
  type CatalogSong,
} from '../tools/synthetic/behaviour';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';

function readFlags() {
  const { flags } = parseFlags({
    users: DEFAULT_SYNTHETIC.users,
    clusters: DEFAULT_SYNTHETIC.clusters,
    sessions: DEFAULT_SYNTHETIC.sessionsPerUser,
    noise: DEFAULT_SYNTHETIC.noise,
    seed: DEFAULT_SYNTHETIC.seed,
    songs: 0,
    days: 28,
  });
  for (const [name, n] of Object.entries(flags)) if (n < 0) throw new Error(`--${name} needs a number of at least 0`);
  return flags;
}

async function main() {
  const flags = readFlags();
  const opts = {
    users: flags.users,
    clusters: flags.clusters,
    sessionsPerUser: flags.sessions,
    noise: flags.noise,
    seed: flags.seed,
  };
  const extraSongs = flags.songs;
  const deps = createDeps(loadConfig());
  try {
    if (extraSongs > 0) {
      const tag = Date.now().toString(36);
      await deps.pg.query(
        `INSERT INTO songs (title, artist, merge_rule, merge_score, merge_key, tj_no, ky_no)
         SELECT '합성곡 ' || $2 || '-' || i, '합성가수 ' || $2 || '-' || (i % greatest(1, $1 / 5)), 'synthetic', 1, 'synthetic|' || $2 || '|' || i,
                CASE WHEN i % 4 <> 0 THEN 'S' || $2 || i END, CASE WHEN i % 3 <> 0 THEN 'S' || $2 || i END
         FROM generate_series(1, $1::int) i`,
        [extraSongs, tag],
      );
      console.log(`[generate] added ${extraSongs} synthetic songs`);
    }
    const songs: CatalogSong[] = (
      await deps.pg.query<{ id: string; artist: string }>(
        'SELECT id, artist FROM songs WHERE deleted_at IS NULL ORDER BY id',
      )
    ).rows.map((r) => ({ id: Number(r.id), artist: r.artist }));
    console.log(
      `[generate] ${songs.length} songs, ${new Set(songs.map((s) => s.artist)).size} artists; ${opts.users} users in ${opts.clusters} taste clusters`,
    );
    const users = generateSyntheticUsers(songs, opts);
    const started = Date.now();
    const line = createProgressLine(process.stderr, '[generate]');
    const summary = await writeSyntheticUsers(deps.pg, users, {
      days: flags.days,
      seed: opts.seed,
      onProgress: (done) => line.update(`${done}/${users.length} users written`),
    });
    line.done();
    console.log(
      `[generate] wrote ${summary.users} users, ${summary.lists} lists, ${summary.events} events in ${Date.now() - started} ms`,
    );
  } finally {
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(`[generate] failed: ${err.message}`);
  process.exit(1);
});

// The demo set's side of 신곡 and arrivals (screenshots): catalog entries for the demo songs, a few released this
// month, one watch still waiting and one that arrived.
import type { Deps } from '../../src/platform/deps';
import { DEMO_SONGS } from './demo-set';
import { seoulMonth } from '../../src/arrivals/new-songs';
import { deliverArrivals, watchSong } from '../../src/arrivals/watches';

const THIS_MONTH = ['신호등', '다이너마이트', '한숨', '좋은 날 (Live)', '뚜두뚜두 (Remix)'];

/** Runs after seedDemo (test databases only): entries linked to the demo songs, watches for `userId`. */
export async function seedArrivalsDemo(
  deps: Deps,
  songIds: Map<string, number>,
  userId: number,
  now: Date = new Date(),
): Promise<void> {
  if (deps.config.env !== 'test')
    throw new Error('the demo data replaces everything: run it against a test database (APP_ENV=test)');
  const month = seoulMonth(now);
  const rows = DEMO_SONGS.flatMap((s, i) => {
    const release = THIS_MONTH.includes(s.title)
      ? `${month}-${String(1 + THIS_MONTH.indexOf(s.title) * 2).padStart(2, '0')}`
      : `20${String(10 + (i % 12))}-03-01`;
    return (['tj', 'ky'] as const)
      .filter((b) => s[b])
      .map((b) => [b, s[b]!, s.title, s.artist, release, songIds.get(s.title)!] as const);
  });
  await deps.pg.query(
    `INSERT INTO catalog_entries (brand, no, title, singer, release, song_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::bigint[])`,
    [0, 1, 2, 3, 4, 5].map((k) => rows.map((r) => r[k])),
  );
  await watchSong(deps.pg, userId, songIds.get('좋은 날 (Live)')!, 'ky');
  // the remix reaches KY: its entry comes in and the song gets the number, as a merge would do
  const remix = songIds.get('뚜두뚜두 (Remix)')!;
  await watchSong(deps.pg, userId, remix, 'ky');
  await deps.pg.query(
    `INSERT INTO catalog_entries (brand, no, title, singer, release, song_id) VALUES ('ky', '91766', '뚜두뚜두 (Remix)', '블랙핑크', $1, $2)`,
    [`${month}-09`, remix],
  );
  await deps.pg.query(`UPDATE songs SET ky_no = '91766', updated_at = now() WHERE id = $1`, [remix]);
  await deliverArrivals(deps.pg);
}

import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { insertEvents } from '../../src/events/store';
import { upsertSongHistory, userHistory } from '../../src/recs/history';
import { truncateKeepingUserIds } from '../../tools/fixtures/truncate';

const deps = testDeps();
const app = testApp(deps);
let songs: number[] = [];

beforeAll(async () => {
  await truncateKeepingUserIds(deps.pg, ['users', 'songs', 'catalog_entries', 'events']);
  const { rows } = await deps.pg.query<{ id: string }>(
    `INSERT INTO songs (title, artist, merge_rule, merge_score, merge_key) SELECT 'h' || i, 'a', 'fixture', 1, 'h' || i FROM generate_series(1, 4) i RETURNING id`,
  );
  songs = rows.map((r) => Number(r.id));
});
afterAll(() => closeDeps(deps));

async function signUp() {
  const res = await request(app)
    .post('/api/auth/signup')
    .send({ email: `hist-${Math.random().toString(36).slice(2)}@example.com`, password: 'password1' });
  return {
    id: Number(res.body.user?.id ?? (await deps.pg.query('SELECT max(id) AS id FROM users')).rows[0].id),
    authorization: `Bearer ${res.body.token}`,
  };
}

const summary = async (userId: number) =>
  (
    await deps.pg.query(
      'SELECT song_id::int AS song, times, last_at FROM user_song_history WHERE user_id = $1 ORDER BY song_id',
      [userId],
    )
  ).rows;

describe('user history summary', () => {
  test('follows the sang events written through the API, newest first, without reading the events table', async () => {
    const user = await signUp();
    for (const song of [songs[0], songs[1], songs[0]]) {
      expect(
        (
          await request(app)
            .post('/api/events')
            .set({ authorization: user.authorization })
            .send({ kind: 'sang', song_id: song })
        ).status,
      ).toBeLessThan(300);
    }
    await request(app)
      .post('/api/events')
      .set({ authorization: user.authorization })
      .send({ kind: 'view', song_id: songs[2] });
    await deps.writers.events.flush();
    const rows = await summary(user.id);
    expect(rows.map((r) => [r.song, r.times])).toEqual([
      [songs[0], 2],
      [songs[1], 1],
    ]); // views are not history
    // the summary alone answers: emptying the events table changes nothing
    await deps.pg.query('DELETE FROM events WHERE user_id = $1', [user.id]);
    const history = await userHistory(deps.pg, user.id, { days: 180, limit: 50 });
    expect(history.recent.map((h) => h.songId).sort()).toEqual([songs[0], songs[1]].sort());
  });

  test('keeps the latest time per song, drops what is older than the window, and honours the limit', async () => {
    const user = await signUp();
    const day = 86_400_000;
    const now = Date.now();
    await insertEvents(
      deps.pg,
      [
        { kind: 'sang', userId: user.id, songId: songs[0], at: new Date(now - 3 * day) },
        { kind: 'sang', userId: user.id, songId: songs[0], at: new Date(now - 5 * day) },
        { kind: 'sang', userId: user.id, songId: songs[1], at: new Date(now - 1 * day) },
        { kind: 'sang', userId: user.id, songId: songs[2], at: new Date(now - 400 * day) },
      ],
      { alongside: upsertSongHistory },
    );
    const rows = await summary(user.id);
    expect(rows.find((r) => r.song === songs[0])).toMatchObject({ times: 2, last_at: new Date(now - 3 * day) });
    const history = await userHistory(deps.pg, user.id, { days: 180, limit: 50 });
    expect(history.recent.map((h) => h.songId)).toEqual([songs[1], songs[0]]);
    expect((await userHistory(deps.pg, user.id, { days: 180, limit: 1 })).recent.map((h) => h.songId)).toEqual([
      songs[1],
    ]);
  });

  test('events of unknown users are stored but add no history', async () => {
    await insertEvents(deps.pg, [{ kind: 'sang', userId: 987654321, songId: songs[3], at: new Date() }], {
      alongside: upsertSongHistory,
    });
    expect(await summary(987654321)).toEqual([]);
    expect(Number((await deps.pg.query('SELECT count(*) AS n FROM events WHERE user_id = 987654321')).rows[0].n)).toBe(
      1,
    );
  });
});

// A small, believable data set for the web app's browser tests and screenshots: songs with both numbers and
// Live/Remix versions, listening sessions a model is trained on, products, and two windows of trending searches.
import type { Deps } from '../../src/platform/deps';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertEvents, type BehaviourEvent } from '../../src/events/store';
import { createRng } from '../../src/platform/prng';
import { trainRecs } from '../../src/recs/train';
import { ingestProductDirectory } from '../../src/products/catalog';
import { productsFamily } from '../../src/products/index-family';
import { countSearch } from '../../src/trending/store';
import type { Demographic } from '../../src/core/demographics';
import { truncateKeepingUserIds } from '../fixtures/truncate';

interface DemoSong {
  title: string;
  artist: string;
  tj: string | null;
  ky: string | null;
  alt?: string[];
  group: number;
}

export const DEMO_SONGS: DemoSong[] = [
  { title: '너의 의미', artist: '아이유', tj: '31954', ky: '47452', group: 0 },
  { title: '좋은 날', artist: '아이유', tj: '33393', ky: '46638', group: 0 },
  { title: '좋은 날 (Live)', artist: '아이유', tj: '33394', ky: null, group: 0 },
  { title: '밤편지', artist: '아이유', tj: '48721', ky: '89213', group: 0 },
  { title: '블루밍', artist: '아이유', tj: '24386', ky: '76022', alt: ['Blueming'], group: 0 },
  { title: '취중진담', artist: '김동률', tj: '3948', ky: '3948', group: 0 },
  { title: '기억의 습작', artist: '김동률', tj: '2512', ky: '2279', group: 0 },
  { title: '신호등', artist: '이무진', tj: '80064', ky: '23712', group: 0 },
  { title: '뚜두뚜두', artist: '블랙핑크', tj: '98291', ky: '91765', alt: ['DDU-DU DDU-DU'], group: 1 },
  { title: '뚜두뚜두 (Remix)', artist: '블랙핑크', tj: '98292', ky: null, group: 1 },
  { title: '마지막처럼', artist: '블랙핑크', tj: '97121', ky: '89102', group: 1 },
  { title: '으르렁', artist: '엑소', tj: '36932', ky: '48552', alt: ['Growl'], group: 1 },
  { title: '봄날', artist: '방탄소년단', tj: '48449', ky: '89117', group: 1 },
  { title: '다이너마이트', artist: '방탄소년단', tj: '75431', ky: '23658', alt: ['Dynamite'], group: 1 },
  { title: '사랑했나봐', artist: '윤도현', tj: '15234', ky: '45892', group: 2 },
  { title: '말달리자', artist: '크라잉넛', tj: '1473', ky: '5062', group: 2 },
  { title: '나는 나비', artist: 'YB', tj: '17523', ky: '46321', group: 2 },
  { title: '한숨', artist: '이하이', tj: '46837', ky: '48810', group: 0 },
];

/** Replaces songs, users, events, models and products with the demo set (test databases only). */
export async function seedDemo(deps: Deps, now: Date = new Date()): Promise<{ songIds: Map<string, number> }> {
  if (deps.config.env !== 'test')
    throw new Error('the demo data replaces everything: run it against a test database (APP_ENV=test)');
  await truncateKeepingUserIds(deps.pg, ['users', 'songs', 'catalog_entries', 'events', 'rec_models']);
  const songIds = new Map<string, number>();
  for (const s of DEMO_SONGS) {
    const r = await deps.pg.query<{ id: string }>(
      `INSERT INTO songs (title, artist, alt_titles, tj_no, ky_no, merge_rule, merge_score, merge_key) VALUES ($1, $2, $3, $4, $5, 'fixture', 1, $1 || '|' || $2) RETURNING id`,
      [s.title, s.artist, s.alt ?? [], s.tj, s.ky],
    );
    songIds.set(s.title, Number(r.rows[0].id));
  }
  // listening sessions that stay inside one taste group, so the trained model has neighbours to show
  const rng = createRng(7);
  const events: Array<BehaviourEvent & { at: Date }> = [];
  for (let session = 0; session < 240; session++) {
    const group = DEMO_SONGS.filter((s) => s.group === session % 3);
    let at = now.getTime() - (1 + rng.next() * 4) * 86_400_000;
    for (let i = 0; i < 6; i++) {
      at += 60_000;
      events.push({
        kind: 'view',
        sessionId: `demo-${session}`,
        songId: songIds.get(group[rng.int(group.length)].title)!,
        at: new Date(at),
      });
    }
  }
  await insertEvents(deps.pg, events);
  await rebuildIndex(deps, songsFamily);
  await trainRecs(deps);
  await ingestProductDirectory(deps.pg);
  await rebuildIndex(deps, productsFamily);
  await seedTrending(deps, now);
  return { songIds };
}

/** Two windows of searches, so the lists show up, down and new marks. */
async function seedTrending(deps: Deps, now: Date): Promise<void> {
  const previous = new Date(now.getTime() - deps.config.trending.windowMinutes * 60_000);
  const count = async (query: string, times: number, at: Date, who: Demographic = {}) => {
    // each search by a different signed-in user, so the terms pass TRENDING_MIN_USERS
    for (let i = 0; i < times; i++)
      await countSearch(deps.redis, deps.config, { scope: 'songs', query, ...who, userId: 900_000 + i }, at);
  };
  await count('아이유', 6, previous, { gender: 'female', ageBand: '20s' });
  await count('봄날', 5, previous, { gender: 'female', ageBand: '20s' });
  await count('신호등', 2, previous);
  await count('신호등', 9, now, { gender: 'female', ageBand: '20s' });
  await count('아이유', 7, now, { gender: 'female', ageBand: '20s' });
  await count('봄날', 3, now, { gender: 'female', ageBand: '20s' });
  await count('다이너마이트', 4, now, { gender: 'female', ageBand: '20s' });
  await count('말달리자', 5, now, { gender: 'male', ageBand: '30s' });
}

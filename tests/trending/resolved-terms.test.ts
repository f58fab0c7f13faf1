// Trending through the real search route, songs index and Redis: what is shown is the catalog name a search found,
// and only once TRENDING_MIN_USERS different signed-in users searched it. Typed text, however often it is sent and
// from however many addresses, never shows.
import request from 'supertest';
import { redisReady, testDeps, closeDeps, clearKeys } from '../support';
import { songRoutes } from '../../src/songs/routes';
import { trendingRoutes } from '../../src/trending/routes';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { appWith } from '../app-with';
import { insertFixtureSongs, FIXTURE_SONGS } from '../songs/fixtures';
import { clearTrending } from './helpers';

const deps = testDeps({ TRENDING_MIN_USERS: '3', TRENDING_CACHE_SECONDS: '0' });
const app = appWith(deps, (a) => {
  a.use(songRoutes(deps));
  a.use(trendingRoutes(deps));
});
let ids: number[] = [];
const idOf = (title: string) => ids[FIXTURE_SONGS.findIndex((s) => s.title === title)];

const search = async (q: string, who: { user?: number; ip: string }) => {
  let r = request(app).get('/api/songs/search').query({ q }).set('x-forwarded-for', who.ip);
  if (who.user) r = r.set('x-test-user', String(who.user));
  const res = await r;
  expect(res.status).toBe(200);
  return res.body as { total: number };
};
const trending = async () => {
  await deps.writers.idle(); // searches are recorded after their answer
  const res = await request(app).get('/api/trending');
  expect(res.status).toBe(200);
  return res.body.items as Array<{ query: string; key: string }>;
};

beforeAll(async () => {
  await redisReady(deps.redis);
  ids = await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
});
beforeEach(async () => {
  await clearTrending(deps.redis, deps.config.redisPrefix);
  await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
});
afterAll(() => closeDeps(deps));

// a search lets one word go unmatched, so 아이유 and any one word of made-up text still finds 아이유's songs
const JUNK = ['아이유 내가만든아무말', '아이유 내가 만든 아무 말'];

test('made-up text that still finds songs is never shown, whoever sends it and from however many addresses', async () => {
  expect((await search(JUNK[0], { ip: '10.90.0.1' })).total).toBeGreaterThan(0);
  for (const q of JUNK) {
    for (let i = 0; i < 12; i++) await search(q, { ip: `10.90.1.${i + 1}` });
    for (let i = 0; i < 6; i++) await search(q, { ip: `2001:db8:${(0x900 + i).toString(16)}::1` });
    for (let i = 0; i < 6; i++) await search(q, { user: 41, ip: '10.90.2.1' });
    for (let user = 42; user < 47; user++) await search(q, { user, ip: '10.90.2.2' }); // even many users: it names nothing
  }
  const items = await trending();
  expect(items.map((i) => i.query).filter((q) => q.includes('내가') || q.includes('아무'))).toEqual([]);
  expect(items).toEqual([]);
});

test('one user (and any number of anonymous searches) is not enough to show a song', async () => {
  for (let i = 0; i < 10; i++) await search('밤편지', { user: 51, ip: '10.91.0.1' });
  for (let i = 0; i < 30; i++) await search('밤편지', { ip: `10.91.1.${i + 1}` });
  await search('밤편지', { user: 52, ip: '10.91.0.2' });
  expect(await trending()).toEqual([]);
});

test('three signed-in users searching a song, each typing it their own way, show its catalog title', async () => {
  await search('아이유 밤편지', { user: 61, ip: '10.92.0.1' });
  await search('ㅂㅍㅈ', { user: 62, ip: '10.92.0.2' });
  expect(await trending()).toEqual([]);
  await search('qkavUswl', { user: 63, ip: '10.92.0.3' }); // 밤편지 typed in English mode
  expect(await trending()).toEqual([
    expect.objectContaining({ query: '밤편지', key: `song:${idOf('밤편지')}`, rank: 1 }),
  ]);
});

test('an artist searched by three users shows as the artist, an alias as the catalog name', async () => {
  await search('아이유', { user: 71, ip: '10.93.0.1' });
  await search('iu', { user: 72, ip: '10.93.0.2' });
  await search('dkdldb', { user: 73, ip: '10.93.0.3' });
  expect((await trending()).map((i) => i.query)).toEqual(['아이유']);
});

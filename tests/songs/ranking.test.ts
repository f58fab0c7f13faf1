// Ranking on the real index: the song's standing reorders equally good matches, never a much better one.
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs, type FixtureSong } from './fixtures';

const deps = testDeps();
const app = testApp(deps);

// versions first, so the id tie-break alone would put them before the original; the original also carries an
// English title, which makes its artist+title keys longer: without the rule, a version would win on length norms
const SONGS: FixtureSong[] = [
  { title: '가시 (Live)', artist: '버즈', tj_no: '90001' },
  { title: '가시 (Remix)', artist: '버즈', ky_no: '97001' },
  { title: '가시', artist: '버즈', alt_titles: ['Thorn', 'Gasi'], tj_no: '1001', ky_no: '2001' },
];

beforeAll(async () => {
  await insertFixtureSongs(deps.pg, SONGS);
  await rebuildIndex(deps, songsFamily);
});
afterAll(() => closeDeps(deps));

const titles = async (q: string) => {
  const res = await request(app).get('/api/songs/search').query({ q });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ title: string }>).map((i) => i.title);
};

describe('original before its versions', () => {
  test('an artist query matching all three equally lists the original first', async () => {
    expect((await titles('버즈'))[0]).toBe('가시');
  });

  test('autocomplete does too', async () => {
    const res = await request(app).get('/api/songs/autocomplete').query({ q: '버즈' });
    expect(res.status).toBe(200);
    expect(res.body.items[0]?.title).toBe('가시');
  });
});

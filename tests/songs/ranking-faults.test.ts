// Two general ranking faults, tried as a new user would (issue 22): a short Korean title typed whole with the keyboard
// in English mode must find it; and a song that has every query word (an artist word and a title word, by whatever
// key or reading) must outrank one that has only the title word, even a much more popular one.
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs, type FixtureSong } from './fixtures';

const deps = testDeps();
const app = testApp(deps);

const SONGS: FixtureSong[] = [
  { title: '비', artist: '폴킴', tj_no: '3101' },
  { title: '별', artist: '에픽하이', tj_no: '3102' },
  { title: '너', artist: '김종국', tj_no: '3103' },
  { title: 'Quiet', artist: 'Quantum', tj_no: '3104' },
  // a Latin title said in Hangul by a less known artist, and a Korean title that is the same word by a famous one
  { title: 'Butter', artist: '방탄소년단', tj_no: '3105' },
  { title: '버터', artist: '유명가수', tj_no: '3106' },
  { title: '버터 쿠키', artist: '유명가수', tj_no: '3107' },
];
// the popularity that lifts a song's score by up to 1.5x: given to the title-only matches, never to Butter
const POPULAR = ['버터', '버터 쿠키'];

beforeAll(async () => {
  const ids = await insertFixtureSongs(deps.pg, SONGS);
  for (const [i, s] of SONGS.entries()) {
    if (!POPULAR.includes(s.title)) continue;
    await deps.pg.query(
      `INSERT INTO song_popularity (song_id, events_score, chart_score, popularity, scored_at) VALUES ($1, 1, 1, 1, now())`,
      [ids[i]],
    );
  }
  await rebuildIndex(deps, songsFamily);
});
afterAll(() => closeDeps(deps));

const titles = async (path: string, q: string) => {
  const res = await request(app).get(path).query({ q });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ title: string }>).map((i) => i.title);
};

describe.each(['/api/songs/search', '/api/songs/autocomplete'])('%s', (path) => {
  test.each([
    ['ql', '비'],
    ['quf', '별'],
    ['sj', '너'],
  ])('a one-syllable title typed in English mode (%s) finds %s first', async (q, title) => {
    expect((await titles(path, q))[0]).toBe(title);
  });

  test('a Latin title typed as itself still comes first', async () => {
    expect((await titles(path, 'quiet'))[0]).toBe('Quiet');
  });

  // the artist word by its start or its 초성, the title word by how the Latin title is said
  test.each(['방탄소년단 버터', '방탄소년 버터', 'ㅂㅌㅅㄴㄷ 버터'])(
    '%s: every word outranks a popular song with only the title word',
    async (q) => {
      const found = await titles(path, q);
      expect(found[0]).toBe('Butter');
      expect(found).toContain('버터');
    },
  );
});

// Artist nicknames from data/songs/artist-aliases.json find the artist's songs first on the real index.
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs, type FixtureSong } from './fixtures';

const deps = testDeps();
const app = testApp(deps);

// rows as the merge writes them: only the spellings the catalogs used, none of the fan nicknames
const SONGS: FixtureSong[] = [
  { title: '소시지 송', artist: '무명밴드', tj_no: '7001' },
  { title: '방탄조끼', artist: '무명밴드', tj_no: '7002' },
  { title: 'God of Music', artist: '세븐틴', artist_aliases: ['SEVENTEEN'], tj_no: '7003' },
  { title: '다시 만난 세계', artist: '소녀시대', tj_no: '7101' },
  { title: 'Gee', artist: '소녀시대', tj_no: '7102' },
  { title: '봄날', artist: '방탄소년단', tj_no: '7201' },
  { title: '거짓말', artist: '지오디', tj_no: '7301' },
  { title: '촛불하나', artist: 'g.o.d', ky_no: '8301' },
  { title: '뚜두뚜두', artist: '블랙핑크', tj_no: '7401' },
  { title: '200%', artist: '악동뮤지션', tj_no: '7501' },
  { title: 'Candy', artist: 'NCT DREAM', tj_no: '7601' },
  { title: '영웅 (英雄; Kick It)', artist: 'NCT 127', tj_no: '7602' },
];

beforeAll(async () => {
  await insertFixtureSongs(deps.pg, SONGS);
  await rebuildIndex(deps, songsFamily);
});
afterAll(() => closeDeps(deps));

const artists = async (route: 'search' | 'autocomplete', q: string) => {
  const res = await request(app).get(`/api/songs/${route}`).query({ q });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ artist: string }>).map((i) => i.artist);
};

describe.each(['search', 'autocomplete'] as const)('nicknames (%s)', (route) => {
  test.each([
    ['소시', ['소녀시대', '소녀시대']],
    ['SNSD', ['소녀시대', '소녀시대']],
    ['방탄', ['방탄소년단']],
    ['BTS', ['방탄소년단']],
    ['god', ['지오디', 'g.o.d']],
    ['지오디', ['지오디', 'g.o.d']],
    ['블핑', ['블랙핑크']],
    ['악뮤', ['악동뮤지션']],
    ['akmu', ['악동뮤지션']],
    ['엔시티', ['NCT DREAM', 'NCT 127']],
  ])("%s finds the artist's songs first", async (q, expected) => {
    const got = await artists(route, q);
    expect(got.slice(0, expected.length).sort()).toEqual([...expected].sort());
  });
});

// Popularity on the real stack: events and charts scored in Postgres, written into the live index without a rebuild,
// carried by a rebuild, and ranking equally good matches (never a much better one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { aliasTargets, rebuildIndex } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { SONGS_FAMILY } from '../../src/songs/constants';
import { ingestChartFiles } from '../../src/songs/charts';
import { rescorePopularity } from '../../src/songs/popularity';
import { insertEvents, type BehaviourEvent } from '../../src/events/store';
import { insertFixtureSongs, type FixtureSong } from './fixtures';

const deps = testDeps();
const app = testApp(deps);
const NOW = new Date('2026-11-05T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

// the obscure 사랑 comes first by id, so without popularity it would win the tie
const SONGS: FixtureSong[] = [
  { title: '사랑', artist: '무명가수', tj_no: '5001' },
  { title: '사랑', artist: '인기가수', tj_no: '5002', ky_no: '6002' },
  { title: '사랑의 배터리', artist: '홍진영', tj_no: '5003', ky_no: '6003' },
  { title: '첫번째 노래', artist: '테스트', tj_no: '5101' },
  { title: '두번째 노래', artist: '테스트', tj_no: '5102' },
  { title: '세번째 노래', artist: '테스트', tj_no: '5103' },
  { title: '네번째 노래', artist: '테스트', tj_no: '5104' },
  { title: '다섯번째 노래', artist: '테스트', tj_no: '5105' },
];
let ids: number[] = [];
const alias = indexName(deps.config, SONGS_FAMILY);

const titles = async (q: string) => {
  const res = await request(app).get('/api/songs/search').query({ q });
  expect(res.status).toBe(200);
  return (res.body.items as Array<{ title: string; artist: string }>).map((i) => `${i.title}/${i.artist}`);
};
const indexedPopularity = async (id: number) =>
  (await deps.es.get<{ popularity: number }>({ index: alias, id: String(id) }))._source!.popularity;
const storedPopularity = async (id: number) =>
  Number(
    (await deps.pg.query('SELECT popularity FROM song_popularity WHERE song_id = $1', [id])).rows[0]?.popularity ?? 0,
  );

const times = (n: number, e: BehaviourEvent & { at: Date }) => Array.from({ length: n }, () => ({ ...e }));

let chartDir: string;
beforeAll(async () => {
  ids = await insertFixtureSongs(deps.pg, SONGS);
  await deps.pg.query('TRUNCATE events, song_charts');
  await rebuildIndex(deps, songsFamily);
  chartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-charts-'));
});
afterAll(async () => {
  fs.rmSync(chartDir, { recursive: true, force: true });
  await closeDeps(deps);
});

describe('popularity', () => {
  test('without popularity the equal exact matches fall back to id order', async () => {
    expect((await titles('사랑')).slice(0, 2)).toEqual(['사랑/무명가수', '사랑/인기가수']);
  });

  test('charts make the popular exact match beat the obscure one, live, without a rebuild; a better text match still wins', async () => {
    const tj = path.join(chartDir, 'tj.csv');
    fs.writeFileSync(tj, 'brand,month,rank,number\ntj,2026-10,1,5003\ntj,2026-10,2,5002\ntj,2026-13,3,5001\n');
    const ky = path.join(chartDir, 'ky.json');
    fs.writeFileSync(
      ky,
      JSON.stringify([
        { brand: 'kumyoung', month: '2026-10', rank: 1, number: '6003' },
        { brand: 'ky', month: '2026-09', rank: 1, number: '6002' },
      ]),
    );
    const loaded = await ingestChartFiles(deps.pg, [tj, ky]);
    expect(loaded.files.map((f) => f.inserted)).toEqual([2, 2]);
    expect(loaded.files[0].errors).toEqual([{ line: 4, reason: expect.stringContaining('month') }]);

    const before = await aliasTargets(deps.es, alias);
    const summary = await rescorePopularity(deps, { now: NOW });
    expect(summary).toMatchObject({ scored: 2, changed: 2, updated: 2, missing: 0 });
    expect(await aliasTargets(deps.es, alias)).toEqual(before); // partial updates, same physical index

    expect(await indexedPopularity(ids[2])).toBe(1); // the #1 of both brands is the most popular song
    expect(await indexedPopularity(ids[1])).toBeGreaterThan(0.5);
    const order = await titles('사랑');
    expect(order.slice(0, 2)).toEqual(['사랑/인기가수', '사랑/무명가수']);
    // the most popular song only prefix-matches "사랑": both exact matches stay above it
    expect(order.indexOf('사랑의 배터리/홍진영')).toBeGreaterThan(1);
  });

  test('a second run with nothing new writes nothing to the index', async () => {
    expect(await rescorePopularity(deps, { now: NOW })).toMatchObject({ changed: 0, updated: 0 });
  });

  test('events count sang > saved > clicked > searched, decay with age and stop counting after the window', async () => {
    const e = (kind: BehaviourEvent['kind'], song: number, at: Date, query?: string) => ({
      kind,
      songId: query ? null : ids[song],
      query: query ?? null,
      userId: null,
      sessionId: 'popularity-test',
      at,
    });
    await insertEvents(deps.pg, [
      ...times(5, e('sang', 3, daysAgo(1))),
      ...times(5, e('save', 4, daysAgo(1))),
      ...times(5, e('view', 5, daysAgo(1))),
      ...times(5, e('search', 6, daysAgo(1), '네번째 노래')),
      ...times(50, e('sang', 7, daysAgo(200))), // outside the window
    ]);
    await rescorePopularity(deps, { now: NOW });
    const p = await Promise.all([3, 4, 5, 6, 7].map((i) => storedPopularity(ids[i])));
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[1]).toBeGreaterThan(p[2]);
    expect(p[2]).toBeGreaterThan(p[3]);
    expect(p[3]).toBeGreaterThan(0);
    expect(p[4]).toBe(0);
    expect(await indexedPopularity(ids[3])).toBeCloseTo(p[0], 5);

    // the same sang events a month older count half as much
    await deps.pg.query('TRUNCATE events');
    await insertEvents(deps.pg, [...times(4, e('sang', 3, daysAgo(1))), ...times(4, e('sang', 4, daysAgo(31)))]);
    await rescorePopularity(deps, { now: NOW });
    const rows = (
      await deps.pg.query(
        'SELECT song_id, events_score FROM song_popularity WHERE song_id = ANY($1::bigint[]) ORDER BY song_id',
        [[ids[3], ids[4]]],
      )
    ).rows;
    expect(Number(rows[1].events_score) / Number(rows[0].events_score)).toBeCloseTo(0.5, 1);
  });

  test('events move the live ranking: the obscure 사랑, sung a lot this week, overtakes the charted one', async () => {
    // 40 different singers: one session's repeats of a song count only a couple of times (events/counting.ts)
    await insertEvents(
      deps.pg,
      Array.from({ length: 40 }, (_, i) => ({
        kind: 'sang' as const,
        songId: ids[0],
        userId: null,
        sessionId: `popularity-test-${i}`,
        at: daysAgo(2),
      })),
    );
    await rescorePopularity(deps, { now: NOW });
    expect((await titles('사랑')).slice(0, 2)).toEqual(['사랑/무명가수', '사랑/인기가수']);
  });

  test('a full rebuild carries popularity from Postgres', async () => {
    const before = await aliasTargets(deps.es, alias);
    await rebuildIndex(deps, songsFamily);
    expect(await aliasTargets(deps.es, alias)).not.toEqual(before);
    for (const i of [0, 1, 2]) expect(await indexedPopularity(ids[i])).toBeCloseTo(await storedPopularity(ids[i]), 5);
    expect((await titles('사랑')).slice(0, 2)).toEqual(['사랑/무명가수', '사랑/인기가수']);
  });
});

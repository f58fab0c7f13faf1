import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDeps, closeDeps } from '../support';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../../src/songs/ingest';
import { mergeCatalog } from '../../src/songs/merge-store';

const deps = testDeps();
const BAD_ROWS = path.resolve(__dirname, '../../data/songs/bad-rows.csv');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-ingest-'));

beforeAll(async () => {
  await deps.pg.query('TRUNCATE songs, catalog_entries, song_merge_overrides RESTART IDENTITY CASCADE');
});
afterAll(() => closeDeps(deps));

const songBy = async (where: string, params: unknown[]) =>
  (await deps.pg.query(`SELECT * FROM songs WHERE deleted_at IS NULL AND ${where}`, params)).rows;

describe('song catalog ingest', () => {
  test('the sample catalogs load and merge into songs with both numbers', async () => {
    const r = await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES);
    expect(r.files.map((f) => f.rejected)).toEqual([0, 0]);
    expect(r.files[0].inserted).toBeGreaterThan(150);
    expect(r.merge!.merged).toBeGreaterThan(140);
    const [good] = await songBy('title = $1 AND artist = $2', ['좋은 날', '아이유']);
    expect(good.tj_no).toMatch(/^\d+$/);
    expect(good.ky_no).toMatch(/^\d+$/);
    expect(good.artist_aliases).toContain('IU');
    const [blueming] = await songBy('title = $1', ['블루밍']);
    expect(blueming.alt_titles).toContain('Blueming');
    expect(blueming.tj_no && blueming.ky_no).toBeTruthy();
  });

  test('re-running the same files changes nothing', async () => {
    const before = (await deps.pg.query('SELECT id, updated_at FROM songs ORDER BY id')).rows;
    const r = await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES);
    expect(r.files.map((f) => [f.inserted, f.updated])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(r.files[0].unchanged).toBe(r.files[0].read);
    expect(r.merge).toBeNull();
    expect((await deps.pg.query('SELECT id, updated_at FROM songs ORDER BY id')).rows).toEqual(before);
  });

  test('bad rows are skipped and reported with their line and reason; the rest loads', async () => {
    const r = await ingestSongFiles(deps.pg, [BAD_ROWS]);
    const s = r.files[0];
    expect(s).toMatchObject({ read: 8, inserted: 2, rejected: 6 });
    expect(s.errors).toEqual(
      expect.arrayContaining([
        { line: 3, reason: expect.stringMatching(/number\) is missing/) },
        { line: 4, reason: 'title is empty' },
        { line: 5, reason: expect.stringMatching(/broken encoding/) },
        { line: 6, reason: expect.stringMatching(/real YYYY-MM-DD/) },
        { line: 7, reason: expect.stringMatching(/brand must be/) },
        { line: 8, reason: expect.stringMatching(/1-8 digits/) },
      ]),
    );
    expect(await songBy('title = $1', ['정상 노래'])).toHaveLength(1);
  });

  test('a re-import with a changed spelling keeps the song id and bumps updated_at', async () => {
    const [before] = await songBy('title = $1 AND artist = $2', ['밤편지', '아이유']);
    const file = path.join(tmp, 'tj-fix.json');
    fs.writeFileSync(file, JSON.stringify([{ brand: 'tj', no: before.tj_no, title: '밤 편지', singer: '아이유(IU)' }]));
    const r = await ingestSongFiles(deps.pg, [file]);
    expect(r.files[0].updated).toBe(1);
    const [after] = await songBy('tj_no = $1', [before.tj_no]);
    expect(after.id).toBe(before.id);
    expect(after.ky_no).toBe(before.ky_no);
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });

  test('manual overrides win: a forced split parts a merged song, a forced merge joins two', async () => {
    const [song] = await songBy('title = $1 AND artist = $2', ['너의 의미', '아이유']);
    await deps.pg.query(`INSERT INTO song_merge_overrides (action, tj_no, ky_no) VALUES ('split', $1, $2)`, [
      song.tj_no,
      song.ky_no,
    ]);
    await mergeCatalog(deps.pg);
    const parts = await songBy('(tj_no = $1 OR ky_no = $2)', [song.tj_no, song.ky_no]);
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.merge_rule)).toEqual(['override-split', 'override-split']);
    expect(parts.map((p) => p.id)).toContain(song.id); // the TJ side keeps the id

    const [a] = await songBy('title = $1 AND ky_no IS NULL', ['정상 노래']);
    const [b] = await songBy('title = $1', ['정상 금영 노래']);
    await deps.pg.query(`INSERT INTO song_merge_overrides (action, tj_no, ky_no) VALUES ('merge', $1, $2)`, [
      a.tj_no,
      b.ky_no,
    ]);
    await mergeCatalog(deps.pg);
    const [joined] = await songBy('tj_no = $1', [a.tj_no]);
    expect(joined).toMatchObject({ ky_no: b.ky_no, merge_rule: 'override-merge', id: a.id });
    const [gone] = (await deps.pg.query('SELECT deleted_at FROM songs WHERE id = $1', [b.id])).rows;
    expect(gone.deleted_at).not.toBeNull();
  });
});

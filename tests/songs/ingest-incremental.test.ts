import { testDeps, closeDeps } from '../support';
import { upsertCatalogEntries } from '../../src/songs/ingest';
import { mergeCatalog, mergeCatalogChanges } from '../../src/songs/merge-store';
import { syntheticCatalog, syntheticCatalogChanges } from '../../tools/synthetic/song-catalog';
import { validateCatalogEntry, type CatalogEntry } from '../../src/songs/catalog-entry';

const deps = testDeps();

const entry = (brand: 'tj' | 'ky', no: string, title: string, singer: string): CatalogEntry => ({
  brand,
  no,
  title,
  singer,
  composer: null,
  lyricist: null,
  release: null,
});

// a seeded synthetic catalog plus entries whose match depends on an alias only another entry teaches
function seededCatalog(): CatalogEntry[] {
  const rows = [...syntheticCatalog(1500, 7)].map((e) => {
    const v = validateCatalogEntry(e as unknown as Record<string, unknown>);
    if (!('row' in v)) throw new Error(`seed row rejected: ${v.reason}`);
    return v.row;
  });
  return [
    ...rows,
    entry('tj', '90001', '좋은 날', '별빛가수'),
    entry('ky', '90001', '좋은날', 'Starlight'),
    entry('tj', '90003', '노래 하나', '별빛가수'),
  ];
}

/** The merged songs as content (no ids or timestamps), in a stable order. */
async function mergedSongs(): Promise<string[]> {
  const rows = (
    await deps.pg.query(
      `SELECT title, artist, alt_titles, artist_aliases, tj_no, ky_no, merge_rule, merge_score, merge_key FROM songs WHERE deleted_at IS NULL`,
    )
  ).rows;
  return rows.map((r) => JSON.stringify(r)).sort();
}

const changesOf = (catalog: CatalogEntry[], seed: number, count: number): CatalogEntry[] =>
  syntheticCatalogChanges(catalog, count, seed, 95000 + seed * 1000).map((c) => ({
    ...c,
    composer: null,
    lyricist: null,
    release: null,
  }));

beforeAll(async () => {
  await deps.pg.query(
    'TRUNCATE songs, catalog_entries, song_merge_overrides, song_merge_state, catalog_entry_blocks, catalog_alias_edges RESTART IDENTITY CASCADE',
  );
});
afterAll(() => closeDeps(deps));

describe('incremental catalog merge', () => {
  test('re-plans only the entries changes can affect, and ends where a full merge of the same catalog ends', async () => {
    const catalog = seededCatalog();
    await upsertCatalogEntries(deps.pg, catalog);
    const first = await mergeCatalogChanges(deps.pg);
    expect(first.mode).toBe('full'); // nothing merged yet
    const kyOf90001 = async () =>
      (await deps.pg.query(`SELECT ky_no FROM songs WHERE tj_no = '90001' AND deleted_at IS NULL`)).rows[0].ky_no;
    expect(await kyOf90001()).toBeNull(); // 'Starlight' is not known to be 별빛가수 yet

    // round 1: changes, plus a credit teaching 별빛가수 = Starlight, which joins the KY '좋은날' by 'Starlight'
    const round1 = [...changesOf(catalog, 1, 60), entry('tj', '90002', '다른 노래', '별빛가수(Starlight)')];
    const up1 = await upsertCatalogEntries(deps.pg, round1);
    const inc1 = await mergeCatalogChanges(deps.pg);
    expect(inc1).toMatchObject({ mode: 'incremental', changed: up1.inserted + up1.updated });
    expect(inc1.entries).toBeLessThan(catalog.length / 4);
    expect(await kyOf90001()).toBe('90001');
    const after1 = await mergedSongs();
    const full1 = await mergeCatalog(deps.pg);
    expect(full1).toMatchObject({ created: 0, updated: 0, deleted: 0 }); // a full merge finds nothing left to change
    expect(await mergedSongs()).toEqual(after1);

    // round 2: more changes, and the alias credit taken back
    const round2 = [...changesOf(catalog, 2, 60), entry('tj', '90002', '다른 노래', '다른 가수')];
    await upsertCatalogEntries(deps.pg, round2);
    const inc2 = await mergeCatalogChanges(deps.pg);
    expect(inc2.mode).toBe('incremental');
    expect(await kyOf90001()).toBeNull();
    const after2 = await mergedSongs();

    // the same catalog merged from scratch
    await deps.pg.query('UPDATE catalog_entries SET song_id = NULL');
    await deps.pg.query('DELETE FROM songs');
    await mergeCatalog(deps.pg);
    expect(await mergedSongs()).toEqual(after2);
    const links = (
      await deps.pg.query(
        `SELECT count(*)::int AS n FROM catalog_entries c JOIN songs s ON s.id = c.song_id AND s.deleted_at IS NULL
       WHERE (c.brand = 'tj' AND s.tj_no = c.no) OR (c.brand = 'ky' AND s.ky_no = c.no)`,
      )
    ).rows[0].n;
    expect(links).toBe(Number((await deps.pg.query('SELECT count(*) FROM catalog_entries')).rows[0].count));
  });

  test('a changed override makes the next merge a full one', async () => {
    const [song] = (
      await deps.pg.query(
        `SELECT tj_no, ky_no FROM songs WHERE tj_no IS NOT NULL AND ky_no IS NOT NULL AND deleted_at IS NULL LIMIT 1`,
      )
    ).rows;
    await deps.pg.query(`INSERT INTO song_merge_overrides (action, tj_no, ky_no) VALUES ('split', $1, $2)`, [
      song.tj_no,
      song.ky_no,
    ]);
    await upsertCatalogEntries(deps.pg, [entry('tj', '99999', '새 노래', '새 가수')]);
    expect((await mergeCatalogChanges(deps.pg)).mode).toBe('full');
    expect(
      (
        await deps.pg.query(
          'SELECT count(*)::int AS n FROM songs WHERE deleted_at IS NULL AND (tj_no = $1 OR ky_no = $2)',
          [song.tj_no, song.ky_no],
        )
      ).rows[0].n,
    ).toBe(2);
  });
});

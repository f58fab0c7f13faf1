import { testDeps, closeDeps } from '../support';
import { aliasTargets, rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { indexName } from '../../src/platform/elasticsearch';
import { syntheticSongRows } from '../../scripts/bench-songs-data';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../../src/songs/ingest';

const deps = testDeps();
const SONGS = 300;

async function documents(): Promise<Array<Record<string, unknown>>> {
  const alias = indexName(deps.config, songsFamily.name);
  const res = await deps.es.search({ index: alias, size: SONGS + 10, sort: [{ id: 'asc' }], query: { match_all: {} } });
  return res.hits.hits.map((h) => h._source as Record<string, unknown>);
}

beforeAll(async () => {
  await syntheticSongRows(deps.pg, SONGS, () => undefined);
});
afterAll(async () => {
  // the suites after this one expect the sample catalog
  await deps.pg.query(
    'TRUNCATE songs, catalog_entries, song_merge_state, catalog_entry_blocks, catalog_alias_edges RESTART IDENTITY CASCADE',
  );
  await ingestSongFiles(deps.pg, SAMPLE_SONG_FILES, undefined, { fullMerge: true });
  await closeDeps(deps);
});

test('documents built in worker threads equal those built in the main thread; the new index is force-merged', async () => {
  const inThread = await rebuildIndex(deps, songsFamily, undefined, { workers: 0, batchSize: 40, maxSegments: 0 });
  const expected = await documents();
  expect(expected).toHaveLength(SONGS);
  const inWorkers = await rebuildIndex(deps, songsFamily, undefined, { workers: 2, batchSize: 40 });
  expect(inWorkers.indexed).toBe(inThread.indexed);
  expect(await aliasTargets(deps.es, inWorkers.alias)).toEqual([inWorkers.index]);
  expect(await documents()).toEqual(expected);
  const segments = await deps.es.indices.segments({ index: inWorkers.index });
  const shards = Object.values(segments.indices[inWorkers.index].shards).flat();
  expect(shards.every((s) => s.num_search_segments <= 1)).toBe(true);
  const settings = await deps.es.indices.getSettings({ index: inWorkers.index });
  expect(settings[inWorkers.index].settings?.index).toMatchObject({
    refresh_interval: '1s',
    number_of_replicas: '0',
    translog: { durability: 'request' },
  });
});

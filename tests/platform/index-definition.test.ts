// A mapping or analysis change reaches the live index: a rebuild stamps the definition's digest into the index, and a
// sync finding an index built from another definition rebuilds instead of writing documents it would refuse.
import { testDeps, closeDeps } from '../support';
import {
  aliasTargets,
  definitionDigest,
  loadIndexDefinition,
  rebuildIndex,
  syncIndex,
} from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { insertFixtureSongs } from '../songs/fixtures';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}idxdef_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const alias = indexName(deps.config, songsFamily.name);
const digestOf = async (index: string) =>
  ((await deps.es.indices.getMapping({ index }))[index].mappings._meta as { definition?: string } | undefined)
    ?.definition;

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
});
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

test('a rebuild stamps the digest of mappings/songs.json and its analysis into the index', async () => {
  const [index] = await aliasTargets(deps.es, alias);
  expect(await digestOf(index)).toBe(
    definitionDigest(loadIndexDefinition(songsFamily.definition, songsFamily.analysis)),
  );
  expect((await syncIndex(deps, songsFamily)).rebuilt).toBe(false);
});

test('an index built from another definition (or before digests) is rebuilt by the next sync', async () => {
  const [old] = await aliasTargets(deps.es, alias);
  await deps.es.indices.putMapping({ index: old, _meta: { definition: 'an older mapping' } });
  const s = await syncIndex(deps, songsFamily);
  expect(s.rebuilt).toBe(true);
  const [now] = await aliasTargets(deps.es, alias);
  expect(now).not.toBe(old);
  expect(await digestOf(now)).toBe(definitionDigest(loadIndexDefinition(songsFamily.definition, songsFamily.analysis)));
  expect((await deps.es.count({ index: alias })).count).toBe(12);
});

test('the digest follows the definition: another field is another digest', () => {
  const def = loadIndexDefinition(songsFamily.definition, songsFamily.analysis);
  const props = (def.mappings as { properties: Record<string, unknown> }).properties;
  const changed = { ...def, mappings: { ...def.mappings, properties: { ...props, extra: { type: 'keyword' } } } };
  expect(definitionDigest(changed)).not.toBe(definitionDigest(def));
  expect(definitionDigest(loadIndexDefinition(songsFamily.definition, songsFamily.analysis))).toBe(
    definitionDigest(def),
  );
});

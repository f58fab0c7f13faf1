// Long Hangul with fuzzy matching: what any search route fuzzes is capped (MAX_FUZZY_JAMO jamo, MAX_FUZZY_CHARS Latin
// characters), so the longest accepted input is answered 200 by song search, song autocomplete and product search
// and autocomplete, never a 500 or an Elasticsearch refusal.
import request from 'supertest';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { productsFamily } from '../../src/products/index-family';
import { buildSongQuery, type QueryDepth } from '../../src/search/song-query';
import { buildProductAutocomplete, buildProductSearch } from '../../src/search/product-query';
import { readQuery } from '../../src/search/readings';
import { songRelevance } from '../../src/search/relevance';
import { MAX_FUZZY_JAMO, MAX_QUERY_CHARS } from '../../src/korean';

const MAX_FUZZY_CHARS = songRelevance.fuzziness.maxFuzzyChars;
import { insertFixtureSongs } from '../songs/fixtures';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}fuzzycap_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);

// the longest inputs the parser accepts: one long word, and many words of fuzzable length
const LONG_INPUTS = [
  '가나다라마바사아자차'.repeat(10),
  Array.from({ length: 12 }, (_, i) => '사랑했지만'.slice(0, 3 + (i % 3)))
    .join(' ')
    .slice(0, MAX_QUERY_CHARS),
  '흔들리는꽃들속에서네샴푸향이느껴진거야 '.repeat(5).trim().slice(0, MAX_QUERY_CHARS),
  'abcdefghij'.repeat(10),
];

/** Every term a request fuzzes, found anywhere in its body. */
function fuzzedTerms(body: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fuzzy')
        for (const params of Object.values(v as Record<string, { value: string }>)) out.push(params.value);
      else if (k === 'multi_match' || k === 'match') {
        const m = v as Record<string, unknown>;
        const inner = (k === 'match' ? Object.values(m)[0] : m) as { query?: string; fuzziness?: unknown };
        if (inner?.fuzziness !== undefined) out.push(String(inner.query));
      } else walk(v);
    }
  };
  walk(body);
  return out;
}

const withinCap = (term: string) =>
  [...term].length <= MAX_FUZZY_JAMO || [...term.replace(/\s+/g, '')].length <= MAX_FUZZY_CHARS;

beforeAll(async () => {
  await insertFixtureSongs(deps.pg);
  await rebuildIndex(deps, songsFamily);
  await rebuildIndex(deps, productsFamily);
}, 120_000);
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

describe.each(LONG_INPUTS.map((q) => [q.slice(0, 12), q]))('%s…', (_label, q) => {
  test('no request body fuzzes a term past the cap: song search, autocomplete and its typo retry, products', () => {
    const p = readQuery(q, { units: true });
    const bodies = [
      ...(['full', 'prefix', 'typo'] as QueryDepth[]).map((depth) => buildSongQuery(p, depth, { from: 0, size: 10 })),
      buildProductSearch(p, {}, { from: 0, size: 10 }),
      buildProductAutocomplete(p, 10),
    ];
    for (const body of bodies) expect(fuzzedTerms(body).filter((t) => !withinCap(t))).toEqual([]);
  });

  test.each(['/api/songs/search', '/api/songs/autocomplete', '/api/products/search', '/api/products/autocomplete'])(
    '%s answers 200',
    async (path) => {
      const res = await request(app).get(path).query({ q });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
    },
    60_000,
  );
});

import { clearKeys, redisReady, testDeps, closeDeps } from '../support';
import path from 'node:path';
import { documentedRequest as request } from '../api-contract';
import { rebuildIndex, syncIndex } from '../../src/platform/index-admin';
import { productsFamily } from '../../src/products/index-family';
import { ingestProductDirectory, ingestProductFile } from '../../src/products/catalog';
import { productRoutes } from '../../src/products/routes';
import { trendingRoutes } from '../../src/trending/routes';
import { appWith } from '../app-with';

describe('products on real Postgres + Elasticsearch', () => {
  const deps = testDeps();
  const app = appWith(deps, (a) => {
    a.use(productRoutes(deps));
    a.use(trendingRoutes(deps));
  });
  const search = (query: Record<string, string>) => request(app).get('/api/products/search').query(query);
  const suggest = async (q: string) =>
    (await request(app).get('/api/products/autocomplete').query({ q })).body.items.map(
      (i: { name: string }) => i.name,
    ) as string[];

  beforeAll(async () => {
    await redisReady(deps.redis);
    await clearKeys(deps.redis, deps.config.redisPrefix, 'rl:*');
    await clearKeys(deps.redis, deps.config.redisPrefix, 'trend:products:*');
    await deps.pg.query('TRUNCATE products RESTART IDENTITY CASCADE');
  });
  afterAll(async () => {
    await deps.writers.searchLogs.flush();
    await closeDeps(deps);
  });

  test('the sample catalog (CSV, JSON, NDJSON) ingests cleanly, and again without changes', async () => {
    const first = await ingestProductDirectory(deps.pg);
    expect(first.map((s) => [s.source, s.read, s.inserted, s.rejected])).toEqual([
      ['products-extra.json', 57, 57, 0],
      ['products-more.ndjson', 14, 14, 0],
      ['products.csv', 79, 79, 0],
    ]);
    const again = await ingestProductDirectory(deps.pg);
    expect(again.map((s) => [s.inserted, s.updated, s.unchanged])).toEqual([
      [0, 0, 57],
      [0, 0, 14],
      [0, 0, 79],
    ]);
  });

  test('bad rows are reported with their line and reason; good ones still land', async () => {
    const s = await ingestProductFile(deps.pg, path.join(__dirname, 'fixtures', 'bad-products.csv'));
    expect(s).toMatchObject({ read: 6, inserted: 2, rejected: 4 });
    expect(s.errors).toEqual([
      { line: 3, reason: 'name is required' },
      { line: 4, reason: expect.stringMatching(/^category must be one of/) },
      { line: 5, reason: 'barcode "8801234567890" is not a valid EAN/UPC code' },
      { line: 8, reason: 'duplicate of line 2 (same name)' },
    ]);
    const quoted = await deps.pg.query("SELECT description, no_label FROM products WHERE name = '따옴표, 쉼표 생수'");
    expect(quoted.rows[0]).toEqual({ description: '설명에 "따옴표"와 줄바꿈', no_label: 'full' });
  });

  test('a full rebuild indexes every product behind the alias', async () => {
    const r = await rebuildIndex(deps, productsFamily);
    expect(r.indexed).toBe(152);
    expect(r.alias).toBe(`${deps.config.esIndexPrefix}products`);
  });

  test('search ranks no-label water first, with highlights and facet counts', async () => {
    const res = await search({ q: '무라벨 생수' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(20);
    for (const item of res.body.items.slice(0, 5)) expect(item).toMatchObject({ category: '생수', no_label: 'full' });
    expect(res.body.items[0].highlight.name).toMatch(/<em>무라벨<\/em>/);
    const water = res.body.facets.category.find((f: { value: string }) => f.value === '생수');
    expect(water.count).toBeGreaterThan(20);
    expect(res.body.facets.no_label.map((f: { value: string }) => f.value)).toContain('full');
  });

  test('a category filter narrows the hits but its facet still shows the alternatives', async () => {
    const res = await search({ q: '무라벨', category: '탄산수' });
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const item of res.body.items) expect(item.category).toBe('탄산수');
    const categories = res.body.facets.category.map((f: { value: string }) => f.value);
    expect(categories).toEqual(expect.arrayContaining(['생수', '탄산수']));
    const brands = res.body.facets.brand.map((f: { value: string }) => f.value);
    expect(brands).not.toContain('제주삼다수'); // brand facet respects the category filter
  });

  test('brand and no_label filters apply; pagination pages through', async () => {
    const res = await search({ q: '무라벨', brand: '백산수' });
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const item of res.body.items) expect(item.brand).toBe('백산수');
    const none = await search({ q: '생수', no_label: 'none' });
    for (const item of none.body.items) expect(item.no_label).toBe('none');
    const p1 = await search({ q: '무라벨', size: '5', page: '1' });
    const p2 = await search({ q: '무라벨', size: '5', page: '2' });
    expect(p1.body.items.map((i: { id: number }) => i.id)).not.toEqual(
      expect.arrayContaining(p2.body.items.map((i: { id: number }) => i.id)),
    );
  });

  test('the user dictionary keeps brand words whole: 백산수 finds 백산수, not 산수', async () => {
    const res = await search({ q: '백산수' });
    expect(res.body.items.length).toBeGreaterThan(0);
    for (const item of res.body.items) expect(item.name).toContain('백산수');
  });

  test('a typo in one word of several and Korean unit words still find the product', async () => {
    // 래몬 for 레몬: the other 씨그램 flavours match one word of two and rank below
    expect((await search({ q: '씨그램 래몬' })).body.items[0].name).toMatch(/^씨그램 .*레몬/);
    expect((await suggest('트레비 래몬'))[0]).toMatch(/^트레비 .*레몬/);
    // "2리터" is how people say 2L
    const twoLitres = (await search({ q: '무라벨 2리터' })).body.items;
    expect(twoLitres.length).toBeGreaterThan(3);
    for (const item of twoLitres.slice(0, 3)) expect(item.name).toMatch(/무라벨.*2L/);
  });

  test('Latin letters find Hangul names by their romanization', async () => {
    expect((await search({ q: 'pepsi' })).body.items[0].name).toMatch(/^펩시/);
    expect((await search({ q: 'samdasu' })).body.items[0].name).toMatch(/삼다수/);
    expect((await suggest('cocacola'))[0]).toMatch(/^코카콜라/);
  });

  test('GET /api/products/:id answers the product without its search keys; 404 for an unknown id', async () => {
    const [first] = (await search({ q: 'pepsi' })).body.items;
    const one = await request(app).get(`/api/products/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: first.id, name: first.name, brand: first.brand, category: first.category });
    expect(Object.keys(one.body).filter((k) => /^(name|brand)_/.test(k))).toEqual([]);
    expect((await request(app).get('/api/products/99999999')).status).toBe(404);
  });

  test('a barcode finds its product', async () => {
    const res = await search({ q: '8809900000019' });
    expect(res.body.items[0].name).toBe('제주삼다수 그린 무라벨 500ml');
  });

  test('autocomplete matches prefixes, spacing-free input and chosung', async () => {
    expect((await suggest('씨그')).every((n) => n.startsWith('씨그램'))).toBe(true);
    expect((await suggest('씨그')).length).toBeGreaterThan(3);
    expect((await suggest('칠성사이다제로'))[0]).toMatch(/칠성사이다 제로/);
    expect((await suggest('ㅌㄹㅂ')).some((n) => n.startsWith('트레비'))).toBe(true);
    expect((await suggest('ㅈㅈㅅㄷㅅ')).some((n) => n.startsWith('제주삼다수'))).toBe(true);
  });

  test('bad parameters are 400s naming the parameter', async () => {
    expect((await search({})).body.error.details.parameter).toBe('q');
    expect((await search({ q: '물', category: '자동차' })).body.error.details.parameter).toBe('category');
    expect((await search({ q: '물', size: '500' })).status).toBe(400);
  });

  test('an incremental sync picks up renamed and deleted products', async () => {
    await deps.pg.query(
      "UPDATE products SET name = '백산수 무라벨 리뉴얼 500ml', updated_at = now() WHERE name = '백산수 무라벨 500ml'",
    );
    await deps.pg.query("UPDATE products SET deleted_at = now(), updated_at = now() WHERE name = '백산수 무라벨 2L'");
    const s = await syncIndex(deps, productsFamily);
    // rows changed within the sync overlap before the rebuild are re-applied too (idempotent upserts)
    expect(s).toMatchObject({ deleted: 1, rebuilt: false });
    expect(s.upserted).toBeGreaterThanOrEqual(1);
    const names = (await search({ q: '백산수' })).body.items.map((i: { name: string }) => i.name);
    expect(names).toContain('백산수 무라벨 리뉴얼 500ml');
    expect(names).not.toContain('백산수 무라벨 2L');
  });

  test('a product search by enough signed-in users shows up in products trending, under the catalog name it found', async () => {
    for (const user of ['9101', '9102', '9103']) await search({ q: '씨그램 라벨프리 청포도' }).set('x-test-user', user);
    await search({ q: '라벨프리 탄산수' }).set('x-test-user', '9104'); // words spread over name and category: no one name
    await deps.writers.idle(); // recorded after the response is sent
    const res = await request(app).get('/api/trending').query({ scope: 'products' });
    const shown = res.body.items.map((i: { query: string }) => i.query) as string[];
    // what people typed is never shown as such: the product name it resolved to is
    expect(shown).toContain('씨그램 라벨프리 청포도 450ml');
    expect(shown).not.toContain('씨그램 라벨프리 청포도');
    expect(shown).not.toContain('라벨프리 탄산수');
  });
});

// Highlights are HTML for API clients to insert as is: the text around the <em> tags comes escaped by Elasticsearch's
// html encoder, so a title or product name carrying markup is shown as text, never run as markup.
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps } from '../support';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { productsFamily } from '../../src/products/index-family';
import { upsertProducts } from '../../src/products/catalog';
import { insertFixtureSongs } from './fixtures';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}hl_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
const app = testApp(deps);

const MARKUP_TITLE = '<img src=x onerror="alert(1)">사랑비 & 눈물</b>';
const MARKUP_ARTIST = "R&B 'Soul' <i>가수</i>";
const MARKUP_PRODUCT = '<script>alert(1)</script> 무라벨 생수 & 탄산수';

beforeAll(async () => {
  await insertFixtureSongs(deps.pg, [
    { title: MARKUP_TITLE, artist: MARKUP_ARTIST, tj_no: '99001', ky_no: '99002' },
    { title: '너의 의미', artist: '아이유', tj_no: '31954', ky_no: '47452' },
  ]);
  await rebuildIndex(deps, songsFamily);
  await deps.pg.query('TRUNCATE products RESTART IDENTITY CASCADE');
  await upsertProducts(deps.pg, [
    {
      naturalKey: 'hl-1',
      name: MARKUP_PRODUCT,
      brand: '<b>브랜드</b>',
      category: '생수',
      noLabel: 'full',
      barcode: null,
      description: '설명 <a href="https://evil.example">링크</a> 무라벨',
      imageUrl: null,
      source: 'test',
    },
  ]);
  await rebuildIndex(deps, productsFamily);
}, 120_000);
afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
});

/** The markup a highlight carries besides its <em> tags (none when the text is escaped). */
const markupBesidesEm = (html: string) => html.replace(/<\/?em>/g, '').match(/[<>"']/g) ?? [];
/** What the highlight shows: the text, decoded from the html encoder's entities, without the <em> tags. */
const shownText = (html: string) =>
  html
    .replace(/<\/?em>/g, '')
    .replace(
      /&(amp|lt|gt|quot|#x27|#x2F);/g,
      (m) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x2F;': '/' })[m]!,
    );

test('song search: title and artist highlights escape their markup and still mark the match', async () => {
  const res = await request(app).get('/api/songs/search').query({ q: '사랑비 가수' });
  expect(res.status).toBe(200);
  const hit = res.body.items[0];
  expect(hit.title).toBe(MARKUP_TITLE); // the plain fields stay the text itself
  expect(hit.highlight.title).toContain('<em>');
  expect(markupBesidesEm(hit.highlight.title)).toEqual([]);
  expect(hit.highlight.title).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  expect(shownText(hit.highlight.title)).toBe(MARKUP_TITLE);
  expect(markupBesidesEm(hit.highlight.artist)).toEqual([]);
  expect(shownText(hit.highlight.artist)).toBe(MARKUP_ARTIST);
});

test('product search: name and description highlights escape their markup', async () => {
  const res = await request(app).get('/api/products/search').query({ q: '무라벨' });
  expect(res.status).toBe(200);
  const hit = res.body.items.find((i: { name: string }) => i.name === MARKUP_PRODUCT);
  expect(hit.highlight.name).toContain('<em>');
  expect(markupBesidesEm(hit.highlight.name)).toEqual([]);
  expect(shownText(hit.highlight.name)).toBe(MARKUP_PRODUCT);
  expect(markupBesidesEm(hit.highlight.description)).toEqual([]);
  expect(shownText(hit.highlight.description)).toContain('<a href="https://evil.example">');
});

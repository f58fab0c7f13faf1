// GET /api/products/search and /api/products/autocomplete: contracts declared once; read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParams, optionalText, queryEnum, route, z } from '../platform/api';
import { rateLimit } from '../abuse/rate-limit';
import { sharedRateLimit } from '../abuse/batched-limit';
import { answerSearch } from '../events/record-search';
import { NO_LABEL_STATUSES, PRODUCT_CATEGORIES } from './catalog';
import { autocompleteProducts, getProduct, searchProducts } from './search';
import { MatchRanges, pageParams, parseQueryParam, searchText } from '../platform/search-params';

export const Product = z.object({
  id: z.number().int(),
  name: z.string(),
  brand: z.string(),
  category: z.string(),
  no_label: z.string().openapi({ description: 'whether the product is sold without a brand label' }),
  barcode: z.string().nullable().optional(),
  image_url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
}).openapi('Product');

const FacetValues = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const ProductSearchResult = z.object({
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
  items: z.array(Product.extend({ highlight: z.object({ name: z.string().optional(), description: z.string().optional() }).optional(), matches: z.object({ name: MatchRanges }) })),
  facets: z.object({ category: FacetValues, brand: FacetValues, no_label: FacetValues }),
  took_ms: z.number(),
}).openapi('ProductSearchResult');

export const productsApi = {
  search: defineRoute({
    method: 'get', path: '/api/products/search', tag: 'products', summary: 'Search no-label products with facets',
    query: z.object({
      q: searchText,
      category: queryEnum(PRODUCT_CATEGORIES),
      brand: optionalText(100),
      no_label: queryEnum(NO_LABEL_STATUSES),
      ...pageParams,
    }),
    responses: { 200: { description: 'matching products with category, brand and no_label facets', schema: ProductSearchResult } },
    errors: [429],
  }),
  autocomplete: defineRoute({
    method: 'get', path: '/api/products/autocomplete', tag: 'products', summary: 'Product suggestions while typing',
    query: z.object({ q: searchText }),
    responses: { 200: { description: 'up to 10 products', schema: z.object({ items: z.array(Product.extend({ matches: z.object({ name: MatchRanges }) })), took_ms: z.number() }) } },
    errors: [429],
  }),
  get: defineRoute({
    method: 'get', path: '/api/products/:id', tag: 'products', summary: 'One product',
    params: idParams,
    responses: { 200: { description: 'the product', schema: Product } },
    errors: [404],
  }),
};

export function productRoutes(deps: Deps): Router {
  const router = Router();
  route(router, productsApi.search, [rateLimit(deps, 'search')], async ({ query }, req) => ({
    status: 200, body: await answerSearch(deps, req, 'products', query, (parsed) =>
      searchProducts(deps, parsed, { category: query.category, brand: query.brand, noLabel: query.no_label }, { page: query.page, size: query.size })),
  }));
  route(router, productsApi.autocomplete, [sharedRateLimit(deps, 'autocomplete')], async ({ query }) => ({
    status: 200, body: await autocompleteProducts(deps, parseQueryParam(query.q), 10),
  }));
  route(router, productsApi.get, [], async ({ params }) => ({ status: 200, body: await getProduct(deps, params.id) }));
  return router;
}

// GET /api/products/search and /api/products/autocomplete: contracts declared once; read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParams, optionalText, queryEnum, route, z } from '../platform/api';
import { rateLimit } from '../limits/rate-limit';
import { sharedRateLimit } from '../limits/batched-limit';
import { recordAnswer } from '../events/record-search';
import { NO_LABEL_STATUSES, PRODUCT_CATEGORIES } from './catalog';
import { autocompleteProducts, searchProductsFor } from '../search/products';
import { MatchRanges, pageParams, searchText } from '../search/params';
import { productRelevance } from '../search/product-relevance';
import { indexName } from '../platform/elasticsearch';
import { PRODUCTS_FAMILY } from './document';
import { getProduct } from './product';

export const Product = z
  .object({
    id: z.number().int(),
    name: z.string(),
    brand: z.string(),
    category: z.string(),
    no_label: z.string().openapi({ description: 'whether the product is sold without a brand label' }),
    barcode: z.string().nullable().optional(),
    image_url: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
  })
  .openapi('Product');

const FacetValues = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const ProductSearchResult = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    items: z.array(
      Product.extend({
        highlight: z.object({ name: z.string().optional(), description: z.string().optional() }).optional(),
        matches: z.object({ name: MatchRanges }),
      }),
    ),
    facets: z.object({ category: FacetValues, brand: FacetValues, no_label: FacetValues }),
    took_ms: z.number(),
  })
  .openapi('ProductSearchResult');

export const productsApi = {
  search: defineRoute({
    method: 'get',
    path: '/api/products/search',
    tag: 'products',
    summary: 'Search no-label products with facets',
    query: z.object({
      q: searchText,
      category: queryEnum(PRODUCT_CATEGORIES),
      brand: optionalText(100),
      no_label: queryEnum(NO_LABEL_STATUSES),
      ...pageParams,
    }),
    responses: {
      200: { description: 'matching products with category, brand and no_label facets', schema: ProductSearchResult },
    },
    errors: [429],
  }),
  autocomplete: defineRoute({
    method: 'get',
    path: '/api/products/autocomplete',
    tag: 'products',
    summary: 'Product suggestions while typing',
    query: z.object({ q: searchText }),
    responses: {
      200: {
        description: 'up to 10 products',
        schema: z.object({
          items: z.array(Product.extend({ matches: z.object({ name: MatchRanges }) })),
          took_ms: z.number(),
        }),
      },
    },
    errors: [429],
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/products/:id',
    tag: 'products',
    summary: 'One product',
    params: idParams,
    responses: { 200: { description: 'the product', schema: Product } },
    errors: [404],
  }),
};

export function productRoutes(deps: Deps): Router {
  const router = Router();
  const products = { es: deps.es, index: indexName(deps.config, PRODUCTS_FAMILY) };
  route(router, productsApi.search, [rateLimit(deps, 'search')], async ({ query }, req) => {
    const filters = { category: query.category, brand: query.brand, noLabel: query.no_label };
    const { input, answer } = await searchProductsFor(products, query.q, filters, {
      page: query.page,
      size: query.size,
    });
    recordAnswer(deps, req, 'products', input, query.page, answer);
    return { status: 200, body: answer };
  });
  route(router, productsApi.autocomplete, [sharedRateLimit(deps, 'autocomplete')], async ({ query }) => ({
    status: 200,
    body: await autocompleteProducts(products, query.q, productRelevance.autocompleteSize),
  }));
  route(router, productsApi.get, [], async ({ params }) => ({
    status: 200,
    body: await getProduct(products, params.id),
  }));
  return router;
}

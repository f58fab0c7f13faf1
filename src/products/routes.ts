// GET /api/products/search and /api/products/autocomplete: read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { enumParam, intParam, optionalText, requiredText } from '../platform/params';
import { rateLimit } from '../abuse/rate-limit';
import { MAX_QUERY_CHARS } from '../korean';
import { recordSearch } from '../events/record-search';
import { callerOf } from '../users/caller';
import { NO_LABEL_STATUSES, PRODUCT_CATEGORIES } from './catalog';
import { autocompleteProducts, searchProducts } from './search';

export function productRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/api/products/search', rateLimit(deps, 'search'), handle(async (req, res) => {
    const q = requiredText('q', req.query.q, MAX_QUERY_CHARS);
    const category = enumParam('category', req.query.category, PRODUCT_CATEGORIES);
    const brand = optionalText('brand', req.query.brand, 100);
    const noLabel = enumParam('no_label', req.query.no_label, NO_LABEL_STATUSES);
    const page = intParam('page', req.query.page, 1, 1, 100);
    const size = intParam('size', req.query.size, 20, 1, 50);
    const result = await searchProducts(deps, q, { category, brand, noLabel }, { page, size });
    res.json(result);
    if (page === 1) void recordSearch(deps, callerOf(req), { scope: 'products', query: q, resultCount: result.total, tookMs: result.took_ms });
  }));
  router.get('/api/products/autocomplete', rateLimit(deps, 'autocomplete'), handle(async (req, res) => {
    const q = requiredText('q', req.query.q, MAX_QUERY_CHARS);
    res.json(await autocompleteProducts(deps, q, 10));
  }));
  return router;
}

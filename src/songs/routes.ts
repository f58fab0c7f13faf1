// HTTP routes for songs: read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { badRequest } from '../platform/errors';
import { enumParam, intParam, requiredText } from '../platform/params';
import { parseSearchQuery, InvalidQueryError, MAX_QUERY_CHARS, type ParsedQuery } from '../korean';
import { rateLimit } from '../abuse/rate-limit';
import { recordSearch } from '../events/record-search';
import { callerOf } from '../users/caller';
import { BRANDS } from './constants';
import { autocompleteSongs, getSong, searchSongs } from './search';

export function parseQueryParam(raw: unknown): ParsedQuery {
  const q = requiredText('q', raw, MAX_QUERY_CHARS);
  try {
    return parseSearchQuery(q);
  } catch (err) {
    if (err instanceof InvalidQueryError) throw badRequest(err.code, err.message, { parameter: 'q' });
    throw err;
  }
}

export function songRoutes(deps: Deps): Router {
  const router = Router();
  router.get('/api/songs/search', rateLimit(deps, 'search'), handle(async (req, res) => {
    const parsed = parseQueryParam(req.query.q);
    const brand = enumParam('brand', req.query.brand, BRANDS);
    const page = intParam('page', req.query.page, 1, 1, 100);
    const size = intParam('size', req.query.size, 20, 1, 50);
    const result = await searchSongs(deps, parsed, { brand, page, size });
    res.json(result);
    // only the first page counts as a search (paging is not a new query); typing goes through autocomplete
    if (page === 1) void recordSearch(deps, callerOf(req), { scope: 'songs', query: parsed.raw, resultCount: result.total, tookMs: result.took_ms });
  }));
  router.get('/api/songs/autocomplete', rateLimit(deps, 'autocomplete'), handle(async (req, res) => {
    const parsed = parseQueryParam(req.query.q);
    const brand = enumParam('brand', req.query.brand, BRANDS);
    res.json(await autocompleteSongs(deps, parsed, { brand, size: 10 }));
  }));
  router.get('/api/songs/:id', handle(async (req, res) => {
    const id = intParam('id', req.params.id, 0, 1, Number.MAX_SAFE_INTEGER);
    res.json(await getSong(deps, id));
  }));
  return router;
}

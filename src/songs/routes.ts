// HTTP routes for songs: each contract (params, query, responses) is declared once; handlers read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParams, queryEnum, route, z } from '../platform/api';
import { MatchRanges, pageParams, searchText } from '../search/params';
import { rateLimit } from '../limits/rate-limit';
import { sharedRateLimit } from '../limits/batched-limit';
import { recordAnswer } from '../events/record-search';
import { songsIndexOf } from './constants';
import { BRANDS } from '../core/brands';
import { createSongAutocomplete, searchSongsFor } from '../search/songs';
import { getSong } from './song';
import { currentArtistAliasBook } from './artist-aliases';
import { NATIONS } from '../catalogs/source';
import { SONG_GENRES } from './genres';

const songNumber = z
  .string()
  .nullable()
  .openapi({ description: 'the number to punch into the machine; null when this brand lacks the song' });

/** What every song answer carries: both machine numbers side by side. */
const songFields = {
  id: z.number().int(),
  title: z.string(),
  artist: z.string(),
  tj_no: songNumber,
  ky_no: songNumber,
};

export const SongHit = z
  .object({
    ...songFields,
    highlight: z
      .object({ title: z.string().optional(), artist: z.string().optional() })
      .optional()
      .openapi({ description: 'title/artist with matched parts wrapped in <em>' }),
    matches: z.object({ title: MatchRanges, artist: MatchRanges }),
  })
  .openapi('SongHit');

export const SongSearchResult = z
  .object({ total: z.number().int(), items: z.array(SongHit), took_ms: z.number() })
  .openapi('SongSearchResult');

const FacetValues = (what: string) =>
  z.array(z.object({ value: z.string(), count: z.number().int() })).openapi({
    description: `${what} among the query's songs, most songs first (counted without this facet's own filter)`,
  });

export const SongFacets = z
  .object({
    genre: FacetValues('genre names (TJ genre charts of the last two years)'),
    nation: FacetValues('nations (kor, eng, jpn, chn, etc)'),
  })
  .openapi('SongFacets');

export const SongSearchPage = SongSearchResult.extend({ facets: SongFacets }).openapi('SongSearchPage');

export const Song = z.looseObject(songFields).openapi('Song', {
  description: 'the song document (other catalog fields such as composer, release, version may be present)',
});

const searchQuery = z.object({
  q: searchText.openapi({
    description:
      'title, artist, chosung (ㄴㅇㅇㅁ, also mixed with words), either keyboard layout (dkdldb, ㅠㅕㅅㅅㄷㄱ), a Hangul pronunciation of a Latin title (버터), romanization, a song number with or without a brand (TJ 12345, 금영4567), typos',
  }),
  brand: queryEnum(BRANDS).openapi({ description: 'only songs this machine brand has' }),
});

export const songsApi = {
  search: defineRoute({
    method: 'get',
    path: '/api/songs/search',
    tag: 'songs',
    summary: 'Search songs (one page counts as one search for trending)',
    query: searchQuery.extend({
      ...pageParams,
      genre: queryEnum(SONG_GENRES).openapi({ description: 'only songs of this genre (a value of facets.genre)' }),
      nation: queryEnum(NATIONS).openapi({ description: 'only songs of this nation (a value of facets.nation)' }),
    }),
    responses: {
      200: {
        description: 'matching songs, best first, with highlights and the genre / nation facets',
        schema: SongSearchPage,
      },
    },
    errors: [429],
  }),
  autocomplete: defineRoute({
    method: 'get',
    path: '/api/songs/autocomplete',
    tag: 'songs',
    summary: 'Suggestions while typing (not counted as searches)',
    query: searchQuery,
    responses: { 200: { description: 'up to 10 songs', schema: SongSearchResult } },
    errors: [429],
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/songs/:id',
    tag: 'songs',
    summary: 'One song with both machine numbers',
    params: idParams,
    responses: { 200: { description: 'the song', schema: Song } },
    errors: [404],
  }),
};

export function songRoutes(deps: Deps): Router {
  const router = Router();
  const songs = songsIndexOf(deps);
  // trending counts "IU" and "아이유" as one artist
  const aliasesOf = (artist: string) => currentArtistAliasBook().namesOf([artist]);
  route(router, songsApi.search, [rateLimit(deps, 'search')], async ({ query }, req) => {
    const filters = { genre: query.genre, nation: query.nation };
    const { input, answer } = await searchSongsFor(songs, query.q, {
      brand: query.brand,
      page: query.page,
      size: query.size,
      filters,
    });
    recordAnswer(deps, req, 'songs', input, query.page, answer, aliasesOf);
    return { status: 200, body: answer };
  });
  const suggest = createSongAutocomplete(songs, {
    cacheMs: deps.config.autocompleteCacheMs,
    keystroke: deps.config.autocompleteKeystroke,
  });
  route(router, songsApi.autocomplete, [sharedRateLimit(deps, 'autocomplete')], async ({ query }, _req, res) => {
    res.locals.quietLog = true;
    return { status: 200, body: await suggest(query.q, query.brand) };
  });
  route(router, songsApi.get, [], async ({ params }) => ({ status: 200, body: await getSong(songs, params.id) }));
  return router;
}

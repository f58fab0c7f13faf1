// The singer's side of real catalogs: the 신곡 list (/api/songs/new), arrival watches and the inbox (/api/me/*).
import { Router, type RequestHandler } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParam, idParams, queryInt, route, z, ISODate, type RouteSpec } from '../platform/api';
import { authenticate, requireUser } from '../users/auth';
import { BRANDS } from '../core/brands';
import { MONTH_PATTERN, newSongs, seoulMonth } from './new-songs';
import { unwatch, watchesOf, watchSong } from './watches';
import { inboxOf, markRead } from './inbox';

const Brand = z.enum(BRANDS, { error: `brand must be one of ${BRANDS.join(', ')}` });
const number = z
  .string()
  .nullable()
  .openapi({ description: 'the number to punch into the machine; null when this brand lacks the song' });

const NewSong = z
  .object({
    id: z.number().int(),
    title: z.string(),
    artist: z.string(),
    no: z.string().openapi({ description: "the number on the listed brand's machine" }),
    tj_no: number,
    ky_no: number,
    date: z.string().openapi({
      format: 'date',
      description: 'the release day, or the day the entry was first imported when the source gives none',
    }),
    dated: z.boolean().openapi({ description: 'false when date is the first import day' }),
  })
  .openapi('NewSong');

const WatchedSong = z
  .object({
    id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'the song as it is now; null when its number no longer names a song' }),
    title: z.string(),
    artist: z.string(),
    tj_no: number,
    ky_no: number,
  })
  .openapi('WatchedSong');

const Watch = z
  .object({
    id: z.number().int(),
    brand: z.enum(BRANDS).openapi({ description: 'the brand the singer waits for' }),
    status: z.enum(['waiting', 'arrived']),
    created_at: ISODate,
    arrived_at: ISODate.nullable(),
    song: WatchedSong,
  })
  .openapi('Watch');

const InboxMessage = z
  .object({
    id: z.number().int(),
    kind: z.literal('arrival'),
    brand: z.enum(BRANDS).openapi({ description: 'the brand that now has the song' }),
    song: WatchedSong,
    created_at: ISODate,
    read_at: ISODate.nullable(),
  })
  .openapi('InboxMessage');

// a caller's watches and messages must never sit in a browser or proxy cache
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

type MeRouteSpec = Omit<RouteSpec, 'tag' | 'auth'>;
/** Watches and the inbox belong to a signed-in caller. */
const meRoute = <const S extends MeRouteSpec>(spec: S) => defineRoute({ ...spec, tag: 'arrivals', auth: 'required' });

export const arrivalsApi = {
  newSongs: defineRoute({
    method: 'get',
    path: '/api/songs/new',
    tag: 'songs',
    summary: "A brand's new songs of a month (Asia/Seoul), newest first, with the other brand's number",
    query: z.object({
      brand: Brand,
      month: z
        .preprocess(
          (v) => (v === '' ? undefined : v),
          z.string().regex(MONTH_PATTERN, 'month must be YYYY-MM').optional(),
        )
        .openapi({ description: 'YYYY-MM; this month in Seoul when missing' }),
      limit: queryInt(50, 1, 100),
      offset: queryInt(0, 0, 100_000),
    }),
    responses: {
      200: {
        description: 'the songs whose entry on this brand was released (or, undated, first imported) in the month',
        schema: z
          .object({ brand: z.enum(BRANDS), month: z.string(), total: z.number().int(), items: z.array(NewSong) })
          .openapi('NewSongs'),
      },
    },
  }),
  watch: meRoute({
    method: 'post',
    path: '/api/me/watches',
    summary: 'Watch a song one brand lacks ("KY에 들어오면 알려주세요"); the arrival comes to the inbox',
    body: z
      .strictObject({
        song_id: z
          .number({ error: 'song_id must be a song id' })
          .int('song_id must be a song id')
          .min(1, 'song_id must be a song id'),
        brand: Brand.openapi({ description: 'the brand to wait for' }),
      })
      .openapi('WatchRequest'),
    responses: {
      201: { description: 'watching', schema: Watch },
      200: { description: 'already watching', schema: Watch },
    },
    errors: [404, 409],
  }),
  watches: meRoute({
    method: 'get',
    path: '/api/me/watches',
    summary: "The caller's watches, newest first (song_id: only those on that song)",
    query: z.object({ song_id: z.preprocess((v) => (v === '' ? undefined : v), idParam.optional()) }),
    responses: { 200: { description: 'the watches', schema: z.object({ watches: z.array(Watch) }) } },
  }),
  unwatch: meRoute({
    method: 'delete',
    path: '/api/me/watches/:id',
    summary: 'Stop a watch (its inbox message, if any, stays)',
    params: idParams,
    responses: { 204: { description: 'stopped' } },
    errors: [404],
  }),
  inbox: meRoute({
    method: 'get',
    path: '/api/me/inbox',
    summary: "The caller's messages, newest first, with the unread count",
    query: z.object({ limit: queryInt(50, 1, 100), offset: queryInt(0, 0, 100_000) }),
    responses: {
      200: {
        description: 'the messages',
        schema: z
          .object({ unread: z.number().int(), total: z.number().int(), items: z.array(InboxMessage) })
          .openapi('Inbox'),
      },
    },
  }),
  read: meRoute({
    method: 'post',
    path: '/api/me/inbox/:id/read',
    summary: 'Mark a message read (idempotent)',
    params: idParams,
    responses: { 200: { description: 'the message', schema: InboxMessage } },
    errors: [404],
  }),
};

export function arrivalRoutes(deps: Deps): Router {
  const router = Router();
  const signedIn = [authenticate(deps, { required: true })];
  router.use('/api/me', noStore);
  route(router, arrivalsApi.newSongs, [], async ({ query }) => ({
    status: 200,
    body: await newSongs(deps.pg, {
      brand: query.brand,
      month: query.month ?? seoulMonth(deps.clock()),
      limit: query.limit,
      offset: query.offset,
    }),
  }));
  route(router, arrivalsApi.watch, signedIn, async ({ body }, req) => {
    const { created, watch } = await watchSong(deps.pg, requireUser(req).id, body.song_id, body.brand);
    return created ? { status: 201, body: watch } : { status: 200, body: watch };
  });
  route(router, arrivalsApi.watches, signedIn, async ({ query }, req) => ({
    status: 200,
    body: { watches: await watchesOf(deps.pg, requireUser(req).id, { songId: query.song_id }) },
  }));
  route(router, arrivalsApi.unwatch, signedIn, async ({ params }, req) => {
    await unwatch(deps.pg, requireUser(req).id, params.id);
    return { status: 204 };
  });
  route(router, arrivalsApi.inbox, signedIn, async ({ query }, req) => ({
    status: 200,
    body: await inboxOf(deps.pg, requireUser(req).id, query),
  }));
  route(router, arrivalsApi.read, signedIn, async ({ params }, req) => ({
    status: 200,
    body: await markRead(deps.pg, requireUser(req).id, params.id),
  }));
  return router;
}

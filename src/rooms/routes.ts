// Room mode (/api/rooms/*): contracts declared once; handlers read input, call one function, shape output.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { defineRoute, idParam, ISODate, queryInt, requiredText, route, z, type RouteSpec } from '../platform/api';
import { BRANDS } from '../core/brands';
import { KEY_SHIFT_RANGE, MAX_NOTE_CHARS } from '../users/lists';
import {
  addItem,
  closeRoom,
  createRoom,
  DEFAULT_ROOM_LIMITS,
  findRoom,
  freshRoom,
  isRoomCode,
  itemsOf,
  joinRoom,
  markSang,
  memberOf,
  MEMBER_TOKEN_HEADER,
  moveItem,
  removeItem,
  ROOM_EVENT_KINDS,
  roomState,
  saveRoomAsList,
  startSinging,
  ITEM_SOURCES,
  type RoomDeps,
  type RoomLimits,
} from './rooms';
import { roomNext } from './sing-next';
import { streamRoom } from './stream';
import { notFound } from '../platform/errors';
import QRCode from 'qrcode';

const DisplayName = requiredText(20).openapi({ description: 'the name the others see' });
const Room = z
  .object({
    id: z.number().int(),
    code: z.string(),
    brand: z.enum(BRANDS),
    last_seq: z
      .number()
      .int()
      .openapi({ description: 'the last event of the room; stream with Last-Event-ID = last_seq to follow on' }),
    created_at: ISODate,
    last_activity_at: ISODate,
    closed_at: ISODate.nullable(),
    closed_reason: z.enum(['creator', 'idle']).nullable(),
  })
  .openapi('Room');
const RoomMember = z
  .object({ id: z.number().int(), display_name: z.string(), signed_in: z.boolean(), is_creator: z.boolean() })
  .openapi('RoomMember');
const RoomItem = z
  .object({
    id: z.number().int(),
    song_id: z.number().int(),
    title: z.string(),
    artist: z.string(),
    number: z.string().openapi({ description: "the machine number for the room's brand" }),
    tj_no: z.string().nullable(),
    ky_no: z.string().nullable(),
    position: z.string().openapi({ description: 'fractional order key: the queue is sorted by it, bytewise' }),
    state: z.enum(['queued', 'singing', 'sang', 'removed']),
    source: z.enum(ITEM_SOURCES),
    added_by: z.number().int(),
    added_by_name: z.string(),
    key_shift: z.number().int().nullable(),
    note: z.string().nullable(),
    added_at: ISODate,
    sang_at: ISODate.nullable(),
  })
  .openapi('RoomItem');
const Joined = z
  .object({
    room: Room,
    member: RoomMember,
    member_token: z
      .string()
      .openapi({ description: `returned once: send it as ${MEMBER_TOKEN_HEADER} on every room request` }),
  })
  .openapi('RoomJoined');
const RoomState = z
  .object({
    room: Room,
    members: z.array(RoomMember),
    queue: z.array(RoomItem),
    sang: z.array(RoomItem),
    me: RoomMember,
  })
  .openapi('RoomState');
const NextSong = z
  .object({
    id: z.number().int(),
    title: z.string(),
    artist: z.string(),
    number: z.string(),
    tj_no: z.string().nullable(),
    ky_no: z.string().nullable(),
    score: z.number(),
    source: z.enum(['item2vec', 'popular']),
    reason: z.string(),
    after_song_id: z.number().int().nullable(),
  })
  .openapi('RoomNextSong');

const codeParam = z
  .string()
  .max(16)
  .transform((s) => s.toUpperCase())
  .openapi({ description: 'the room code (6 characters)' });
const roomParams = z.object({ code: codeParam });
const itemParams = z.object({ code: codeParam, itemId: idParam });
const memberHeaders = z.object({
  [MEMBER_TOKEN_HEADER]: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'the member token from create/join (signed-in members may use their session instead)' }),
});

const STREAM_DESCRIPTION = `Server-sent events (text/event-stream) of the room, in order. Each frame: \`id: <seq>\`, \`event: <kind>\`, \`data: <JSON>\`.
Send \`Last-Event-ID\` (or ?after=) with the last seq seen to resume: missed events are replayed from Postgres, none twice.
Every data object has \`seq\` (per room, from 1, no gaps), \`kind\`, \`at\` (ISO time) and \`member_id\` (who made the change; null for the idle close), plus by kind:
- \`created\`: { brand, member: RoomMember }
- \`joined\`: { member: RoomMember }
- \`added\`: { item: RoomItem }
- \`moved\`: { item_id, after_item_id (null: to the top), position (the item's new order key) }
- \`removed\`: { item_id }
- \`singing\`: { item_id, stopped_item_ids (items that were singing and are queued again) }
- \`sang\`: { item_id, singer_member_ids, sang_at }
- \`closed\`: { reason: "creator" | "idle" } — the stream ends after it.
A comment line (\`: ping\`) comes every 15 s.`;

type RoomsRouteSpec = Omit<RouteSpec, 'tag' | 'auth'>;
const roomsRoute = <const S extends RoomsRouteSpec>(spec: S) =>
  defineRoute({ ...spec, tag: 'rooms', auth: 'optional' });
/** A member's route on one room: 401 without membership, 404 unknown code, 410 closed (or closed for being idle). */
const memberRoute = <const S extends RoomsRouteSpec>(spec: S) =>
  roomsRoute({ headers: memberHeaders, ...spec, errors: [401, 404, 410, ...(spec.errors ?? [])] });

export const roomsApi = {
  create: roomsRoute({
    method: 'post',
    path: '/api/rooms',
    summary: 'Start a room for a TJ or KY machine (signed in or not)',
    description:
      "Answers the room code (6 characters, no lookalikes) and the creator's member token. Rooms close after a few idle hours.",
    body: z.object({ brand: z.enum(BRANDS), display_name: DisplayName }).strict(),
    responses: { 201: { description: "the room and the creator's membership", schema: Joined } },
    errors: [429],
  }),
  join: roomsRoute({
    method: 'post',
    path: '/api/rooms/:code/join',
    summary: 'Join a room from its link with a display name (no account needed)',
    description:
      'Join attempts are limited per address and per code. A signed-in member joining again keeps their membership (a new token).',
    params: roomParams,
    body: z.object({ display_name: DisplayName }).strict(),
    responses: { 200: { description: 'the membership', schema: Joined } },
    errors: [404, 409, 410, 429],
  }),
  state: memberRoute({
    method: 'get',
    path: '/api/rooms/:code',
    summary: 'The room now: members, the queue in order, what was sung',
    params: roomParams,
    responses: { 200: { description: 'the state (room.last_seq: stream from there)', schema: RoomState } },
  }),
  stream: memberRoute({
    method: 'get',
    path: '/api/rooms/:code/stream',
    summary: "The room's live events (server-sent events, resumable with Last-Event-ID)",
    description: STREAM_DESCRIPTION,
    params: roomParams,
    query: z.object({
      after: queryInt(0, 0, Number.MAX_SAFE_INTEGER).openapi({
        description: 'the last seq seen (Last-Event-ID wins when both are sent)',
      }),
    }),
    responses: { 200: { description: 'the event stream', contentType: 'text/event-stream' } },
  }),
  add: memberRoute({
    method: 'post',
    path: '/api/rooms/:code/items',
    summary: 'Add a song at the end of the queue (from search, a saved list or sing-next)',
    description:
      "With list_id (signed in, one's own list) the entry's key memo and note come along. 409 song_not_on_brand when the room's brand has no number for the song (details: other_brand, other_no); 409 queue_full; 429 over the adds per minute of a member.",
    params: roomParams,
    body: z
      .object({
        song_id: idParam,
        source: z.enum(ITEM_SOURCES).default('search'),
        list_id: idParam.optional(),
        key_shift: z.number().int().min(-KEY_SHIFT_RANGE).max(KEY_SHIFT_RANGE).nullable().optional(),
        note: z.string().max(MAX_NOTE_CHARS).nullable().optional(),
      })
      .strict(),
    responses: { 201: { description: 'the new item', schema: RoomItem } },
    errors: [403, 409, 429],
  }),
  move: memberRoute({
    method: 'patch',
    path: '/api/rooms/:code/items/:itemId',
    summary: 'Move a song right after another one (after_item_id null: to the top)',
    description:
      'Only the moved item gets a new order key, so moves from several phones at once never lose or duplicate an item; the last one applied wins.',
    params: itemParams,
    body: z.object({ after_item_id: idParam.nullable() }).strict(),
    responses: { 200: { description: 'the moved item', schema: RoomItem } },
    errors: [409],
  }),
  remove: memberRoute({
    method: 'delete',
    path: '/api/rooms/:code/items/:itemId',
    summary: "Remove a song from the queue (one's own; the creator may remove any)",
    params: itemParams,
    responses: { 204: { description: 'removed' } },
    errors: [403, 409],
  }),
  singing: memberRoute({
    method: 'post',
    path: '/api/rooms/:code/items/:itemId/singing',
    summary: '"지금 부르는 중": the song being sung now (one at a time)',
    params: itemParams,
    responses: { 204: { description: 'marked' } },
    errors: [409],
  }),
  sang: memberRoute({
    method: 'post',
    path: '/api/rooms/:code/items/:itemId/sang',
    summary: '"불렀어요": the song goes to the history; a `sang` event for each signed-in singer',
    params: itemParams,
    body: z
      .object({
        singer_member_ids: z
          .array(idParam)
          .max(20)
          .optional()
          .openapi({ description: 'who sang (default: who added it)' }),
      })
      .strict()
      .optional(),
    responses: { 204: { description: 'recorded (again: no change)' } },
  }),
  close: memberRoute({
    method: 'post',
    path: '/api/rooms/:code/close',
    summary: 'Close the room (its creator only)',
    params: roomParams,
    responses: { 204: { description: 'closed' } },
    errors: [403],
  }),
  next: memberRoute({
    method: 'get',
    path: '/api/rooms/:code/next',
    summary: 'Songs to sing next, from what the room just sang (newest weighted most)',
    description:
      "A session vector of the room's last songs (item2vec), its nearest songs for the room's brand, re-ranked with popularity; sung and queued songs are left out. Each has a reason (\"방금 부른 '…' 다음에 많이 불러요\"). Popular songs when there is nothing to go on.",
    params: roomParams,
    query: z.object({ k: queryInt(10, 1, 30) }),
    responses: {
      200: {
        description: 'the songs',
        schema: z.object({ model_version: z.string().nullable(), items: z.array(NextSong) }),
      },
    },
  }),
  qr: roomsRoute({
    method: 'get',
    path: '/api/rooms/:code/qr.svg',
    summary: "A QR code (SVG) of the room's join link, for the others to scan",
    description:
      'Encodes PUBLIC_URL/#/room/CODE. Answers for any well-formed code without looking the room up, so it tells nothing about which codes exist.',
    params: roomParams,
    responses: { 200: { description: 'the QR code', contentType: 'image/svg+xml' } },
    errors: [404],
  }),
  saveList: memberRoute({
    method: 'post',
    path: '/api/rooms/:code/save-list',
    summary: 'After the room closed: save its songs (sung first, in order) as one of your lists',
    params: roomParams,
    responses: {
      201: {
        description: 'the new list',
        schema: z.object({ list_id: z.number().int(), name: z.string(), songs: z.number().int() }),
      },
    },
    errors: [409],
  }),
};

export { ROOM_EVENT_KINDS };

/** The room's join link, where users reach the web app (PUBLIC_URL, never the request's Host). */
export const roomLink = (publicUrl: string, code: string): string => new URL(`/#/room/${code}`, publicUrl).toString();
export const roomQrSvg = (publicUrl: string, code: string): Promise<string> =>
  QRCode.toString(roomLink(publicUrl, code), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

export function roomRoutes(deps: Deps, limits: RoomLimits = DEFAULT_ROOM_LIMITS): Router {
  const router = Router();
  const rd: RoomDeps = { ...deps, limits };
  router.use('/api/rooms', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  /** The room (404 for a code that cannot exist) and the caller's membership. */
  const entry = async (code: string, req: Parameters<typeof memberOf>[2], { fresh = true } = {}) => {
    if (!isRoomCode(code)) throw notFound(`room ${code}`);
    const room = fresh ? await freshRoom(rd, code) : await findRoom(deps.pg, code);
    return { room, member: await memberOf(deps, room, req) };
  };

  route(router, roomsApi.create, [], async ({ body }, req) => ({
    status: 201,
    body: await createRoom(rd, body, req.user),
  }));
  route(router, roomsApi.join, [], async ({ params, body }, req) => ({
    status: 200,
    body: await joinRoom(rd, params.code, body.display_name, req),
  }));
  route(router, roomsApi.state, [], async ({ params }, req) => {
    const { member } = await entry(params.code, req);
    return { status: 200, body: await roomState(rd, params.code, member) };
  });
  route(router, roomsApi.stream, [], async ({ params, query }, req, res) => {
    const { room } = await entry(params.code, req);
    const header = Number(req.get('last-event-id'));
    const after = Number.isSafeInteger(header) && header >= 0 && req.get('last-event-id') ? header : query.after;
    await streamRoom(deps, req, res, room.id, after);
  });
  route(router, roomsApi.add, [], async ({ params, body }, req) => {
    const { member } = await entry(params.code, req);
    return { status: 201, body: await addItem(rd, params.code, member, body) };
  });
  route(router, roomsApi.move, [], async ({ params, body }, req) => {
    const { member } = await entry(params.code, req);
    return { status: 200, body: await moveItem(rd, params.code, member, params.itemId, body.after_item_id) };
  });
  route(router, roomsApi.remove, [], async ({ params }, req) => {
    const { member } = await entry(params.code, req);
    await removeItem(rd, params.code, member, params.itemId);
    return { status: 204 };
  });
  route(router, roomsApi.singing, [], async ({ params }, req) => {
    const { member } = await entry(params.code, req);
    await startSinging(rd, params.code, member, params.itemId);
    return { status: 204 };
  });
  route(router, roomsApi.sang, [], async ({ params, body }, req) => {
    const { member } = await entry(params.code, req);
    await markSang(rd, params.code, member, params.itemId, body?.singer_member_ids);
    return { status: 204 };
  });
  route(router, roomsApi.close, [], async ({ params }, req) => {
    const { member } = await entry(params.code, req);
    await closeRoom(rd, params.code, member);
    return { status: 204 };
  });
  route(router, roomsApi.next, [], async ({ params, query }, req) => {
    const { room } = await entry(params.code, req);
    const { queue, sang } = await itemsOf(deps.pg, room.id);
    // the song being sung counts as the newest of the room's history
    const history = [...sang, ...queue.filter((i) => i.state === 'singing')].map((i) => ({
      song_id: i.song_id,
      title: i.title,
    }));
    return {
      status: 200,
      body: await roomNext(
        deps,
        { brand: room.brand, history, exclude: new Set(queue.map((i) => i.song_id)) },
        query.k,
      ),
    };
  });
  route(router, roomsApi.qr, [], async ({ params }, _req, res) => {
    if (!isRoomCode(params.code)) throw notFound(`room ${params.code}`);
    res
      .status(200)
      .type('image/svg+xml')
      .set('Cache-Control', 'public, max-age=86400')
      .send(await roomQrSvg(deps.config.publicUrl, params.code));
  });
  route(router, roomsApi.saveList, [], async ({ params }, req) => {
    const { member } = await entry(params.code, req, { fresh: false });
    return { status: 201, body: await saveRoomAsList(rd, params.code, member) };
  });
  return router;
}

// Rooms: a shared karaoke queue. Every change runs in one transaction that locks the room row, numbers its event
// (rooms.last_seq + 1), writes the event row and updates room_items; the committed events are then published for
// the live streams (stream.ts). Postgres is the system of record: a restart or a second API process loses nothing.
import crypto from 'node:crypto';
import type { PoolClient, Pool } from 'pg';
import type { Request } from 'express';
import type { Deps } from '../platform/deps';
import { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from '../platform/errors';
import { withTransaction } from '../platform/postgres';
import type { Brand } from '../core/brands';
import type { AuthUser } from '../users/accounts';
import { addSong, createList, getList, MAX_SONGS_PER_LIST } from '../users/lists';
import { recordEvent } from '../events/store';
import { checkRateLimit } from '../limits/rate-limit';
import { ipSubjects } from '../core/ip-subject';
import { callerOf } from '../core/caller';
import { inQueueOrder, keyAtEnd, keyForMove } from './queue';
import { publishRoomEvents } from './stream';
import { eventsAfter, lastSeqOf, ROOM_EVENT_KINDS, type RoomEvent, type RoomEventKind } from './room-events';

export { eventsAfter, lastSeqOf, ROOM_EVENT_KINDS, type RoomEvent, type RoomEventKind };

export const ITEM_SOURCES = ['search', 'list', 'next'] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

/** No lookalikes (0/O, 1/I/L): read aloud across a noisy room or typed from a phone. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;
export const MEMBER_TOKEN_HEADER = 'x-room-token';

export interface RoomLimits {
  maxMembers: number;
  /** songs waiting or being sung */
  maxQueue: number;
  addsPerMinutePerMember: number;
  joinsPerMinutePerCode: number;
  joinsPerMinutePerIp: number;
  /** a room nobody changed for this long closes (on its next access, or by closeIdleRooms) */
  idleHours: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  maxMembers: 20,
  maxQueue: 100,
  addsPerMinutePerMember: 12,
  joinsPerMinutePerCode: 30,
  joinsPerMinutePerIp: 20,
  idleHours: 4,
};

export interface RoomDeps extends Pick<Deps, 'pg' | 'redis' | 'config' | 'logger' | 'writers' | 'clock'> {
  limits: RoomLimits;
}

export interface RoomMember {
  id: number;
  display_name: string;
  signed_in: boolean;
  is_creator: boolean;
}
export interface RoomItem {
  id: number;
  song_id: number;
  title: string;
  artist: string;
  /** the machine number for the room's brand (the big one on screen) */
  number: string;
  tj_no: string | null;
  ky_no: string | null;
  position: string;
  state: 'queued' | 'singing' | 'sang' | 'removed';
  source: ItemSource;
  added_by: number;
  added_by_name: string;
  key_shift: number | null;
  note: string | null;
  added_at: string;
  sang_at: string | null;
}

interface RoomRow {
  id: string;
  code: string;
  brand: Brand;
  creator_user_id: string | null;
  last_seq: string;
  created_at: Date;
  last_activity_at: Date;
  closed_at: Date | null;
  closed_reason: 'creator' | 'idle' | null;
}
export interface Room {
  id: number;
  code: string;
  brand: Brand;
  last_seq: number;
  created_at: string;
  last_activity_at: string;
  closed_at: string | null;
  closed_reason: 'creator' | 'idle' | null;
}
const roomOf = (r: RoomRow): Room => ({
  id: Number(r.id),
  code: r.code,
  brand: r.brand,
  last_seq: Number(r.last_seq),
  created_at: r.created_at.toISOString(),
  last_activity_at: r.last_activity_at.toISOString(),
  closed_at: r.closed_at?.toISOString() ?? null,
  closed_reason: r.closed_reason,
});

export const newRoomCode = (): string =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)]).join('');
export const isRoomCode = (s: string): boolean =>
  s.length === CODE_LENGTH && [...s].every((c) => CODE_ALPHABET.includes(c));
const newMemberToken = () => `rm_${crypto.randomBytes(24).toString('base64url')}`;
const hashOf = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const roomClosed = (room: Room) =>
  new AppError(
    410,
    'room_closed',
    room.closed_reason === 'idle' ? 'the room closed after being idle' : 'the room is closed',
    { closed_at: room.closed_at, reason: room.closed_reason },
  );
const isIdle = (deps: RoomDeps, room: { closed_at: unknown; last_activity_at: Date | string }) =>
  !room.closed_at &&
  deps.clock().getTime() - new Date(room.last_activity_at).getTime() > deps.limits.idleHours * 3_600_000;

// ---- reads ----

export async function findRoom(pg: Pool | PoolClient, code: string, lock = false): Promise<Room> {
  const row = (await pg.query<RoomRow>(`SELECT * FROM rooms WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]))
    .rows[0];
  if (!row) throw notFound(`room ${code}`);
  return roomOf(row);
}

async function membersOf(pg: Pool | PoolClient, roomId: number): Promise<RoomMember[]> {
  const { rows } = await pg.query<{ id: string; display_name: string; user_id: string | null; is_creator: boolean }>(
    'SELECT id, display_name, user_id, is_creator FROM room_members WHERE room_id = $1 ORDER BY id',
    [roomId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    display_name: r.display_name,
    signed_in: r.user_id !== null,
    is_creator: r.is_creator,
  }));
}

const ITEM_SELECT = `SELECT i.id, i.song_id, s.title, s.artist, s.tj_no, s.ky_no, i.position, i.state, i.source, i.added_by, m.display_name AS added_by_name,
  i.key_shift, i.note, i.added_at, i.sang_at, r.brand
  FROM room_items i JOIN songs s ON s.id = i.song_id JOIN room_members m ON m.id = i.added_by JOIN rooms r ON r.id = i.room_id`;
interface ItemRow {
  id: string;
  song_id: string;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
  position: string;
  state: RoomItem['state'];
  source: ItemSource;
  added_by: string;
  added_by_name: string;
  key_shift: number | null;
  note: string | null;
  added_at: Date;
  sang_at: Date | null;
  brand: Brand;
}
const itemOf = (r: ItemRow): RoomItem => ({
  id: Number(r.id),
  song_id: Number(r.song_id),
  title: r.title,
  artist: r.artist,
  number: (r.brand === 'tj' ? r.tj_no : r.ky_no) ?? '',
  tj_no: r.tj_no,
  ky_no: r.ky_no,
  position: r.position,
  state: r.state,
  source: r.source,
  added_by: Number(r.added_by),
  added_by_name: r.added_by_name,
  key_shift: r.key_shift,
  note: r.note,
  added_at: r.added_at.toISOString(),
  sang_at: r.sang_at?.toISOString() ?? null,
});

async function itemById(c: PoolClient | Pool, roomId: number, itemId: number): Promise<RoomItem | undefined> {
  const row = (await c.query<ItemRow>(`${ITEM_SELECT} WHERE i.room_id = $1 AND i.id = $2`, [roomId, itemId])).rows[0];
  return row && itemOf(row);
}

/** The queue (waiting and singing, in order) and what was sung (in the order it was sung). */
export async function itemsOf(pg: Pool | PoolClient, roomId: number): Promise<{ queue: RoomItem[]; sang: RoomItem[] }> {
  const rows = (
    await pg.query<ItemRow>(`${ITEM_SELECT} WHERE i.room_id = $1 AND i.state <> 'removed'`, [roomId])
  ).rows.map(itemOf);
  return {
    queue: inQueueOrder(rows.filter((i) => i.state === 'queued' || i.state === 'singing')),
    sang: rows.filter((i) => i.state === 'sang').sort((a, b) => a.sang_at!.localeCompare(b.sang_at!) || a.id - b.id),
  };
}

export interface RoomState {
  room: Room;
  members: RoomMember[];
  queue: RoomItem[];
  sang: RoomItem[];
  me: RoomMember;
}

export async function roomState(deps: RoomDeps, code: string, me: RoomMember): Promise<RoomState> {
  const room = await freshRoom(deps, code);
  // one snapshot: last_seq and the items agree, so a stream opened with Last-Event-ID = last_seq misses nothing
  return withTransaction(deps.pg, async (c) => {
    await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const current = await findRoom(c, room.code);
    const [members, items] = await Promise.all([membersOf(c, room.id), itemsOf(c, room.id)]);
    return { room: current, members, ...items, me };
  });
}

// ---- members ----

/** The caller's membership of the room: by X-Room-Token, else by the signed-in account; 401 when neither. */
export async function memberOf(
  deps: Pick<Deps, 'pg'>,
  room: Room,
  req: Request,
): Promise<RoomMember & { user_id: number | null }> {
  const token = req.get(MEMBER_TOKEN_HEADER);
  const { rows } = await deps.pg.query<{
    id: string;
    display_name: string;
    user_id: string | null;
    is_creator: boolean;
  }>(
    token
      ? 'SELECT * FROM room_members WHERE room_id = $1 AND token_hash = $2'
      : 'SELECT * FROM room_members WHERE room_id = $1 AND user_id = $2',
    [room.id, token ? hashOf(token) : (req.user?.id ?? null)],
  );
  const r = rows[0];
  if (!r)
    throw new AppError(401, 'not_a_member', `join the room first (send the member token as ${MEMBER_TOKEN_HEADER})`);
  return {
    id: Number(r.id),
    display_name: r.display_name,
    signed_in: r.user_id !== null,
    is_creator: r.is_creator,
    user_id: r.user_id === null ? null : Number(r.user_id),
  };
}

/** The room, closed first (with its `closed` event) when it has been idle too long. */
export async function freshRoom(deps: RoomDeps, code: string): Promise<Room> {
  const room = await findRoom(deps.pg, code);
  if (!isIdle(deps, room)) return room;
  await mutate(deps, code, null, async () => []).catch((err) => {
    if (!(err instanceof AppError && err.code === 'room_closed')) throw err;
  });
  return findRoom(deps.pg, code);
}

// ---- writes ----

interface Change {
  kind: RoomEventKind;
  data: Record<string, unknown>;
}

async function appendEvents(
  c: PoolClient,
  room: Room,
  memberId: number | null,
  changes: Change[],
  at: Date,
): Promise<RoomEvent[]> {
  const events: RoomEvent[] = [];
  let seq = room.last_seq;
  for (const ch of changes) {
    seq++;
    await c.query(
      'INSERT INTO room_events (room_id, seq, kind, member_id, data, occurred_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [room.id, seq, ch.kind, memberId, JSON.stringify(ch.data), at],
    );
    events.push({ ...ch.data, seq, kind: ch.kind, at: at.toISOString(), member_id: memberId });
  }
  await c.query('UPDATE rooms SET last_seq = $2, last_activity_at = $3 WHERE id = $1', [room.id, seq, at]);
  return events;
}

/**
 * Runs one change of an open room under its row lock and publishes its events once committed. A room found idle
 * is closed instead (its `closed` event committed and published) and the change refused with 410.
 */
async function mutate<T>(
  deps: RoomDeps,
  code: string,
  memberId: number | null,
  fn: (c: PoolClient, room: Room, at: Date) => Promise<Change[] | { changes: Change[]; result: T }>,
): Promise<T | undefined> {
  const at = deps.clock();
  let refused: AppError | undefined;
  const out = await withTransaction(deps.pg, async (c) => {
    const room = await findRoom(c, code, true);
    if (room.closed_at) throw roomClosed(room);
    if (isIdle(deps, room)) {
      await c.query(`UPDATE rooms SET closed_at = $2, closed_reason = 'idle' WHERE id = $1`, [room.id, at]);
      const events = await appendEvents(c, room, null, [{ kind: 'closed', data: { reason: 'idle' } }], at);
      await c.query('UPDATE rooms SET last_activity_at = $2 WHERE id = $1', [room.id, room.last_activity_at]); // closing is no activity
      refused = roomClosed({ ...room, closed_at: at.toISOString(), closed_reason: 'idle' });
      return { room, events, result: undefined };
    }
    const done = await fn(c, room, at);
    const { changes, result } = Array.isArray(done) ? { changes: done, result: undefined } : done;
    const events = changes.length ? await appendEvents(c, room, memberId, changes, at) : [];
    return { room, events, result };
  });
  if (out.events.length) await publishRoomEvents(deps, out.room.id, out.events);
  if (refused) throw refused;
  return out.result;
}

/** Counts one use of a room limit in the shared Redis limiter (its own subjects, so no other limit's counters). */
async function withinLimit(deps: RoomDeps, subjects: string[], perMinute: number, action: string): Promise<void> {
  const config = { ...deps.config, rateLimits: { ...deps.config.rateLimits, writePerMinute: perMinute } };
  let decision;
  try {
    decision = await checkRateLimit(
      { redis: deps.redis, config },
      'write',
      subjects.map((s) => `room-${action}:${s}`),
      deps.clock().getTime(),
    );
  } catch (err) {
    deps.logger.warn('room limit check failed, letting the request through', { action, error: (err as Error).message });
    return;
  }
  if (!decision.allowed) {
    throw new AppError(
      429,
      'rate_limited',
      `too many ${action} requests, retry in ${decision.retryAfter} s`,
      { action: `room_${action}`, limit: decision.limit, retry_after_seconds: decision.retryAfter },
      { 'Retry-After': String(decision.retryAfter) },
    );
  }
}

export interface Joined {
  room: Room;
  member: RoomMember;
  member_token: string;
}

async function insertMember(
  c: PoolClient,
  roomId: number,
  name: string,
  user: AuthUser | undefined,
  creator: boolean,
  at: Date,
) {
  const token = newMemberToken();
  if (user) {
    const again = await c.query<{ id: string; is_creator: boolean }>(
      'UPDATE room_members SET token_hash = $3, display_name = $4 WHERE room_id = $1 AND user_id = $2 RETURNING id, is_creator',
      [roomId, user.id, hashOf(token), name],
    );
    if (again.rowCount)
      return {
        member: {
          id: Number(again.rows[0].id),
          display_name: name,
          signed_in: true,
          is_creator: again.rows[0].is_creator,
        },
        token,
        rejoined: true,
      };
  }
  const { rows } = await c.query<{ id: string }>(
    'INSERT INTO room_members (room_id, user_id, display_name, token_hash, is_creator, joined_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [roomId, user?.id ?? null, name, hashOf(token), creator, at],
  );
  return {
    member: { id: Number(rows[0].id), display_name: name, signed_in: !!user, is_creator: creator },
    token,
    rejoined: false,
  };
}

export async function createRoom(
  deps: RoomDeps,
  input: { brand: Brand; display_name: string },
  user?: AuthUser,
): Promise<Joined> {
  const at = deps.clock();
  for (let attempt = 0; ; attempt++) {
    const code = newRoomCode();
    try {
      const out = await withTransaction(deps.pg, async (c) => {
        const row = (
          await c.query<RoomRow>(
            'INSERT INTO rooms (code, brand, creator_user_id, created_at, last_activity_at) VALUES ($1, $2, $3, $4, $4) RETURNING *',
            [code, input.brand, user?.id ?? null, at],
          )
        ).rows[0];
        const room = roomOf(row);
        const { member, token } = await insertMember(c, room.id, input.display_name, user, true, at);
        const events = await appendEvents(
          c,
          room,
          member.id,
          [{ kind: 'created', data: { brand: input.brand, member } }],
          at,
        );
        return { room: { ...room, last_seq: events[events.length - 1].seq }, member, member_token: token };
      });
      return out;
    } catch (err) {
      if ((err as { code?: string }).code === '23505' && attempt < 5) continue; // a code already taken: draw again
      throw err;
    }
  }
}

export async function joinRoom(deps: RoomDeps, code: string, displayName: string, req: Request): Promise<Joined> {
  const ips = ipSubjects(callerOf(req).ip).map((s) => `ip:${s}`);
  // per address before the lookup, so guessing codes costs the same whether they exist or not
  await withinLimit(deps, ips, deps.limits.joinsPerMinutePerIp, 'join');
  if (!isRoomCode(code)) throw notFound(`room ${code}`);
  await findRoom(deps.pg, code);
  await withinLimit(deps, [`code:${code}`], deps.limits.joinsPerMinutePerCode, 'join_code');
  const joined = await mutate(deps, code, null, async (c, room, at) => {
    const n = Number(
      (await c.query<{ n: string }>('SELECT count(*) AS n FROM room_members WHERE room_id = $1', [room.id])).rows[0].n,
    );
    const already = req.user
      ? (await c.query('SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2', [room.id, req.user.id]))
          .rowCount
      : 0;
    if (!already && n >= deps.limits.maxMembers)
      throw conflict('room_full', `a room holds at most ${deps.limits.maxMembers} members`);
    const { member, token, rejoined } = await insertMember(c, room.id, displayName, req.user, false, at);
    return { changes: rejoined ? [] : [{ kind: 'joined', data: { member } }], result: { member, token } };
  });
  const room = await findRoom(deps.pg, code);
  return { room, member: joined!.member, member_token: joined!.token };
}

interface SongRow {
  id: string;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
}

export interface AddInput {
  song_id: number;
  source: ItemSource;
  list_id?: number;
  key_shift?: number | null;
  note?: string | null;
}

export async function addItem(
  deps: RoomDeps,
  code: string,
  member: RoomMember & { user_id: number | null },
  input: AddInput,
): Promise<RoomItem> {
  await withinLimit(deps, [`m:${member.id}`], deps.limits.addsPerMinutePerMember, 'add');
  let memo = { key_shift: input.key_shift ?? null, note: input.note ?? null };
  if (input.list_id !== undefined) {
    // from one's own saved list: the entry's key memo comes along, for everyone in the room to see
    if (!member.user_id) throw unauthorized('sign in to add from your saved lists');
    const entry = (await getList(deps.pg, member.user_id, input.list_id)).songs.find(
      (s) => s.song_id === input.song_id,
    );
    if (!entry) throw notFound(`song ${input.song_id} in list ${input.list_id}`);
    memo = {
      key_shift: input.key_shift !== undefined ? input.key_shift : entry.key_shift,
      note: input.note !== undefined ? input.note : entry.note,
    };
  }
  const item = await mutate(deps, code, member.id, async (c, room, at) => {
    const song = (
      await c.query<SongRow>('SELECT id, title, artist, tj_no, ky_no FROM songs WHERE id = $1 AND deleted_at IS NULL', [
        input.song_id,
      ])
    ).rows[0];
    if (!song) throw notFound(`song ${input.song_id}`);
    const number = room.brand === 'tj' ? song.tj_no : song.ky_no;
    if (!number) {
      const other = room.brand === 'tj' ? 'ky' : 'tj';
      const otherNo = other === 'tj' ? song.tj_no : song.ky_no;
      throw new AppError(
        409,
        'song_not_on_brand',
        `${room.brand.toUpperCase()} has no number for this song${otherNo ? `; ${other.toUpperCase()} has it as ${otherNo}` : ''}`,
        { brand: room.brand, other_brand: other, other_no: otherNo, song_id: Number(song.id) },
      );
    }
    const queue = (
      await c.query<{ id: string; position: string }>(
        `SELECT id, position FROM room_items WHERE room_id = $1 AND state IN ('queued', 'singing')`,
        [room.id],
      )
    ).rows.map((r) => ({ id: Number(r.id), position: r.position }));
    if (queue.length >= deps.limits.maxQueue)
      throw conflict('queue_full', `the queue holds at most ${deps.limits.maxQueue} songs`);
    const { rows } = await c.query<{ id: string }>(
      'INSERT INTO room_items (room_id, song_id, added_by, position, source, key_shift, note, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
      [room.id, input.song_id, member.id, keyAtEnd(queue), input.source, memo.key_shift, memo.note, at],
    );
    const added = (await itemById(c, room.id, Number(rows[0].id)))!;
    return { changes: [{ kind: 'added', data: { item: added } }], result: added };
  });
  return item!;
}

async function lockedItem(c: PoolClient, room: Room, itemId: number): Promise<RoomItem> {
  const item = await itemById(c, room.id, itemId);
  if (!item || item.state === 'removed') throw notFound(`item ${itemId} in room ${room.code}`);
  return item;
}

/** Places the item right after `afterId` (null: first); concurrent moves serialize on the room lock, the last one wins. */
export async function moveItem(
  deps: RoomDeps,
  code: string,
  member: RoomMember,
  itemId: number,
  afterId: number | null,
): Promise<RoomItem> {
  return (await mutate(deps, code, member.id, async (c, room) => {
    const item = await lockedItem(c, room, itemId);
    if (item.state === 'sang') throw conflict('item_sang', 'a song already sung is not in the queue');
    const queue = (
      await c.query<{ id: string; position: string }>(
        `SELECT id, position FROM room_items WHERE room_id = $1 AND state IN ('queued', 'singing')`,
        [room.id],
      )
    ).rows.map((r) => ({ id: Number(r.id), position: r.position }));
    const position = keyForMove(queue, itemId, afterId);
    if (position === undefined) throw conflict('bad_move', `item ${afterId} is not another item in the queue`);
    await c.query('UPDATE room_items SET position = $2 WHERE id = $1', [itemId, position]);
    return {
      changes: [{ kind: 'moved', data: { item_id: itemId, after_item_id: afterId, position } }],
      result: { ...item, position },
    };
  }))!;
}

export async function removeItem(deps: RoomDeps, code: string, member: RoomMember, itemId: number): Promise<void> {
  await mutate(deps, code, member.id, async (c, room) => {
    const item = await lockedItem(c, room, itemId);
    if (item.added_by !== member.id && !member.is_creator)
      throw forbidden("only who added a song (or the room's creator) removes it");
    if (item.state === 'sang') throw conflict('item_sang', 'a song already sung stays in the history');
    await c.query(`UPDATE room_items SET state = 'removed' WHERE id = $1`, [itemId]);
    return [{ kind: 'removed', data: { item_id: itemId } }];
  });
}

/** "지금 부르는 중": one song at a time, so one singing before goes back to waiting at its place. */
export async function startSinging(deps: RoomDeps, code: string, member: RoomMember, itemId: number): Promise<void> {
  await mutate(deps, code, member.id, async (c, room) => {
    const item = await lockedItem(c, room, itemId);
    if (item.state === 'sang') throw conflict('item_sang', 'this song was already sung');
    if (item.state === 'singing') return [];
    const before = (
      await c.query<{ id: string }>(
        `UPDATE room_items SET state = 'queued' WHERE room_id = $1 AND state = 'singing' RETURNING id`,
        [room.id],
      )
    ).rows.map((r) => Number(r.id));
    await c.query(`UPDATE room_items SET state = 'singing' WHERE id = $1`, [itemId]);
    return [{ kind: 'singing', data: { item_id: itemId, stopped_item_ids: before } }];
  });
}

/** "불렀어요": the song leaves the queue for the history; each signed-in singer gets a `sang` behaviour event. */
export async function markSang(
  deps: RoomDeps,
  code: string,
  member: RoomMember,
  itemId: number,
  singerIds?: number[],
): Promise<void> {
  const out = await mutate(deps, code, member.id, async (c, room, at) => {
    const item = await lockedItem(c, room, itemId);
    if (item.state === 'sang') return { changes: [], result: undefined };
    const singers = singerIds?.length ? [...new Set(singerIds)] : [item.added_by];
    const { rows } = await c.query<{ id: string; user_id: string | null }>(
      'SELECT id, user_id FROM room_members WHERE room_id = $1 AND id = ANY($2::bigint[])',
      [room.id, singers],
    );
    if (rows.length !== singers.length)
      throw badRequest('invalid_field', 'singer_member_ids must be members of this room', {
        field: 'singer_member_ids',
      });
    await c.query(`UPDATE room_items SET state = 'sang', sang_at = $2 WHERE id = $1`, [itemId, at]);
    return {
      changes: [{ kind: 'sang', data: { item_id: itemId, singer_member_ids: singers, sang_at: at.toISOString() } }],
      result: { songId: item.song_id, users: rows.flatMap((r) => (r.user_id ? [Number(r.user_id)] : [])), at },
    };
  });
  for (const userId of out?.users ?? [])
    recordEvent(deps, { kind: 'sang', userId, songId: out!.songId, actor: `u:${userId}`, at: out!.at });
}

export async function closeRoom(deps: RoomDeps, code: string, member: RoomMember): Promise<void> {
  if (!member.is_creator) throw forbidden("only the room's creator closes it");
  await mutate(deps, code, member.id, async (c, room, at) => {
    await c.query(`UPDATE rooms SET closed_at = $2, closed_reason = 'creator' WHERE id = $1`, [room.id, at]);
    return [{ kind: 'closed', data: { reason: 'creator' } }];
  });
}

/** Closes every room idle longer than the limit (the sweep a job runs; access closes them too). */
export async function closeIdleRooms(deps: RoomDeps): Promise<number> {
  const cutoff = new Date(deps.clock().getTime() - deps.limits.idleHours * 3_600_000);
  const { rows } = await deps.pg.query<{ code: string }>(
    'SELECT code FROM rooms WHERE closed_at IS NULL AND last_activity_at < $1 ORDER BY id LIMIT 1000',
    [cutoff],
  );
  let closed = 0;
  for (const r of rows) {
    const room = await freshRoom(deps, r.code);
    if (room.closed_reason === 'idle') closed++;
  }
  return closed;
}

/** After the room closed: the songs sung (else queued) there, in order, become one of the member's saved lists. */
export async function saveRoomAsList(
  deps: RoomDeps,
  code: string,
  member: RoomMember & { user_id: number | null },
): Promise<{ list_id: number; name: string; songs: number }> {
  if (!member.user_id) throw unauthorized("sign in to save the room's songs as a list");
  const room = await freshRoom(deps, code);
  if (!room.closed_at) throw conflict('room_open', "the room's songs can be saved once it is closed");
  const { sang, queue } = await itemsOf(deps.pg, room.id);
  const ids = [...new Set([...sang, ...queue].map((i) => i.song_id))].slice(0, MAX_SONGS_PER_LIST);
  if (!ids.length) throw conflict('room_empty', 'nothing was added in this room');
  const day = new Date(room.created_at).toISOString().slice(0, 10);
  let list;
  for (let n = 1; !list; n++) {
    list = await createList(deps.pg, member.user_id, `노래방 ${day} ${room.code}${n > 1 ? ` (${n})` : ''}`).catch(
      (err) => {
        if ((err as AppError).code === 'list_name_taken' && n < 20) return undefined;
        throw err;
      },
    );
  }
  for (const id of ids) await addSong(deps.pg, member.user_id, list.id, id);
  return { list_id: list.id, name: list.name, songs: ids.length };
}

// A room's live events: committed events are published on Redis pub/sub, so every API process holding a stream of
// that room hears them; each stream first replays from Postgres what came after Last-Event-ID, and fills any gap
// (a message lost or out of order) from Postgres too, so an event is never lost and never sent twice.
import type Redis from 'ioredis';
import type { Request, Response } from 'express';
import type { Deps } from '../platform/deps';
import { eventsAfter, lastSeqOf, type RoomEvent } from './room-events';

type Listener = (event: RoomEvent) => void;

/** how often a stream sends a comment line (keeps proxies from closing it) and re-checks Postgres for missed events */
export const HEARTBEAT_MS = 15_000;

const channelOf = (roomId: number) => `room:${roomId}`;

/** a subscription Redis has not confirmed by then falls back to polling (a frozen Redis must not hold the stream) */
const SUBSCRIBE_TIMEOUT_MS = 5_000;

function subscribeWithin(sub: Redis, channel: string, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no subscription within ${ms} ms`)), ms);
  });
  return Promise.race([sub.subscribe(channel), late]).finally(() => clearTimeout(timer));
}

/** One subscriber connection per process, shared by every open stream; connected while some stream listens. */
class RoomHub {
  private subscriber?: Redis;
  private listeners = new Map<number, Set<Listener>>();
  private subscriptions = new Map<number, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly logger: Deps['logger'],
  ) {}

  private connection(): Redis {
    if (!this.subscriber) {
      const sub = this.redis.duplicate();
      sub.on('message', (_channel: string, text: string) => {
        let event: RoomEvent & { room_id: number };
        try {
          event = JSON.parse(text);
        } catch {
          return;
        }
        for (const l of this.listeners.get(event.room_id) ?? []) l(event);
      });
      sub.on('error', (err) => this.logger.warn('room subscriber error', { error: err.message }));
      this.subscriber = sub;
    }
    return this.subscriber;
  }

  /**
   * Resolves once Redis confirmed the room's subscription (every stream of the room waits for the same one), so
   * nothing published after it is missed. A failed subscription falls back to polling and is tried again by the
   * room's next stream, instead of leaving the room unsubscribed for good.
   */
  async listen(roomId: number, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(roomId);
    if (!set) {
      set = new Set();
      this.listeners.set(roomId, set);
    }
    set.add(listener);
    const sub = this.connection();
    await this.subscribed(roomId);
    return () => {
      const s = this.listeners.get(roomId);
      if (!s) return;
      s.delete(listener);
      if (s.size) return;
      this.listeners.delete(roomId);
      this.subscriptions.delete(roomId);
      if (!this.listeners.size) {
        // the last stream ended: the connection goes too (no idle subscriber holds a process or a test open)
        this.subscriber = undefined;
        sub.quit().catch(() => sub.disconnect());
      } else {
        sub.unsubscribe(channelOf(roomId)).catch(() => undefined);
      }
    };
  }

  /** The room's subscription, made again when an earlier try failed (each heartbeat asks, so polling is temporary). */
  async subscribed(roomId: number): Promise<void> {
    if (!this.listeners.has(roomId)) return;
    let pending = this.subscriptions.get(roomId);
    if (!pending) {
      pending = subscribeWithin(this.connection(), channelOf(roomId), SUBSCRIBE_TIMEOUT_MS);
      this.subscriptions.set(roomId, pending);
    }
    await pending.catch((err) => {
      if (this.subscriptions.get(roomId) === pending) this.subscriptions.delete(roomId);
      this.logger.warn('room subscribe failed; streams fall back to polling', {
        room_id: roomId,
        error: (err as Error).message,
      });
    });
  }

  get openRooms(): number {
    return this.listeners.size;
  }
}

const hubs = new WeakMap<object, RoomHub>();
function hubFor(deps: Pick<Deps, 'redis' | 'logger'>): RoomHub {
  let hub = hubs.get(deps.redis);
  if (!hub) {
    hub = new RoomHub(deps.redis, deps.logger);
    hubs.set(deps.redis, hub);
  }
  return hub;
}

/** Every stream this process serves, by how it ends (a shutdown ends them all at once). */
const openStreams = new Set<(opts?: { drop?: boolean }) => void>();

/**
 * Ends every open room stream now (on SIGTERM): a stream never finishes by itself, so the server would otherwise wait
 * out its whole grace period; clients reconnect with Last-Event-ID (to another process, or this one restarted).
 */
export function endRoomStreams(): number {
  const n = openStreams.size;
  for (const end of [...openStreams]) end({ drop: true });
  return n;
}

/** Publishes committed events (in seq order); a failed publish only delays them until a stream's next check. */
export async function publishRoomEvents(
  deps: Pick<Deps, 'redis' | 'logger'>,
  roomId: number,
  events: RoomEvent[],
): Promise<void> {
  for (const e of events) {
    await deps.redis.publish(channelOf(roomId), JSON.stringify({ ...e, room_id: roomId })).catch((err) =>
      deps.logger.warn('room event publish failed; streams catch up from Postgres', {
        room_id: roomId,
        seq: e.seq,
        error: (err as Error).message,
      }),
    );
  }
}

/** The SSE frame of one event: its seq is the id a reconnecting client sends back as Last-Event-ID. */
export const sseFrame = (e: RoomEvent): string => `id: ${e.seq}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`;

/** Serves one member's stream until the client goes away or the room closes. */
export async function streamRoom(
  deps: Pick<Deps, 'pg' | 'redis' | 'logger'>,
  req: Request,
  res: Response,
  roomId: number,
  afterSeq: number,
): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  let sent = afterSeq;
  let ended = false;
  let chain: Promise<void> = Promise.resolve();
  const write = (e: RoomEvent) => {
    if (ended || e.seq <= sent) return;
    res.write(sseFrame(e));
    sent = e.seq;
    if (e.kind === 'closed') finish();
  };
  const catchUp = async () => {
    while (!ended) {
      const rows = await eventsAfter(deps.pg, roomId, sent, 500);
      rows.forEach(write);
      if (rows.length < 500) return;
    }
  };
  // one step at a time: a live event waits for the replay before it, and a gap is filled from Postgres in order
  const enqueue = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch((err) => {
      deps.logger.warn('room stream failed', { room_id: roomId, error: (err as Error).message });
      finish();
    });
  };
  const onEvent = (e: RoomEvent) =>
    enqueue(() => (e.seq === sent + 1 ? write(e) : e.seq > sent ? catchUp() : undefined));
  const hub = hubFor(deps);
  const unlisten = await hub.listen(roomId, onEvent);
  const heartbeat = setInterval(
    () =>
      enqueue(async () => {
        if (ended) return;
        res.write(': ping\n\n');
        await hub.subscribed(roomId);
        if ((await lastSeqOf(deps.pg, roomId)) > sent) await catchUp();
      }),
    HEARTBEAT_MS,
  );
  function finish({ drop = false } = {}) {
    if (ended) return;
    ended = true;
    openStreams.delete(finish);
    clearInterval(heartbeat);
    unlisten();
    // when shutting down, the connection goes too: a kept-alive idle socket would still hold the closing server
    if (drop) res.end(() => res.socket?.destroy());
    else res.end();
  }
  openStreams.add(finish);
  req.on('close', () => finish());
  res.on('close', () => finish());
  enqueue(catchUp); // subscribed first, then replayed: whatever is published meanwhile is written once, in order
}

// A room's live events: committed events are published on Redis pub/sub, so every API process holding a stream of
// that room hears them; each stream first replays from Postgres what came after Last-Event-ID, and fills any gap
// (a message lost or out of order) from Postgres too, so an event is never lost and never sent twice.
import type Redis from 'ioredis';
import type { Request, Response } from 'express';
import type { Deps } from '../platform/deps';
import { eventsAfter, lastSeqOf, type RoomEvent } from './rooms';

type Listener = (event: RoomEvent) => void;

/** how often a stream sends a comment line (keeps proxies from closing it) and re-checks Postgres for missed events */
export const HEARTBEAT_MS = 15_000;

const channelOf = (roomId: number) => `room:${roomId}`;

/** One subscriber connection per process, shared by every open stream; connected while some stream listens. */
class RoomHub {
  private subscriber?: Redis;
  private listeners = new Map<number, Set<Listener>>();

  constructor(private readonly redis: Redis, private readonly logger: Deps['logger']) {}

  private connection(): Redis {
    if (!this.subscriber) {
      const sub = this.redis.duplicate();
      sub.on('message', (_channel: string, text: string) => {
        let event: RoomEvent & { room_id: number };
        try { event = JSON.parse(text); } catch { return; }
        for (const l of this.listeners.get(event.room_id) ?? []) l(event);
      });
      sub.on('error', (err) => this.logger.warn('room subscriber error', { error: err.message }));
      this.subscriber = sub;
    }
    return this.subscriber;
  }

  /** Resolves once Redis confirmed the subscription, so nothing published after it is missed. */
  async listen(roomId: number, listener: Listener): Promise<() => void> {
    let set = this.listeners.get(roomId);
    const first = !set;
    if (!set) { set = new Set(); this.listeners.set(roomId, set); }
    set.add(listener);
    const sub = this.connection();
    if (first) await sub.subscribe(channelOf(roomId)).catch((err) => this.logger.warn('room subscribe failed; streams fall back to polling', { error: err.message }));
    return () => {
      const s = this.listeners.get(roomId);
      if (!s) return;
      s.delete(listener);
      if (s.size) return;
      this.listeners.delete(roomId);
      if (!this.listeners.size) {
        // the last stream ended: the connection goes too (no idle subscriber holds a process or a test open)
        this.subscriber = undefined;
        sub.quit().catch(() => sub.disconnect());
      } else {
        sub.unsubscribe(channelOf(roomId)).catch(() => undefined);
      }
    };
  }

  get openRooms(): number { return this.listeners.size; }
}

const hubs = new WeakMap<object, RoomHub>();
function hubFor(deps: Pick<Deps, 'redis' | 'logger'>): RoomHub {
  let hub = hubs.get(deps.redis);
  if (!hub) { hub = new RoomHub(deps.redis, deps.logger); hubs.set(deps.redis, hub); }
  return hub;
}

/** Publishes committed events (in seq order); a failed publish only delays them until a stream's next check. */
export async function publishRoomEvents(deps: Pick<Deps, 'redis' | 'logger'>, roomId: number, events: RoomEvent[]): Promise<void> {
  for (const e of events) {
    await deps.redis.publish(channelOf(roomId), JSON.stringify({ ...e, room_id: roomId }))
      .catch((err) => deps.logger.warn('room event publish failed; streams catch up from Postgres', { room_id: roomId, seq: e.seq, error: (err as Error).message }));
  }
}

/** The SSE frame of one event: its seq is the id a reconnecting client sends back as Last-Event-ID. */
export const sseFrame = (e: RoomEvent): string => `id: ${e.seq}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`;

/** Serves one member's stream until the client goes away or the room closes. */
export async function streamRoom(deps: Pick<Deps, 'pg' | 'redis' | 'logger'>, req: Request, res: Response, roomId: number, afterSeq: number): Promise<void> {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
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
  const onEvent = (e: RoomEvent) => enqueue(() => (e.seq === sent + 1 ? write(e) : e.seq > sent ? catchUp() : undefined));
  const unlisten = await hubFor(deps).listen(roomId, onEvent);
  const heartbeat = setInterval(() => enqueue(async () => {
    if (ended) return;
    res.write(': ping\n\n');
    if ((await lastSeqOf(deps.pg, roomId)) > sent) await catchUp();
  }), HEARTBEAT_MS);
  function finish() {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unlisten();
    res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
  enqueue(catchUp); // subscribed first, then replayed: whatever is published meanwhile is written once, in order
}

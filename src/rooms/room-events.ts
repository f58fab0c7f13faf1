// A room's record: its events in Postgres, numbered per room (the stream replays them after Last-Event-ID).
import type { Pool, PoolClient } from 'pg';

export const ROOM_EVENT_KINDS = [
  'created',
  'joined',
  'added',
  'moved',
  'removed',
  'singing',
  'sang',
  'closed',
] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

export interface RoomEvent {
  seq: number;
  kind: RoomEventKind;
  at: string;
  member_id: number | null;
  [field: string]: unknown;
}

export async function lastSeqOf(pg: Pool, roomId: number): Promise<number> {
  return Number(
    (await pg.query<{ last_seq: string }>('SELECT last_seq FROM rooms WHERE id = $1', [roomId])).rows[0]?.last_seq ?? 0,
  );
}

export async function eventsAfter(
  pg: Pool | PoolClient,
  roomId: number,
  afterSeq: number,
  limit = 500,
): Promise<RoomEvent[]> {
  const { rows } = await pg.query<{
    seq: string;
    kind: RoomEventKind;
    member_id: string | null;
    data: Record<string, unknown>;
    occurred_at: Date;
  }>(
    'SELECT seq, kind, member_id, data, occurred_at FROM room_events WHERE room_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [roomId, afterSeq, limit],
  );
  return rows.map((r) => ({
    ...r.data,
    seq: Number(r.seq),
    kind: r.kind,
    at: r.occurred_at.toISOString(),
    member_id: r.member_id === null ? null : Number(r.member_id),
  }));
}

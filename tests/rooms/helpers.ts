// Shared setup for the room tests: a few songs (some on one brand only), sign-ups, and a server-sent-events reader.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { Deps } from '../../src/platform/deps';
import type { RoomEvent } from '../../src/rooms/rooms';

export interface SeedSong {
  id: number;
  title: string;
  tj_no: string | null;
  ky_no: string | null;
}

export async function seedSongs(deps: Pick<Deps, 'pg'>, n = 12, tag = 'r'): Promise<SeedSong[]> {
  const out: SeedSong[] = [];
  for (let i = 0; i < n; i++) {
    // the last song is on KY only, the one before on TJ only
    const tj = i === n - 1 ? null : String(80000 + i + Math.floor(Math.random() * 1e5) * 100);
    const ky = i === n - 2 ? null : String(60000 + i + Math.floor(Math.random() * 1e5) * 100);
    const title = `방노래 ${tag} ${i}`;
    const r = await deps.pg.query<{ id: string }>(
      `INSERT INTO songs (title, artist, tj_no, ky_no, merge_rule, merge_score, merge_key) VALUES ($1, $2, $3, $4, 'fixture', 1, $1 || '|' || $2) RETURNING id`,
      [title, `가수 ${tag} ${i % 4}`, tj, ky],
    );
    out.push({ id: Number(r.rows[0].id), title, tj_no: tj, ky_no: ky });
  }
  return out;
}

/** Listens on a free port (for streams read with node's http client). */
export function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

export interface EventReader {
  events: RoomEvent[];
  status: number;
  /** Resolves once `count` events in all were read (fails after ms). */
  waitFor(count: number, ms?: number): Promise<RoomEvent[]>;
  ended: Promise<void>;
  close(): void;
}

/** Opens GET /api/rooms/:code/stream and parses its frames (id/event/data) as they arrive. */
export function openStream(base: string, code: string, headers: Record<string, string>): Promise<EventReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/rooms/${code}/stream`, { headers }, (res) => {
      const events: RoomEvent[] = [];
      const waiters: Array<() => void> = [];
      let buffer = '';
      let endResolve!: () => void;
      const ended = new Promise<void>((r) => {
        endResolve = r;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const data = frame
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (data) events.push(JSON.parse(data));
        }
        waiters.splice(0).forEach((w) => w());
      });
      res.on('end', () => {
        endResolve();
        waiters.splice(0).forEach((w) => w());
      });
      res.on('close', () => endResolve());
      const reader: EventReader = {
        events,
        status: res.statusCode ?? 0,
        ended,
        waitFor(count, ms = 10_000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () =>
                fail(
                  new Error(
                    `${events.length} of ${count} events within ${ms} ms: ${JSON.stringify(events.map((e) => e.kind))}`,
                  ),
                ),
              ms,
            );
            const check = () => {
              if (events.length >= count) {
                clearTimeout(timer);
                ok(events);
              } else waiters.push(check);
            };
            check();
          });
        },
        close: () => req.destroy(),
      };
      resolve(reader);
    });
    req.on('error', (err) => {
      if ((err as { code?: string }).code !== 'ECONNRESET') reject(err);
    });
  });
}

// POST /api/events: client-side events (view, sang) for the signed-in user or an anonymous session.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { handle } from '../platform/http';
import { badRequest } from '../platform/errors';
import { recordEvent, type BehaviourEvent } from './store';
import { sessionIdOf } from '../users/caller';

export const CLIENT_EVENT_KINDS = ['view', 'sang'] as const;
export const MAX_EVENTS_PER_REQUEST = 50;

type ClientEvent = { kind: (typeof CLIENT_EVENT_KINDS)[number]; songId: number };

/** One event object, or { events: [...] } with up to MAX_EVENTS_PER_REQUEST of them. */
export function parseClientEvents(body: unknown): ClientEvent[] {
  if (!body || typeof body !== 'object') throw badRequest('invalid_body', 'the request body must be a JSON object');
  const list = Array.isArray((body as { events?: unknown }).events) ? (body as { events: unknown[] }).events : [body];
  if (!list.length || list.length > MAX_EVENTS_PER_REQUEST) throw badRequest('invalid_field', `send 1 to ${MAX_EVENTS_PER_REQUEST} events`, { field: 'events' });
  return list.map((raw, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    if (!(CLIENT_EVENT_KINDS as readonly unknown[]).includes(e.kind)) {
      throw badRequest('invalid_field', `kind must be one of ${CLIENT_EVENT_KINDS.join(', ')}`, { field: 'kind', index: i });
    }
    if (typeof e.song_id !== 'number' || !Number.isSafeInteger(e.song_id) || e.song_id < 1) {
      throw badRequest('invalid_field', 'song_id must be a positive whole number', { field: 'song_id', index: i });
    }
    return { kind: e.kind as ClientEvent['kind'], songId: e.song_id };
  });
}

export function eventRoutes(deps: Deps): Router {
  const router = Router();
  router.post('/api/events', handle(async (req, res) => {
    const events = parseClientEvents(req.body);
    const sessionId = sessionIdOf(req);
    if (!req.user && !sessionId) throw badRequest('missing_session', 'send an X-Session-Id header (8-64 letters, digits, _ . -) or sign in');
    const ids = [...new Set(events.map((e) => e.songId))];
    const known = new Set((await deps.pg.query<{ id: string }>('SELECT id FROM songs WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL', [ids])).rows.map((r) => Number(r.id)));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw badRequest('unknown_song', 'some song_id values are not songs', { song_ids: unknown });
    const at = new Date();
    for (const e of events) {
      const event: BehaviourEvent = { kind: e.kind, songId: e.songId, userId: req.user?.id ?? null, sessionId: sessionId ?? null, at };
      recordEvent(deps, event);
    }
    res.status(202).json({ accepted: events.length });
  }));
  return router;
}

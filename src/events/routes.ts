// POST /api/sessions (a server-issued anonymous session) and POST /api/events: client-side events (view, sang) for
// the signed-in user or an anonymous session. Events of a session this server did not issue are kept, not counted.
import { Router } from 'express';
import type { Deps } from '../platform/deps';
import { badRequest } from '../platform/errors';
import { defineRoute, ISODate, route, z } from '../platform/api';
import { recordEvent, type BehaviourEvent } from './store';
import { actorOf, issueSession } from './sessions';
import { callerOf } from '../core/caller';

export const CLIENT_EVENT_KINDS = ['view', 'sang'] as const;
export const MAX_EVENTS_PER_REQUEST = 50;

const ClientEvent = z
  .object({
    kind: z.enum(CLIENT_EVENT_KINDS, { error: `kind must be one of ${CLIENT_EVENT_KINDS.join(', ')}` }),
    song_id: z
      .number({ error: 'song_id must be a positive whole number' })
      .int('song_id must be a positive whole number')
      .min(1, 'song_id must be a positive whole number'),
  })
  .openapi('ClientEvent');

/** One event object, or { events: [...] } with up to MAX_EVENTS_PER_REQUEST of them (a lone event is wrapped). */
export const ClientEvents = z
  .preprocess(
    (body) =>
      body && typeof body === 'object' && !Array.isArray(body) && !('events' in body) ? { events: [body] } : body,
    z.object({
      events: z
        .array(ClientEvent)
        .min(1, `send 1 to ${MAX_EVENTS_PER_REQUEST} events`)
        .max(MAX_EVENTS_PER_REQUEST, `send 1 to ${MAX_EVENTS_PER_REQUEST} events`),
    }),
  )
  .openapi({ description: 'a batch { events: [...] }; a single event object is accepted too' });

export const eventsApi = {
  session: defineRoute({
    method: 'post',
    path: '/api/sessions',
    tag: 'events',
    summary: 'A new anonymous session: send its id as X-Session-Id so the events count',
    responses: {
      201: {
        description: 'the session id and when it expires',
        schema: z.object({ session_id: z.string(), expires_at: ISODate }).openapi('AnonymousSession'),
      },
    },
    errors: [429, 503],
  }),
  record: defineRoute({
    method: 'post',
    path: '/api/events',
    tag: 'events',
    summary: 'Record views and "I sang it" for the signed-in user or an anonymous session',
    auth: 'optional',
    headers: z.object({
      'x-session-id': z.string().optional().openapi({
        pattern: '^[\\w.-]{8,64}$',
        description: 'an anonymous session id (from POST /api/sessions), needed when not signed in',
      }),
    }),
    body: ClientEvents,
    responses: {
      202: {
        description:
          'accepted (written in batches); counted is false when the session was not issued by POST /api/sessions (or has expired)',
        schema: z.object({ accepted: z.number().int(), counted: z.boolean() }),
      },
    },
  }),
};

export function eventRoutes(deps: Deps): Router {
  const router = Router();
  route(router, eventsApi.session, [], async (_input, req) => {
    const session = await issueSession(deps, callerOf(req).ip);
    return { status: 201, body: { session_id: session.id, expires_at: session.expiresAt.toISOString() } };
  });
  route(router, eventsApi.record, [], async ({ body }, req) => {
    const caller = callerOf(req);
    if (!caller.userId && !caller.sessionId)
      throw badRequest('missing_session', 'send an X-Session-Id header (8-64 letters, digits, _ . -) or sign in');
    const ids = [...new Set(body.events.map((e) => e.song_id))];
    const known = new Set(
      (
        await deps.pg.query<{ id: string }>(
          'SELECT id FROM songs WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL',
          [ids],
        )
      ).rows.map((r) => Number(r.id)),
    );
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw badRequest('unknown_song', 'some song_id values are not songs', { song_ids: unknown });
    const who = await actorOf(deps, caller);
    const at = new Date();
    for (const e of body.events) {
      const event: BehaviourEvent = {
        kind: e.kind,
        songId: e.song_id,
        userId: caller.userId ?? null,
        sessionId: caller.sessionId ?? null,
        at,
        actor: who.actor,
        ipSubject: who.ipSubject,
      };
      recordEvent(deps, event);
    }
    return { status: 202, body: { accepted: body.events.length, counted: who.actor !== null } };
  });
  return router;
}

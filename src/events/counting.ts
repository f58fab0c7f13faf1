// What of the events table counts as something a real singer did, for popularity (songs/popularity.ts), training
// sequences (recs/sequences.ts) and popular lists (recs/popular.ts): one SQL subquery, so all three count alike.
// Only events someone vouches for count (a signed-in user, or a session this server issued); repeats are capped per
// user (or, for anonymous sessions, per issuing address), song (or search text) and day; anonymous sessions are capped
// per session and per issuing address and weigh less than signed-in users.
import { EVENT_KINDS, type EventKind } from './store';

export const COUNTING = {
  /** a user's (an address's anonymous sessions') events of one kind on one song (or search text) in a UTC day count this many times at most */
  perItemPerDay: 2,
  /** a signed-in user's events count this many times a day at most */
  userPerDay: 300,
  /** an anonymous (server-issued) session's events count this many times a day at most */
  sessionPerDay: 30,
  /** all anonymous sessions issued to one address (IPv4, or IPv6 /48) count this many events a day at most */
  addressPerDay: 60,
  /** what an anonymous event weighs against a signed-in user's */
  anonymousWeight: 0.25,
} as const;

/** Postgres' approximation of compactText: lower case without spaces and punctuation ("너의 의미" -> 너의의미). */
export const compactSql = (col: string) => `regexp_replace(lower(${col}), '[[:space:][:punct:]]', '', 'g')`;

/**
 * A subquery of the counted events of `kinds` with `after < occurred_at <= until` (SQL expressions of the caller's
 * parameters): columns kind, actor, user_id, ip_subject, song_id, query, occurred_at and weight (1, or anonymousWeight). Every
 * row_number() orders down to the last tie, so the same events always count the same way (training is repeatable).
 */
export function countedEventsSql(opts: { kinds: readonly EventKind[]; after: string; until: string }): string {
  const kinds = opts.kinds.filter((k) => (EVENT_KINDS as readonly string[]).includes(k));
  if (!kinds.length) throw new Error('countedEventsSql needs at least one event kind');
  const c = COUNTING;
  return `(
    SELECT kind, actor, user_id, ip_subject, song_id, query, occurred_at, CASE WHEN anonymous THEN ${c.anonymousWeight} ELSE 1 END AS weight
    FROM (
      SELECT per_actor.*, row_number() OVER (PARTITION BY address, day ORDER BY occurred_at, actor, item, kind) AS nth_at_address
      FROM (
        SELECT per_item.*, row_number() OVER (PARTITION BY actor, day ORDER BY occurred_at, item, kind) AS nth_of_actor
        FROM (
          SELECT ev.*, row_number() OVER (PARTITION BY CASE WHEN anonymous THEN address ELSE actor END, kind, item, day ORDER BY occurred_at, actor, query) AS nth_of_item
          FROM (
            SELECT e.kind, e.actor, e.user_id, e.ip_subject, e.song_id, e.query, e.occurred_at,
                   e.actor NOT LIKE 'u:%' AS anonymous,
                   coalesce(e.ip_subject, e.actor) AS address,
                   (e.occurred_at AT TIME ZONE 'UTC')::date AS day,
                   coalesce(e.song_id::text, 'q:' || ${compactSql('e.query')}) AS item
            FROM events e
            WHERE e.actor IS NOT NULL AND e.kind IN (${kinds.map((k) => `'${k}'`).join(', ')})
              AND e.occurred_at > ${opts.after} AND e.occurred_at <= ${opts.until}
          ) ev
        ) per_item
        WHERE nth_of_item <= ${c.perItemPerDay}
      ) per_actor
      WHERE nth_of_actor <= CASE WHEN anonymous THEN ${c.sessionPerDay} ELSE ${c.userPerDay} END
    ) per_address
    WHERE NOT anonymous OR nth_at_address <= ${c.addressPerDay}
  )`;
}

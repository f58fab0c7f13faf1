-- Who each event counts for (src/events/counting.ts): 'u:<user id>', 's:<server-issued session id>', or NULL for an
-- anonymous client's own X-Session-Id (kept, never counted). ip_subject: the address (IPv4, or an IPv6 /48) an
-- anonymous session was issued to, for the per-address daily cap.
ALTER TABLE events ADD COLUMN actor text, ADD COLUMN ip_subject text;
-- until now every anonymous session id was the client's own choice: only signed-in users' events are vouched for
UPDATE events SET actor = 'u:' || user_id WHERE user_id IS NOT NULL;

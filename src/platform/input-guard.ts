// App-wide input hygiene: control characters and lone surrogates never reach a handler, a log batch or an index.
// A NUL in one search once poisoned every later Postgres batch; rejecting it at the door protects everyone else.
import type { RequestHandler } from 'express';
import { badRequest } from './errors';

// U+0000-U+001F, U+007F, a high surrogate not followed by a low one, a low surrogate not preceded by a high one
const BAD_TEXT = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// bodies nest; anything deeper than this is not a request our API understands
const MAX_DEPTH = 32;

export type InputLocation = 'query' | 'path' | 'body';
export interface BadInput {
  field: string;
  in: InputLocation;
  reason: 'control_character' | 'lone_surrogate' | 'too_deep' | 'bad_encoding';
}

export function badTextReason(s: string): BadInput['reason'] | undefined {
  const m = BAD_TEXT.exec(s);
  if (!m) return undefined;
  return m[0].charCodeAt(0) >= 0xd800 ? 'lone_surrogate' : 'control_character';
}

/** The first string (value or key) inside `value` that carries a forbidden character, with its dotted path. */
export function findBadText(value: unknown, location: InputLocation, path = '', depth = 0): BadInput | undefined {
  const field = path || (location === 'body' ? '(body)' : '(value)');
  if (typeof value === 'string') {
    const reason = badTextReason(value);
    return reason ? { field, in: location, reason } : undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return { field, in: location, reason: 'too_deep' };
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const keyReason = badTextReason(key);
    if (keyReason) return { field: childPath, in: location, reason: keyReason };
    const found = findBadText(child, location, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The decoded path segments, or a BadInput when a segment is not valid percent-encoded UTF-8 or is unclean. */
export function findBadPath(rawPath: string): BadInput | undefined {
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { field: segment.slice(0, 40), in: 'path', reason: 'bad_encoding' };
    }
    const reason = badTextReason(decoded);
    if (reason) return { field: decoded.replace(BAD_TEXT, '?').slice(0, 40), in: 'path', reason };
  }
  return undefined;
}

const MESSAGES: Record<BadInput['reason'], string> = {
  control_character: 'must not contain control characters',
  lone_surrogate: 'must not contain unpaired UTF-16 surrogates',
  too_deep: 'is nested too deeply',
  bad_encoding: 'is not valid percent-encoded UTF-8',
};

/** Middleware (after body parsing, before routes): 400 invalid_parameter naming the first offending field. */
export function rejectUncleanInput(): RequestHandler {
  return (req, _res, next) => {
    const bad =
      findBadPath(req.path) ??
      findBadText(req.query, 'query') ??
      (req.body === undefined ? undefined : findBadText(req.body, 'body'));
    if (!bad) return next();
    const name = bad.in === 'path' ? `path segment "${bad.field}"` : bad.field;
    next(
      badRequest('invalid_parameter', `${name} ${MESSAGES[bad.reason]}`, {
        parameter: bad.field,
        in: bad.in,
        reason: bad.reason,
      }),
    );
  };
}

// Structured JSON logs, one object per line, on pino: ISO timestamps, an `err` serializer (type, message, stack,
// code) and secrets redacted wherever they appear one or two levels deep (authorization headers, tokens, passwords).
import pino from 'pino';
import type { Config } from './config';

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const SECRET_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'password_hash',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'apiKey',
  'api_key',
  'clientSecret',
  'client_secret',
  'secret',
  'x-operator-token',
];
/** pino redaction paths: each secret key at the top level, one level down and under headers. */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const sep = key.startsWith('[') ? '' : '.';
  return [key, `*${sep}${key}`, `*.headers${sep}${key}`];
});

/** Where log lines go: stdout (synchronously, so a process that exits right after logging loses nothing) or a stream. */
export type LogDestination = { write(line: string): void };

export function createLogger(level: Config['logLevel'], base: LogFields = {}, destination?: LogDestination): Logger {
  const options: pino.LoggerOptions = {
    level,
    base,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return wrap(pino(options, destination ?? pino.destination({ dest: 1, sync: true })));
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (fields) => wrap(p.child(fields)),
  };
}

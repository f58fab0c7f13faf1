// The Express app shell: request ids, JSON logs, body parsing, 404s and one error shape.
import crypto from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from './logger';
import { AppError, appErrorFromElasticsearch, unavailableDependency } from './errors';
import { rejectUncleanInput } from './input-guard';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

const SELF = "'self'";
// the web app and Swagger UI (/docs) load only this origin's files: no inline script or handler, no framing, no plugins
const CSP = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  scriptSrcAttr: ["'none'"],
  styleSrc: [SELF],
  imgSrc: [SELF, 'data:'],
  fontSrc: [SELF],
  connectSrc: [SELF],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: [SELF],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every answer (helmet): the CSP above, nosniff, no framing, no referrer, and in production
 * HSTS plus upgrade-insecure-requests (a local or test run over plain http would be locked out of itself).
 */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP, upgradeInsecureRequests: production ? [] : null },
    },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/** Wraps async handlers so rejections reach the error middleware (Express 5 does this too; kept explicit). */
export const handle =
  (fn: (req: Request, res: express.Response) => Promise<unknown> | unknown): RequestHandler =>
  (req, res, next) => {
    Promise.resolve(fn(req, res)).catch(next);
  };

export function createHttpApp(
  logger: Logger,
  mount: (app: express.Express) => void,
  opts: { jsonLimit?: string; trustProxy?: boolean | number | string[]; production?: boolean } = {},
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(opts.production ?? false));
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default): else anyone picks their IP
  app.set('trust proxy', opts.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    req.log = logger.child({ request_id: req.id });
    res.setHeader('x-request-id', req.id);
    const started = performance.now();
    res.on('finish', () => {
      const fields = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      // keystroke routes mark their answers quiet (res.locals.quietLog): a line per key press would be most of the log
      if (res.locals.quietLog && res.statusCode < 400) req.log.debug('request', fields);
      else req.log.info('request', fields);
    });
    next();
  });
  app.use(express.json({ limit: opts.jsonLimit ?? '100kb' }));
  app.use(rejectUncleanInput());
  mount(app);
  app.use((req, res) => {
    res.status(404).json(errorBody('not_found', `no route for ${req.method} ${req.path}`));
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (res.headersSent) return;
    const fromEs = appErrorFromElasticsearch(err);
    if (fromEs) req.log.warn('elasticsearch refused', { code: fromEs.code, details: fromEs.details });
    err = fromEs ?? err;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
      res.status(err.status).json(errorBody(err.code, err.message, err.details));
      return;
    }
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'the request body is not valid JSON'));
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json(errorBody('payload_too_large', 'the request body is too large'));
      return;
    }
    if ((e.type || e.expose) && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json(errorBody('bad_request', e.message ?? 'bad request'));
      return;
    }
    const dependency = unavailableDependency(err);
    if (dependency) {
      req.log.warn('dependency unavailable', { dependency, err });
      res
        .status(503)
        .setHeader('Retry-After', '5')
        .json(errorBody('dependency_unavailable', `${dependency} is unavailable, try again shortly`, { dependency }));
      return;
    }
    req.log.error('unhandled error', { err });
    res.status(500).json(errorBody('internal', 'something went wrong on our side', { request_id: req.id }));
  };
  app.use(onError);
  return app;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers or URL over 16 KB, malformed request lines)
 * still get the one JSON error shape instead of an empty body.
 */
export function answerClientErrorsAsJson(server: Server): Server {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const code = (err as { code?: string }).code;
    const [status, errorCode, message] =
      code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request line or headers are too large']
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request_timeout', 'the request took too long to arrive']
          : [400, 'bad_request', 'the request is not valid HTTP'];
    const body = JSON.stringify(errorBody(errorCode as string, message as string));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status as number]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

// Route contracts: one zod schema per route validates the request (400), types the handler and feeds OpenAPI.
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { badRequest } from './errors';

// adds .openapi() to zod schemas; every module that declares API schemas imports z from here
extendZodWithOpenApi(z);
export { z };

/** A file of a multipart body, as the upload middleware read it (whole, within its size limit). */
export interface UploadedFile {
  fieldname: string;
  filename: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    upload?: UploadedFile;
  }
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec {
  method: Method;
  /** Express syntax (/api/songs/:id); the OpenAPI document turns it into /api/songs/{id} */
  path: string;
  summary: string;
  tag: string;
  description?: string;
  /** 'required': a bearer token is needed (401 without); 'optional': a token adds the user */
  auth?: 'required' | 'optional';
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** multipart/form-data bodies are validated from the text fields plus the uploaded file under its field name */
  bodyType?: 'application/json' | 'multipart/form-data';
  /** the success responses the handler may return */
  responses: Record<number, ResponseSpec>;
  /** error statuses worth documenting besides 400 (added when the route has inputs) and 503 */
  errors?: number[];
}

/** Keeps the literal types of a route contract (status codes, schemas) for handler typing. */
export const defineRoute = <const S extends RouteSpec>(spec: S): S => spec;

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
export interface Input<S extends RouteSpec> {
  params: Out<S['params']>;
  query: Out<S['query']>;
  body: Out<S['body']>;
}

type Statuses<S extends RouteSpec> = keyof S['responses'] & number;
/** What a handler returns: one of its documented success statuses with a body its schema accepts. */
export type Reply<S extends RouteSpec> = {
  [K in Statuses<S>]: S['responses'][K]['schema'] extends z.ZodType
    ? { status: K; body: z.input<S['responses'][K]['schema']> }
    : { status: K };
}[Statuses<S>];

export type Handler<S extends RouteSpec> = (input: Input<S>, req: Request, res: Response) => Promise<Reply<S> | void>;

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** "size" + "must be ..." -> "size must be ..."; messages that already name the field, or zod's own, stay readable. */
function phrase(name: string | undefined, message: string): string {
  if (!name || message.startsWith(name)) return message;
  return /^[a-z]/.test(message) ? `${name} ${message}` : `${name}: ${message}`;
}

/** The first issue as our error shape: JSON body fields are invalid_field/{field}, everything else invalid_parameter/{parameter}. */
export function validationError(
  where: 'params' | 'query' | 'headers' | 'body',
  error: z.ZodError,
  raw: unknown,
  jsonBody: boolean,
) {
  const issue = error.issues[0];
  const names = issue.path.filter((k): k is string => typeof k === 'string');
  const name = names[names.length - 1];
  const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
  const message = missing ? `${name} is required` : phrase(name, issue.message);
  if (where === 'body' && jsonBody) {
    if (issue.code === 'unrecognized_keys')
      return badRequest('invalid_field', `unknown fields: ${issue.keys.join(', ')}`, { fields: issue.keys });
    if (!name) return badRequest('invalid_body', 'the request body must be a JSON object');
    const index = issue.path.find((k) => typeof k === 'number');
    return badRequest('invalid_field', message, index === undefined ? { field: name } : { field: name, index });
  }
  if (issue.code === 'unrecognized_keys')
    return badRequest('invalid_parameter', `unknown parameters: ${issue.keys.join(', ')}`, { parameters: issue.keys });
  return badRequest('invalid_parameter', message, { parameter: name ?? where });
}

function parsePart(
  where: 'params' | 'query' | 'headers' | 'body',
  schema: z.ZodType | undefined,
  raw: unknown,
  jsonBody: boolean,
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(where, result.error, raw, jsonBody);
  return result.data;
}

/** Validates params, query, headers and body against the contract, then runs the handler and sends its reply. */
export function endpoint<S extends RouteSpec>(spec: S, handler: NoInfer<Handler<S>>): RequestHandler {
  const jsonBody = (spec.bodyType ?? 'application/json') === 'application/json';
  return (req, res, next) => {
    Promise.resolve()
      .then(async () => {
        let rawBody: unknown = req.body;
        if (!jsonBody) {
          rawBody = { ...(req.body ?? {}) };
          if (req.upload) (rawBody as Record<string, unknown>)[req.upload.fieldname] = req.upload;
        }
        const input = {
          params: parsePart('params', spec.params, req.params, false),
          query: parsePart('query', spec.query, req.query, false),
          body: parsePart('body', spec.body, rawBody, jsonBody),
        } as Input<S>;
        parsePart('headers', spec.headers, req.headers, false);
        const reply = (await handler(input, req, res)) as { status: number; body?: unknown } | void;
        if (!reply || res.headersSent) return;
        if (reply.body === undefined) res.status(reply.status).end();
        else res.status(reply.status).json(reply.body);
      })
      .catch(next);
  };
}

/** Mounts a contract on a router: its middlewares (auth, limits, uploads) run first, then validation and the handler. */
export function route<S extends RouteSpec>(
  router: Router,
  spec: S,
  middlewares: RequestHandler[],
  handler: NoInfer<Handler<S>>,
): void {
  router[spec.method](spec.path, ...middlewares, endpoint(spec, handler));
}

// ---- building blocks shared by the contracts ----

const blankToMissing = (v: unknown) => (v === '' ? undefined : v);
const codePoints = (s: string) => [...s].length;

/** A required, trimmed text parameter of at most `max` characters (code points). */
export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .refine((s) => codePoints(s) <= max, `must be at most ${max} characters`)
    .openapi({ maxLength: max });

/** An optional trimmed text parameter (blank counts as missing). */
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
    z
      .string()
      .trim()
      .refine((s) => codePoints(s) <= max, `must be at most ${max} characters`)
      .openapi({ maxLength: max })
      .optional(),
  );

/** A whole number from a query string, with a default when missing or blank. */
export const queryInt = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToMissing,
    z.coerce
      .number<string>()
      .int(`must be a whole number from ${min} to ${max}`)
      .min(min, `must be a whole number from ${min} to ${max}`)
      .max(max, `must be a whole number from ${min} to ${max}`)
      .default(fallback),
  );

/** One of a fixed set of values from a query string (blank counts as missing). */
export const queryEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToMissing, z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional());

/** A positive database id in the path. */
export const idParam = z.coerce
  .number<string>()
  .int('must be a positive whole number')
  .min(1, 'must be a positive whole number')
  .max(Number.MAX_SAFE_INTEGER, 'must be a positive whole number');

/** The path parameters of a route on one record: /…/:id. */
export const idParams = z.object({ id: idParam });

/** Every error response: { error: { code, message, details? } }. */
export const ErrorResponse = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');

export const ISODate = z.string().openapi({ format: 'date-time' });

// Multipart photo uploads read as a stream (busboy) with limits that hold without Redis: a declared length over the
// limit is refused before a byte is read, the file stops at maxBytes, a sender slower than the deadline is cut off,
// and at most `concurrent` uploads are read at once per process (memory stays under concurrent x maxBytes).
import type { Request, RequestHandler } from 'express';
import busboy from 'busboy';
import { AppError, badRequest } from '../platform/errors';
import type { UploadedFile } from '../platform/api';

export interface PhotoUploadLimits {
  maxBytes: number;
  /** the whole request body must have arrived within this many ms */
  deadlineMs: number;
  /** uploads read at the same time in this process; more wait for nobody: 503 with Retry-After */
  concurrent: number;
}

// room for the multipart boundaries, part headers and the small text fields around the file
const ENVELOPE_BYTES = 16 * 1024;

const megabytes = (bytes: number) => Math.floor((bytes / 1024 / 1024) * 10) / 10;

export interface PhotoUploadMiddleware extends RequestHandler {
  /** uploads being read right now in this process */
  inFlight(): number;
}

/** The middleware: sets req.upload (field "photo") and req.body (the text fields), or answers with a clear error. */
export function photoUpload(limits: PhotoUploadLimits): PhotoUploadMiddleware {
  let reading = 0;
  const middleware: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data'))
      return next(badRequest('invalid_upload', 'the request must be multipart/form-data with one "photo" file'));
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes + ENVELOPE_BYTES)
      return next(tooLarge(limits.maxBytes));
    if (reading >= limits.concurrent) {
      return next(
        new AppError(
          503,
          'busy',
          'too many uploads are arriving right now, try again shortly',
          { concurrent: limits.concurrent },
          { 'Retry-After': '2' },
        ),
      );
    }
    reading++;
    let finished = false;
    const done = (err?: AppError) => {
      if (finished) return;
      finished = true;
      reading--;
      clearTimeout(deadline);
      if (err) {
        // stop reading: the rest of the body is not wanted, and the connection cannot be reused mid-body
        req.unpipe();
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
        return next(err);
      }
      next();
    };
    const deadline = setTimeout(
      () =>
        done(
          new AppError(
            408,
            'upload_too_slow',
            `the upload must arrive within ${Math.round(limits.deadlineMs / 1000)} s`,
            { deadline_ms: limits.deadlineMs },
          ),
        ),
      limits.deadlineMs,
    );
    readMultipart(req, limits.maxBytes, done);
  };
  return Object.assign(middleware, { inFlight: () => reading });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(413, 'too_large', `the photo must be at most ${megabytes(maxBytes)} MB`, { max_bytes: maxBytes });
}

function readMultipart(req: Request, maxBytes: number, done: (err?: AppError) => void): void {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: { fileSize: maxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 8, headerPairs: 20 },
    });
  } catch {
    return done(badRequest('invalid_upload', 'the multipart boundary is missing'));
  }
  const fields: Record<string, string> = {};
  let upload: UploadedFile | undefined;
  let pendingFile = false;
  let ended = false;
  const finish = () => {
    if (ended && !pendingFile) {
      req.body = fields;
      if (upload) req.upload = upload;
      done();
    }
  };
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) return done(badRequest('invalid_upload', `the field "${name}" is longer than 1024 bytes`));
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== 'photo') {
      stream.resume();
      return done(badRequest('invalid_upload', `unexpected file field "${name}": send the photo as "photo"`));
    }
    pendingFile = true;
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('limit', () => {
      chunks.length = 0;
      done(tooLarge(maxBytes));
    });
    stream.on('end', () => {
      pendingFile = false;
      if ((stream as { truncated?: boolean }).truncated) return;
      upload = {
        fieldname: name,
        filename: info.filename ?? '',
        mimetype: info.mimeType,
        buffer: Buffer.concat(chunks, size),
        size,
      };
      finish();
    });
  });
  parser.on('filesLimit', () => done(badRequest('invalid_upload', 'send one photo per request')));
  parser.on('fieldsLimit', () => done(badRequest('invalid_upload', 'too many fields: send "photo" and "action" only')));
  parser.on('partsLimit', () => done(badRequest('invalid_upload', 'too many parts in the multipart body')));
  parser.on('error', () => done(badRequest('invalid_upload', 'the multipart body is malformed')));
  parser.on('close', () => {
    ended = true;
    finish();
  });
  req.on('aborted', () => done(badRequest('upload_aborted', 'the upload was cut off')));
  req.pipe(parser);
}

import { AsyncResource } from 'node:async_hooks';
import express, { type Request, type RequestHandler } from 'express';
import { fr } from './french';
import { HttpError } from './errors';

/**
 * Request bodies: JSON or urlencoded, at most `limitBytes`, parsed before any route sees them.
 * A body announced larger than the limit is refused before it is read (413); a body of another
 * type is refused (415); malformed JSON is a 400 invalid_request. Routes then validate `req.body` with zod.
 */
export function bodyParsers(limitBytes: number): RequestHandler {
  const json = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const form = express.urlencoded({ limit: limitBytes, extended: false, parameterLimit: 32 });
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > limitBytes) {
      next(payloadTooLarge(limitBytes));
      return;
    }
    // Bound to this request's async context: the parsers call back from the socket's events.
    const done = AsyncResource.bind((err?: unknown) => next(err === undefined ? undefined : translate(err, limitBytes)));
    if (req.is(['application/json', 'application/*+json'])) json(req, res, done);
    else if (req.is('application/x-www-form-urlencoded')) form(req, res, done);
    else next(unsupportedMediaType());
  };
}

/** body-parser's errors as HttpErrors with a French message (anything else goes on unchanged). */
function translate(err: unknown, limitBytes: number): unknown {
  const { status, type } = (err ?? {}) as { status?: unknown; type?: unknown };
  if (status === 413) return payloadTooLarge(limitBytes);
  if (type === 'entity.parse.failed') {
    return new HttpError(400, 'invalid_request', fr`Le corps de la requête n’est pas du JSON valide.`);
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new HttpError(415, 'unsupported_media_type', fr`Le corps de la requête doit être encodé en UTF-8, sans compression.`);
  }
  if (type === 'parameters.too.many') {
    return new HttpError(413, 'payload_too_large', fr`La requête contient trop de paramètres.`);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(400, 'invalid_request', fr`Le corps de la requête est incomplet ou mal formé.`);
  }
  return err;
}

/** True when the request carries a body (chunked, or a non-zero Content-Length). */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function payloadTooLarge(limitBytes: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    fr`La requête est trop volumineuse : son corps ne doit pas dépasser ${limitBytes >= 1024 ? `${Math.floor(limitBytes / 1024)} ko` : `${limitBytes} octets`}.`,
  );
}

export function unsupportedMediaType(): HttpError {
  return new HttpError(
    415,
    'unsupported_media_type',
    fr`Le corps de la requête doit être du JSON (Content-Type : application/json).`,
  );
}

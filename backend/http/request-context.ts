import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * A request id for every request: the caller's X-Request-Id when it is well formed (a proxy's or
 * a load balancer's, so one id follows the request through), else a fresh UUID. It is echoed in
 * the response's X-Request-Id, put on every log line written while the request runs (the
 * logger's mixin reads it here), and sent to the data providers as their correlation id.
 */

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** 8 to 128 characters among letters, digits and . _ : - (a UUID, a proxy's hex id…); nothing a log could misread. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

const storage = new AsyncLocalStorage<{ requestId: string }>();

export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && WELL_FORMED.test(incoming) ? incoming : randomUUID();
    (req as { id?: string }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    storage.run({ requestId: id }, next);
  };
}

/** The id of the request being handled, if any (undefined outside a request). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

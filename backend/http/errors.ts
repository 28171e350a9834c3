import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../sessions/store';
import { fr } from './french';
import { renderPage } from './pages';

/**
 * One error type for every route, one handler that turns it into a response: JSON
 * `{ error, message }` (French message) for API routes, a French HTML page for the routes a
 * browser navigates to. Unexpected errors become a generic 500 and are logged without detail
 * that could carry personal data.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** Machine code, stable: clients switch on it. */
    readonly code: string,
    /** French sentence for the person in front of the screen. */
    readonly userMessage: string,
    readonly options: { title?: string; headers?: Record<string, string>; detail?: string } = {},
  ) {
    super(code);
    this.name = 'HttpError';
  }
}

/** True for requests that navigate a browser (login, callback, logout callback), false for API calls. */
export function wantsHtml(req: Request): boolean {
  const browserRoute = req.method === 'GET' && /^\/auth\/(login|callback|logout\/callback)$/.test(req.path);
  if (browserRoute) return req.accepts(['html', 'json']) !== 'json';
  return false;
}

export function sendError(req: Request, res: Response, err: HttpError, assetsBase: string): void {
  for (const [name, value] of Object.entries(err.options.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  if (wantsHtml(req)) {
    res
      .status(err.status)
      .type('html')
      .send(
        renderPage(
          {
            tone: 'error',
            title: err.options.title ?? fr`Une erreur est survenue`,
            message: err.userMessage,
            reference: err.code,
            ...(err.options.detail ? { detail: err.options.detail } : {}),
          },
          assetsBase,
        ),
      );
    return;
  }
  res.status(err.status).json({ error: err.code, message: err.userMessage });
}

/** 503 while the session store (Redis) cannot be reached; the client may retry. */
export function storeUnavailable(): HttpError {
  return new HttpError(
    503,
    'session_store_unavailable',
    fr`Le service est momentanément indisponible : les sessions ne peuvent pas être lues. Réessayez dans quelques instants.`,
    { title: fr`Service momentanément indisponible`, headers: { 'Retry-After': '5' } },
  );
}

export function notFound(): RequestHandler {
  return (_req, _res, next) => {
    next(new HttpError(404, 'not_found', fr`Cette adresse n’existe pas.`, { title: fr`Page introuvable` }));
  };
}

export function errorHandler(logger: Logger, assetsBase: string): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof HttpError) {
      sendError(req, res, err, assetsBase);
      return;
    }
    if (err instanceof StoreUnavailableError) {
      // Redis down or too slow: a clear, retryable answer, never a crash or a hang.
      logger.warn({ event: 'store_unavailable', path: req.path, reason: err.reason }, 'session store unavailable');
      sendError(req, res, storeUnavailable(), assetsBase);
      return;
    }
    // body-parser errors (malformed JSON, body too large, wrong charset) carry a 4xx status.
    const status = (err as { status?: unknown } | null)?.status;
    const type = (err as { type?: unknown } | null)?.type;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const tooLarge = status === 413;
      sendError(
        req,
        res,
        new HttpError(
          status,
          tooLarge ? 'payload_too_large' : 'invalid_request',
          tooLarge ? fr`La requête est trop volumineuse.` : fr`La requête est mal formée.`,
        ),
        assetsBase,
      );
      logger.info({ event: 'bad_request', path: req.path, status, type: typeof type === 'string' ? type : undefined }, 'bad request');
      return;
    }
    logger.error(
      {
        event: 'unexpected_error',
        path: req.path,
        error: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : typeof err,
      },
      'unexpected error',
    );
    sendError(
      req,
      res,
      new HttpError(500, 'server_error', fr`Une erreur technique est survenue. Réessayez dans quelques minutes.`),
      assetsBase,
    );
  };
}

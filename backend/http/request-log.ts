import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { asPino, type Logger, requestSerializer } from '../log';

/**
 * One line per request, when its answer is sent (or the client goes away): method, path (never
 * the query string, which may hold a code or a state), status, duration and request id. Monitoring
 * probes (/health, /ready) are logged at debug level only, even when they answer 503. With a pino logger this is pino-http;
 * with another Logger (tests), the same fields through it.
 */
export function requestLog(logger: Logger): RequestHandler {
  const pino = asPino(logger);
  if (!pino) return plainRequestLog(logger);
  return pinoHttp({
    logger: pino,
    genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
    // The line carries its own reqId; no child logger binds it a second time.
    quietReqLogger: false,
    quietResLogger: true,
    wrapSerializers: false,
    customLogLevel: (req, res, err) => {
      // A probe first: /ready answers 503 every few seconds while Redis is down, and says why in its own line.
      if (isProbe(req)) return 'debug';
      if (err || res.statusCode >= 500) return 'error';
      return 'info';
    },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime?: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, err: Error, val: { responseTime?: number }) => ({
      ...line(req, res, val.responseTime),
      err: { type: err.name, message: err.message.slice(0, 200) },
    }),
  }) as unknown as RequestHandler;
}

function line(req: IncomingMessage, res: ServerResponse, ms: number | undefined) {
  return {
    event: 'request',
    reqId: (req as { id?: string }).id,
    ...requestSerializer(req as IncomingMessage & { originalUrl?: string }),
    status: res.statusCode,
    ...(res.writableFinished ? {} : { aborted: true }),
    ms,
  };
}

function isProbe(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0];
  return path === '/health' || path === '/ready';
}

function plainRequestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      (isProbe(req) ? logger.debug : logger.info).call(
        logger,
        {
          event: 'request',
          reqId: (req as { id?: string }).id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    next();
  };
}

import pino from 'pino';
import type { LogLevel } from './config';
import { currentRequestId } from './http/request-context';

/**
 * The few logging calls the backend makes. pino's logger satisfies it; tests pass silentLogger.
 * Rule for every caller: never log a token, a code, a state, a session handle or a claim.
 * Log what happened and why (a reason code, a claim *name*), never the values.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = () => {};
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/**
 * What pino removes from any line, as a second line of defence behind careful log calls: the
 * credentials of a request or a response (Authorization, cookies, provider keys, Location with a
 * handoff code), the query string of a URL (a callback carries code and state), and any field
 * named like a token, a code, a state, a handle or personal data, at the top level or one below.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-franceconnect-oauth"]',
  'req.query',
  'req.body',
  'req.url',
  'res.headers["set-cookie"]',
  'res.headers.location',
  'headers.authorization',
  'headers.cookie',
  'url',
  ...['accessToken', 'idToken', 'token', 'code', 'state', 'nonce', 'session', 'handle', 'identity', 'userinfo', 'claims', 'attachments'].flatMap(
    (key) => [key, `*.${key}`],
  ),
];

/** URLs keep their path, never their query; anything else becomes [Redacted]. */
function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'url' && typeof value === 'string') {
    const q = value.indexOf('?');
    return q === -1 ? value : `${value.slice(0, q)}?[Redacted]`;
  }
  return '[Redacted]';
}

/** A request as logs show it: method and path, no query, no header. */
export function requestSerializer(req: { method?: string; url?: string; originalUrl?: string }): { method?: string; path: string } {
  const url = req.originalUrl ?? req.url ?? '';
  return { ...(req.method ? { method: req.method } : {}), path: url.split('?')[0] ?? '' };
}

export interface LoggerOptions {
  name?: string;
  /** npm start on a terminal: pino-pretty for people reading along. */
  pretty?: boolean;
  /** Where the JSON lines go (tests capture them); default stdout. */
  destination?: pino.DestinationStream;
}

/**
 * JSON lines on stdout, level from LOG_LEVEL. Every line written while a request runs carries its
 * id (`reqId`, see http/request-context.ts).
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): pino.Logger {
  const settings: pino.LoggerOptions = {
    name: options.name ?? 'pivot-backend',
    level,
    base: undefined,
    mixin() {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    redact: { paths: REDACTED_PATHS, censor },
    serializers: {
      req: requestSerializer,
      res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
      err: (err: unknown) => (err instanceof Error ? { type: err.name, message: err.message.slice(0, 200) } : { type: typeof err }),
    },
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { ignore: 'event', translateTime: 'HH:MM:ss', singleLine: true } } }
      : {}),
  };
  return options.destination && !options.pretty ? pino(settings, options.destination) : pino(settings);
}

/** The pino logger behind `logger`, when it is one (pino-http needs one); undefined for test loggers. */
export function asPino(logger: Logger): pino.Logger | undefined {
  const candidate = logger as Partial<pino.Logger>;
  return typeof candidate.child === 'function' && typeof candidate.levels === 'object' ? (logger as pino.Logger) : undefined;
}

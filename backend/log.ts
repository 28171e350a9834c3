import pino from 'pino';
import type { LogLevel } from './config';

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

/** JSON lines on stdout, level from LOG_LEVEL; `pretty` (npm start on a terminal) for people reading along. */
export function createLogger(level: LogLevel, options: { name?: string; pretty?: boolean } = {}): Logger {
  return pino({
    name: options.name ?? 'pivot-backend',
    level,
    base: undefined,
    ...(options.pretty
      ? { transport: { target: 'pino-pretty', options: { ignore: 'event', translateTime: 'HH:MM:ss', singleLine: true } } }
      : {}),
  });
}

import { Redis } from 'ioredis';
import type { Logger } from '../log';
import { failureReason } from './redis';

/**
 * The ioredis client of the backend, tuned so a Redis that is down or stuck fails a request fast
 * (a 503) instead of holding it: no offline queue (a command while disconnected fails at once), a
 * timeout on every command, no retry of a command whose connection dropped. The client itself keeps
 * reconnecting in the background, so the backend recovers without a restart when Redis returns.
 */

export interface RedisClientSettings {
  /** redis:// or rediss:// URL (REDIS_URL); may carry credentials: never logged. */
  url: string;
  /** Upper bound of every command (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
}

/** Delay before the n-th reconnection attempt: 100 ms, 200 ms… capped at 2 s, forever. */
export function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 100, 2_000);
}

export function createRedisClient(settings: RedisClientSettings, logger: Logger): Redis {
  const redis = new Redis(settings.url, {
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: Math.max(settings.commandTimeoutMs, 1_000),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnectDelay,
    connectionName: 'pivot-backend',
  });
  const where = describeRedis(settings.url);
  // One line when Redis goes away and one when it is back, not one per reconnection attempt.
  let down = false;
  redis.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn(
      { event: 'redis_unavailable', redis: where, reason: failureReason(err) },
      `Redis (${where}) is unavailable: session requests answer 503 until it is back.`,
    );
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ event: 'redis_ready', redis: where }, `Redis (${where}) is available again.`);
  });
  return redis;
}

/** host:port/db of a Redis URL, without credentials, for logs and messages. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'redis';
  }
}

/**
 * Readiness check for GET /ready (AppDeps.readiness): PING answered within `timeoutMs`. Never
 * throws; `ok: false` when Redis is down, stuck or refusing.
 */
export async function redisReadiness(redis: Redis, timeoutMs = 1_000): Promise<{ name: 'redis'; ok: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const ok = await Promise.race([redis.ping().then((reply) => reply === 'PONG', () => false), timeout]);
    return { name: 'redis', ok };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves true once the client is connected and ready, false if that takes longer than `timeoutMs`. */
export function waitForRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

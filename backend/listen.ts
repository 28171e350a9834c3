import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createApp, type AppDeps, type ReadinessCheck } from './app';
import { createFranceConnectClient, type FranceConnectClient } from './auth/franceconnect';
import { systemClock } from './clock';
import { drainable, hardenServer } from './http/node-server';
import { type Logger } from './log';
import { createStore } from './sessions/create-store';
import { RedisStore } from './sessions/redis';
import { createRedisClient, describeRedis, redisReadiness, waitForRedis } from './sessions/redis-client';

export interface RunningBackend {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  port: number;
  /** The FranceConnect client: `ready()` resolves once its discovery is loaded. */
  franceConnect: FranceConnectClient;
  /** Where sessions live: 'memory', or 'redis' (shared with other instances). */
  sessionStore: 'memory' | 'redis';
  /** The checks given to the app for GET /ready (Redis PING when sessions are in Redis). */
  readiness?: () => Promise<ReadinessCheck[]>;
  /**
   * Stops gracefully: no new connection, the requests in flight finish (cut after
   * SHUTDOWN_TIMEOUT_MS), then the store and the Redis client this function opened are closed.
   */
  close(): Promise<void>;
}

/**
 * Builds the app and listens. FranceConnect's discovery is loaded in the background: the backend
 * starts (and says so) even when FranceConnect is down, retries with backoff, and any login
 * attempt in between retries too.
 */
export async function startBackend(deps: AppDeps & { logger: Logger }): Promise<RunningBackend> {
  const { config, logger } = deps;
  // REDIS_URL configured: a client of our own, unless the caller brought one (it then closes it).
  const ownRedis: Redis | undefined = !deps.redis && !deps.store && config.redis ? createRedisClient(config.redis, logger) : undefined;
  const redis = deps.redis ?? ownRedis;
  const store = deps.store ?? createStore({ config, redis, clock: deps.clock ?? systemClock, logger });
  const readiness = deps.readiness ?? (redis ? async () => [await redisReadiness(redis, config.redis?.commandTimeoutMs)] : undefined);
  if (ownRedis && config.redis && !(await waitForRedis(ownRedis, Math.max(2_000, config.redis.commandTimeoutMs)))) {
    // Start anyway: requests needing a session answer 503 and /ready says no until Redis answers.
    logger.warn(
      { event: 'redis_unavailable', redis: describeRedis(config.redis.url), reason: 'startup' },
      `Redis (${describeRedis(config.redis.url)}) did not answer at start-up; starting anyway, session requests answer 503 until it does.`,
    );
  }
  const franceConnect =
    deps.franceConnect ?? createFranceConnectClient({ config, logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const app = createApp({
    ...deps,
    store,
    franceConnect,
    ...(redis ? { redis } : {}),
    ...(readiness ? { readiness } : {}),
  });

  const server = createServer(app);
  hardenServer(server, logger, { keepAliveTimeoutMs: config.keepAliveTimeoutMs });
  const drain = drainable(server);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    if (ownRedis) ownRedis.disconnect(false);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const warmUp = (delayS: number) => {
    franceConnect.ready().catch(() => {
      if (closed) return;
      logger.warn(
        { event: 'discovery_retry', issuer: config.franceConnect.issuer, inSeconds: delayS },
        `FranceConnect (${config.franceConnect.issuer}) is unreachable; logins will fail until it answers. Next try in ${delayS} s.`,
      );
      retry = setTimeout(() => warmUp(Math.min(delayS * 2, 60)), delayS * 1000);
      retry.unref();
    });
  };
  warmUp(1);

  return {
    url: `http://${host}:${port}`,
    port,
    franceConnect,
    sessionStore: store instanceof RedisStore ? 'redis' : 'memory',
    ...(readiness ? { readiness } : {}),
    async close() {
      closed = true;
      clearTimeout(retry);
      logger.info({ event: 'stopping', timeoutMs: config.shutdownTimeoutMs }, 'stopping: letting the requests in flight finish');
      const outcome = await drain.drain(config.shutdownTimeoutMs);
      if (outcome === 'cut') logger.warn({ event: 'stop_cut' }, 'requests still in flight after SHUTDOWN_TIMEOUT_MS were cut');
      await store.close();
      // Redis last: requests still draining above may need it.
      if (ownRedis) await closeRedis(ownRedis);
      logger.info({ event: 'stopped' }, 'stopped');
    },
  };
}

/** QUIT when connected (pending replies arrive first), else drop the connection and stop reconnecting. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through: the connection went away meanwhile
    }
  }
  redis.disconnect(false);
}

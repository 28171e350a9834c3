import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { apiRoutes } from './api/routes';
import { createFranceConnectClient, type FranceConnectClient } from './auth/franceconnect';
import { authRoutes, type OnAuthenticated } from './auth/routes';
import { Transactions } from './auth/transactions';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { dataRoutes } from './data/routes';
import { healthRoutes, type ReadinessCheck } from './health';
import { createDataService } from './data/service';
import { bodyParsers } from './http/body';
import { errorHandler, notFound } from './http/errors';
import { noStore } from './http/middleware';
import { requestContext } from './http/request-context';
import { requestLog } from './http/request-log';
import { rateLimiter } from './http/rate-limit';
import { corsPolicy, securityHeaders } from './http/security';
import { type Logger, silentLogger } from './log';
import { createStore } from './sessions/create-store';
import { KeyDeriver } from './sessions/secrets';
import { SessionService } from './sessions/sessions';
import type { Store } from './sessions/store';

export interface AppDeps {
  config: Readonly<Config>;
  /**
   * Where states, handoff codes and sessions live. Default: a RedisStore on `redis` when it is given
   * and REDIS_URL is configured, else a MemoryStore on `clock`.
   */
  store?: Store;
  /**
   * The shared Redis (ioredis client, owned and closed by the caller: backend/listen.ts, tests):
   * the session store when REDIS_URL is configured, and the rate-limit counters of every instance.
   */
  redis?: Redis;
  /** Checks behind GET /ready besides FranceConnect's discovery (e.g. redisReadiness from sessions/redis-client.ts); never throws. */
  readiness?: () => Promise<ReadinessCheck[]>;
  /** Drives state, handoff and session lifetimes. Default: the system clock. */
  clock?: Clock;
  /** Used for every call to FranceConnect and to the data providers. Default: global fetch. */
  fetch?: typeof fetch;
  logger?: Logger;
  /** A prebuilt FranceConnect client (server.ts shares it to warm the discovery up). */
  franceConnect?: FranceConnectClient;
  /** Step run inside the callback while the access token is valid. Default: the data sources' fan-out (issue 6). */
  onAuthenticated?: OnAuthenticated;
}

export type { ReadinessCheck };

/** The backend as an Express app; the caller listens (server.ts, test/support/stack.ts). */
export function createApp(deps: AppDeps): Express {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const store = deps.store ?? createStore({ config, redis: deps.redis, clock, logger });
  const keys = new KeyDeriver(config.session.secret);
  const franceConnect =
    deps.franceConnect ?? createFranceConnectClient({ config, logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const sessions = new SessionService({
    store,
    keys,
    clock,
    idleTimeoutSeconds: config.session.idleTimeoutSeconds,
    maxAgeSeconds: config.session.maxAgeSeconds,
  });
  const transactions = new Transactions(store, keys);
  const data = createDataService({ config, clock, logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext());
  app.use(requestLog(logger));
  app.use(securityHeaders(config.publicUrl));

  app.use(healthRoutes({ franceConnect, readiness: deps.readiness, logger }));
  app.use('/assets/dsfr', express.static(dsfrDist(), { index: false, fallthrough: true, maxAge: '1d' }));

  app.use(['/auth', '/api'], corsPolicy(config.cors.origins));
  // REDIS_KEY_PREFIX lives in config.redis (sessions' side); read loosely so either side merges first.
  const redisPrefix = config.redis?.keyPrefix;
  const limits = { logger, redis: deps.redis, keys, ...(redisPrefix ? { redisPrefix } : {}) };
  app.use('/auth', rateLimiter('auth', config.rateLimit, limits));
  app.use('/api', rateLimiter('api', config.rateLimit, limits));
  app.use(['/auth', '/api'], noStore);
  app.use(['/auth', '/api'], bodyParsers(config.body.limitBytes));
  app.use(
    authRoutes({
      config,
      franceConnect,
      transactions,
      sessions,
      logger,
      onAuthenticated: deps.onAuthenticated ?? data.onAuthenticated,
      selectSources: data.select,
    }),
  );
  app.use(apiRoutes({ sessions }));
  app.use(dataRoutes({ sessions, data }));

  app.use(notFound());
  app.use(errorHandler(logger, config.publicUrl));
  return app;
}

/** DSFR's dist folder (styles, fonts, icons) for the backend's own pages. */
function dsfrDist(): string {
  return `${dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json'))}/dist`;
}

import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Config } from '../config';
import type { Logger } from '../log';
import { KeyDeriver } from '../sessions/secrets';
import { fr } from './french';
import { HttpError } from './errors';

/**
 * Rate limits per client address: one budget for /auth/*, one for /api/*, over a fixed window.
 * Counters live in Redis when the app has a Redis client (so every instance shares them), in
 * memory otherwise. Over the limit: 429 with Retry-After and the usual `{ error, message }`.
 * If Redis fails, requests pass (availability first); the failure is logged once when it starts
 * and once when the store answers again (warn), not once per request.
 * The defaults are far above what a person, or an office behind one address, ever does.
 * The client address never reaches the store in clear: the key is an HMAC (under SESSION_SECRET,
 * or a per-process random key without one) of the address, IPv6 addresses cut to their /56.
 */

export type RateLimitScope = 'auth' | 'api';

/** Without SESSION_SECRET: one random key per process, so its limiters agree with each other. */
const processKeys = new KeyDeriver(undefined);

export function rateLimiter(
  scope: RateLimitScope,
  settings: Config['rateLimit'],
  /**
   * `redisPrefix`: REDIS_KEY_PREFIX; counters live under `<prefix>ratelimit:<scope>:<hmac of the client address>`.
   * `keys`: the app's KeyDeriver (SESSION_SECRET), so every instance derives the same key for one address.
   */
  deps: { logger: Logger; redis?: Redis | undefined; redisPrefix?: string; keys?: KeyDeriver },
): RequestHandler {
  const limit = settings[scope];
  if (limit === 0) return (_req, _res, next) => next();
  const windowMs = settings.windowSeconds * 1000;
  const { logger, redis } = deps;
  const health = new StoreHealth(logger, scope);
  const keys = deps.keys ?? processKeys;
  // express-rate-limit's own X-Forwarded-For check runs only in its default keyGenerator: the same
  // check, once per limiter, so a proxy TRUST_PROXY does not name is still reported.
  let forwardedChecked = false;
  const checkForwardedFor = (req: Request): void => {
    if (forwardedChecked || req.headers['x-forwarded-for'] === undefined || req.app.get('trust proxy') !== false) return;
    forwardedChecked = true;
    reportLimiterProblem(logger, scope, Object.assign(new Error('X-Forwarded-For is set but TRUST_PROXY is not'), { code: 'ERR_ERL_UNEXPECTED_X_FORWARDED_FOR' }), health);
  };
  return rateLimit({
    windowMs,
    limit,
    // HMAC of the address (IPv6: its /56), never the address. express-rate-limit reads this
    // function's source and warns (ERR_ERL_KEY_GEN_IPV6) unless it names ipKeyGenerator.
    keyGenerator: (req) => {
      checkForwardedFor(req);
      return keys.digest('ratelimit', ipKeyGenerator(req.ip ?? ''));
    },
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: true,
    ...(redis
      ? {
          store: Object.assign(
            new ReloadingRedisStore({
              sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
              prefix: `${deps.redisPrefix ?? 'pivot:'}ratelimit:${scope}:`,
            }),
            { onAnswer: () => health.answered() },
          ),
        }
      : {}),
    logger: {
      error: (error: unknown) => reportLimiterProblem(logger, scope, error, health),
      warn: (error: unknown) => reportLimiterProblem(logger, scope, error, health),
    },
    handler: (req, res, next) => {
      const retryAfter = Number(res.getHeader('Retry-After')) || settings.windowSeconds;
      logger.warn({ event: 'rate_limited', scope, path: req.path }, 'too many requests');
      next(
        new HttpError(
          429,
          'rate_limited',
          fr`Trop de demandes en peu de temps. Réessayez dans ${retryAfter} seconde${retryAfter > 1 ? 's' : ''}.`,
          { title: fr`Trop de demandes`, headers: { 'Retry-After': String(retryAfter) } },
        ),
      );
    },
  });
}

/**
 * rate-limit-redis loads its Lua scripts once, when the limiter starts, and keeps that promise: if
 * Redis was unreachable then, every later count rethrows the same failure (not NOSCRIPT), so with
 * passOnStoreError the limits would stay off until a restart even after Redis is back. This store
 * loads the scripts again after any failed count instead.
 */
export class ReloadingRedisStore extends RedisStore {
  /** Called after each count the store answered (the limiter's way to see Redis come back). */
  onAnswer: () => void = () => {};

  override async increment(key: string): ReturnType<RedisStore['increment']> {
    const result = await super.increment(key);
    this.onAnswer();
    return result;
  }

  override async retryableIncrement(key: string): Promise<RedisReply> {
    try {
      return await super.retryableIncrement(key);
    } catch (error) {
      this.incrementScriptSha = this.loadIncrementScript(this.prefixKey(key));
      this.incrementScriptSha.catch(() => {}); // the next count awaits it and reports its failure
      throw error;
    }
  }

  override async get(key: string): ReturnType<RedisStore['get']> {
    try {
      return await super.get(key);
    } catch (error) {
      this.getScriptSha = this.loadGetScript(this.prefixKey(key));
      this.getScriptSha.catch(() => {});
      throw error;
    }
  }
}

/**
 * express-rate-limit reports two kinds of problem: its configuration checks (a `code` such as
 * ERR_ERL_UNEXPECTED_X_FORWARDED_FOR: set TRUST_PROXY) and its store's failures (Redis).
 */
function reportLimiterProblem(logger: Logger, scope: RateLimitScope, error: unknown, health: StoreHealth): void {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message.slice(0, 300) : typeof error;
  if (typeof code === 'string' && code.startsWith('ERR_ERL_')) {
    logger.warn({ event: 'rate_limit_config', scope, check: code, cause: message }, 'rate-limit configuration problem (see TRUST_PROXY)');
  } else {
    health.failed(message);
  }
}

/**
 * The store's state as the logs tell it: one line when counts start failing, one when the store
 * answers again. During a Redis outage every request fails its count; a line each would flood
 * the logs (and the session store's own failures are already logged per request that needs it).
 */
class StoreHealth {
  #failing = false;

  constructor(
    private readonly logger: Logger,
    private readonly scope: RateLimitScope,
  ) {}

  failed(cause: string): void {
    if (this.#failing) return;
    this.#failing = true;
    this.logger.warn(
      { event: 'rate_limit_store_error', scope: this.scope, cause },
      'rate-limit store failing; requests let through without limit until it answers again',
    );
  }

  answered(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.logger.warn({ event: 'rate_limit_store_recovered', scope: this.scope }, 'rate-limit store answers again; limits apply');
  }
}

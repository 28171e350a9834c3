import { z } from 'zod';
import { defaultExtensionRedirectUrls } from './auth/extension-redirects';
import { DATA_SECRET_VARIABLES, type DataConfig, parseDataConfig } from './data/config';
import { isLoopbackHost, joinUrl } from './net';
import { decodeEncryptionKey } from './sessions/cipher';
import { productionProblems } from './production-checks';
import { extensionOrigins, parseServiceConfig, type RunMode, type ServiceConfig } from './service-config';

/**
 * The backend's configuration: read once from the environment at start-up, validated with zod,
 * then passed around as a frozen object. Every problem is reported with the variable at fault
 * and what to change; secrets are never echoed back.
 */

/** Default FranceConnect client registered in the embedded simulator (fixed values, see README). */
export const DEFAULT_FC_CLIENT_ID = '3f1d5e0a7c2b49e8a6d4c1b0f9e87d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6';
export const DEFAULT_FC_CLIENT_SECRET = '9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3';
export const DEFAULT_FC_ISSUER = 'http://localhost:3100/api/v2';
/** The identité pivot plus the usage name and e-mail: what the extension shows and fills. */
export const DEFAULT_FC_SCOPES = [
  'openid',
  'given_name',
  'family_name',
  'preferred_username',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'email',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** PIVOT_ENV (default development); production refuses insecure settings at start-up. */
  env: RunMode;
  port: number;
  host: string;
  /** Public base URL of the backend, without trailing slash. */
  publicUrl: string;
  /** `${publicUrl}/auth/callback`: the redirect_uri registered at FranceConnect. */
  callbackUrl: string;
  /** `${publicUrl}/auth/logout/callback`: the post_logout_redirect_uri registered at FranceConnect. */
  logoutCallbackUrl: string;
  franceConnect: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    scopes: string[];
    /** Signing algorithm pinned for the ID token and the userinfo response. */
    signingAlg: 'ES256' | 'RS256';
    /** Time limit of each HTTP call to FranceConnect (FC_TIMEOUT_MS), ms. */
    timeoutMs: number;
  };
  /** Exact redirect URLs of the extension that /auth/login accepts. */
  extensionRedirectUrls: string[];
  session: {
    /** Key for the HMAC that turns handles, codes and states into store keys; undefined = random per process. */
    secret: string | undefined;
    idleTimeoutSeconds: number;
    maxAgeSeconds: number;
  };
  logLevel: LogLevel;
  /** The data sources (issue 6): base URLs, credentials, scopes, timeouts (backend/data/config.ts). */
  data: DataConfig;
  /** Present when REDIS_URL is set: states, handoff codes and sessions live in Redis, shared by every instance. */
  redis?: RedisConfig;
  /** Origins that get CORS headers (CORS_ORIGINS; default: the Chrome extension's, from its redirect URL). */
  cors: { origins: string[] };
  /** Largest request body accepted (JSON or urlencoded), bytes. */
  body: ServiceConfig['body'];
  /** Requests per window and client address under /auth and /api (0 = no limit). */
  rateLimit: ServiceConfig['rateLimit'];
  /** How long a stopping backend lets in-flight requests finish, ms. */
  shutdownTimeoutMs: number;
  /** Idle keep-alive connections stay open this long (KEEP_ALIVE_TIMEOUT_MS), ms. */
  keepAliveTimeoutMs: number;
  /** Express's `trust proxy` (TRUST_PROXY): which proxies may tell the client's address. */
  trustProxy: ServiceConfig['trustProxy'];
}

export interface RedisConfig {
  /** redis:// or rediss:// URL; may carry credentials (never logged). */
  url: string;
  /** Prepended to every key Pivot writes (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  /** AES-256-GCM key for values at rest (SESSION_ENCRYPTION_KEY, 32 bytes). */
  encryptionKey: Buffer;
  /** Upper bound of every Redis command (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'pivot:';
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1000;

export class ConfigError extends Error {
  constructor(
    readonly problems: { variable: string; message: string }[],
    heading = 'Invalid configuration',
  ) {
    super(
      `${heading}:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}\n` +
        'See "Configuration" in README.md.',
    );
    this.name = 'ConfigError';
  }
}

// REDIS_URL may carry a password (redis://:password@host).
const SECRET_VARIABLES = new Set(['FC_CLIENT_SECRET', 'SESSION_SECRET', 'SESSION_ENCRYPTION_KEY', 'REDIS_URL', ...DATA_SECRET_VARIABLES]);

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

function integer(name: string, min: number, max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+$/, `must be a whole number (${name})`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );
}

/** An absolute http(s) URL; plain http only on loopback. `what` names the thing in messages. */
function httpUrl(what: string) {
  return z.string().transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be an absolute URL (${what}), got "${raw}"` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got "${raw}"` });
      return z.NEVER;
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        message:
          `must use https: plain http is accepted only on loopback (localhost, 127.0.0.1, [::1]), ` +
          `got "${raw}"`,
      });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: `must not carry a query, fragment or credentials, got "${raw}"` });
      return z.NEVER;
    }
    return url.href;
  });
}

/** redis:// or rediss:// with a host; the URL is never quoted back (it may hold a password). */
const redisUrl = z.string().transform((raw, ctx) => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a Redis URL such as redis://127.0.0.1:6379 or rediss://user:password@redis.internal:6380/0' });
    return z.NEVER;
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    ctx.addIssue({ code: 'custom', message: 'must start with redis:// or rediss:// (TLS) and name a host, e.g. redis://127.0.0.1:6379' });
    return z.NEVER;
  }
  return raw.trim();
});

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

const schema = z
  .object({
    PORT: integer('PORT', 0, 65535),
    HOST: optionalString,
    PUBLIC_URL: z.preprocess(
      blankToUndefined,
      httpUrl('the backend as browsers reach it').transform(withoutTrailingSlash).optional(),
    ),
    FC_ISSUER: z.preprocess(
      blankToUndefined,
      httpUrl('the FranceConnect issuer').transform(withoutTrailingSlash).optional(),
    ),
    FC_CLIENT_ID: optionalString,
    FC_CLIENT_SECRET: z.preprocess(
      blankToUndefined,
      z.string().min(32, 'must be at least 32 characters (FranceConnect issues 64)').optional(),
    ),
    FC_SCOPES: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
        .pipe(
          z
            .array(z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'scopes are words separated by spaces'))
            .refine((scopes) => scopes.includes('openid'), 'must include "openid"'),
        )
        .optional(),
    ),
    FC_SIGNING_ALG: z.preprocess(
      blankToUndefined,
      z.enum(['ES256', 'RS256'], { message: 'must be ES256 or RS256' }).optional(),
    ),
    EXTENSION_REDIRECT_URLS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
        .pipe(z.array(httpUrl('an extension redirect URL')).min(1, 'must list at least one URL'))
        .optional(),
    ),
    SESSION_SECRET: z.preprocess(
      blankToUndefined,
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    ),
    SESSION_IDLE_TIMEOUT: integer('seconds', 60, 7 * 24 * 3600),
    REDIS_URL: z.preprocess(blankToUndefined, redisUrl.optional()),
    REDIS_KEY_PREFIX: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9:_.{}-]{1,64}$/, 'must be 1 to 64 letters, digits or : _ . - { } (e.g. "pivot:" or "pivot-staging:")')
        .optional(),
    ),
    SESSION_ENCRYPTION_KEY: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((raw, ctx) => {
          const key = decodeEncryptionKey(raw);
          if (!key) {
            ctx.addIssue({
              code: 'custom',
              message: 'must be 32 random bytes written as base64 (44 characters, e.g. `openssl rand -base64 32`) or hexadecimal (64 characters, `openssl rand -hex 32`)',
            });
            return z.NEVER;
          }
          return key;
        })
        .optional(),
    ),
    REDIS_COMMAND_TIMEOUT_MS: integer('milliseconds', 50, 60_000),
    SESSION_MAX_AGE: integer('seconds', 60, 30 * 24 * 3600),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.toLowerCase()) : v),
      z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    ),
  })
  .superRefine((env, ctx) => {
    // Runs even when a field failed (zod 4): compare only numbers that parsed.
    const idle = env.SESSION_IDLE_TIMEOUT ?? 1800;
    const max = env.SESSION_MAX_AGE ?? 28800;
    if (typeof idle === 'number' && typeof max === 'number' && idle > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_MAX_AGE'],
        message: `must not be shorter than SESSION_IDLE_TIMEOUT (${idle} s), got ${max} s`,
      });
    }
    if (env.REDIS_URL !== undefined) {
      // Several instances share Redis: each must derive the same keys and open the same values.
      if (env.SESSION_ENCRYPTION_KEY === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['SESSION_ENCRYPTION_KEY'],
          message:
            'is required when REDIS_URL is set (sessions are encrypted in Redis): set the same 32-byte key on every instance, e.g. `openssl rand -base64 32`',
        });
      }
      if (env.SESSION_SECRET === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['SESSION_SECRET'],
          message:
            'is required when REDIS_URL is set: every instance must share the same secret (at least 32 characters, e.g. `openssl rand -base64 32`), or a session opened on one instance is unknown to the others',
        });
      }
    }
  });

/** Reads and validates the configuration. Throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const result = schema.safeParse(env);
  const issuer = (result.success ? result.data.FC_ISSUER : undefined) ?? DEFAULT_FC_ISSUER;
  const data = parseDataConfig(env, issuer);
  const service = parseServiceConfig(env);
  if (!result.success || !data.config || !service.config) {
    throw new ConfigError([
      ...(result.success ? [] : result.error.issues).map((issue) => {
        const variable = String(issue.path[0] ?? 'configuration');
        // zod's own messages may quote the received value: never for a secret.
        const message =
          SECRET_VARIABLES.has(variable) && issue.code !== 'custom' && issue.code !== 'too_small'
            ? 'is invalid'
            : issue.message;
        return { variable, message };
      }),
      ...data.problems,
      ...service.problems,
    ]);
  }
  const e = result.data;
  const s = service.config;
  const port = e.PORT ?? 3000;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${port}`;
  const extensionRedirectUrls = (e.EXTENSION_REDIRECT_URLS ?? defaultExtensionRedirectUrls()).map((u) => new URL(u).href);
  const config: Omit<Config, 'env'> = {
    port,
    host: e.HOST ?? '127.0.0.1',
    publicUrl,
    callbackUrl: joinUrl(publicUrl, '/auth/callback'),
    logoutCallbackUrl: joinUrl(publicUrl, '/auth/logout/callback'),
    franceConnect: Object.freeze({
      issuer: e.FC_ISSUER ?? DEFAULT_FC_ISSUER,
      clientId: e.FC_CLIENT_ID ?? DEFAULT_FC_CLIENT_ID,
      clientSecret: e.FC_CLIENT_SECRET ?? DEFAULT_FC_CLIENT_SECRET,
      scopes: e.FC_SCOPES ?? DEFAULT_FC_SCOPES,
      signingAlg: e.FC_SIGNING_ALG ?? 'ES256',
      timeoutMs: s.fcTimeoutMs,
    }),
    // Compared exactly (after URL normalisation) with the redirect_uri given to /auth/login.
    extensionRedirectUrls,
    session: Object.freeze({
      secret: e.SESSION_SECRET,
      idleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT ?? 1800,
      maxAgeSeconds: e.SESSION_MAX_AGE ?? 28800,
    }),
    logLevel: e.LOG_LEVEL ?? 'info',
    data: data.config,
    ...(e.REDIS_URL !== undefined && e.SESSION_ENCRYPTION_KEY !== undefined
      ? {
          redis: Object.freeze({
            url: e.REDIS_URL,
            keyPrefix: e.REDIS_KEY_PREFIX ?? DEFAULT_REDIS_KEY_PREFIX,
            encryptionKey: e.SESSION_ENCRYPTION_KEY,
            commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
          }),
        }
      : {}),
    cors: Object.freeze({ origins: s.cors.origins ?? extensionOrigins(extensionRedirectUrls) }),
    body: Object.freeze({ ...s.body }),
    rateLimit: Object.freeze({ ...s.rateLimit }),
    shutdownTimeoutMs: s.shutdownTimeoutMs,
    keepAliveTimeoutMs: s.keepAliveTimeoutMs,
    trustProxy: s.trustProxy,
  };
  if (s.env === 'production') {
    const problems = productionProblems(config);
    if (problems.length > 0) throw new ConfigError(problems, 'PIVOT_ENV=production refuses these settings');
  }
  return Object.freeze({ env: s.env, ...config });
}

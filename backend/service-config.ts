import { isIP } from 'node:net';
import { z } from 'zod';
import { isLoopbackHost } from './net';

/**
 * The settings that protect the running service rather than describe FranceConnect or the data
 * sources: run mode, CORS, body size, rate limits, outgoing and shutdown time limits, proxies.
 * Read with the rest of the configuration (backend/config.ts folds it in). Every default is
 * generous enough that real use never meets it; tests set low values.
 */

export type RunMode = 'development' | 'production';

export interface ServiceConfig {
  /** PIVOT_ENV: production refuses insecure settings at start-up (backend/production-checks.ts). */
  env: RunMode;
  /** Time limit of each call to FranceConnect (discovery, token, userinfo, revocation), ms. */
  fcTimeoutMs: number;
  cors: {
    /** Origins that get CORS headers; undefined = derived from the extension redirect URLs. */
    origins: string[] | undefined;
  };
  body: { limitBytes: number };
  rateLimit: {
    windowSeconds: number;
    /** Requests per window and client address under /auth; 0 = no limit. */
    auth: number;
    /** Requests per window and client address under /api; 0 = no limit. */
    api: number;
  };
  /** How long a stopping backend lets in-flight requests finish, ms. */
  shutdownTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, ms: above the load balancer's own idle timeout. */
  keepAliveTimeoutMs: number;
  /** Express's `trust proxy`: false, a number of hops, or addresses / subnets / loopback, linklocal, uniquelocal. */
  trustProxy: false | number | string[];
}

export const SERVICE_DEFAULTS = {
  fcTimeoutMs: 10_000,
  // The largest valid body (POST /auth/logout: a 2 kB redirect_uri and a 512-byte state) is below 3 kB.
  bodyLimitBytes: 8 * 1024,
  rateLimitWindowSeconds: 60,
  // Per client address and minute. A whole office behind one NAT address stays far below.
  rateLimitAuth: 300,
  rateLimitApi: 1200,
  shutdownTimeoutMs: 10_000,
  // Above the usual load balancers' idle timeout (60 s for AWS ALB, nginx upstream keepalive_timeout
  // 60 s): the balancer, not the backend, closes an idle connection, so it never sends on one the
  // backend has just closed (a 502).
  keepAliveTimeoutMs: 65_000,
} as const;

export interface Problem {
  variable: string;
  message: string;
}

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function whole(unit: string, min: number, max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+$/, `must be a whole number of ${unit}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );
}

const CHROME_ORIGIN = /^chrome-extension:\/\/[a-p]{32}$/;
const FIREFOX_ORIGIN = /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One origin: an extension's (chrome-extension://<id>, moz-extension://<uuid>) or a web origin (https, http on loopback). */
function parseOrigin(raw: string): string | undefined {
  const value = raw.trim().replace(/\/+$/, '');
  if (CHROME_ORIGIN.test(value) || FIREFOX_ORIGIN.test(value.toLowerCase())) return value.toLowerCase();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url.origin;
  return undefined;
}

const corsOrigins = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw, ctx) => {
      const words = raw.split(/[\s,]+/).filter(Boolean);
      if (words.length === 1 && words[0] === 'none') return [];
      const origins: string[] = [];
      for (const word of words) {
        const origin = parseOrigin(word);
        if (!origin) {
          ctx.addIssue({
            code: 'custom',
            message:
              `"${word}" is not an origin; use chrome-extension://<32-letter id>, moz-extension://<uuid>, ` +
              'https://host[:port], http://localhost[:port], or "none"',
          });
          return z.NEVER;
        }
        origins.push(origin);
      }
      return [...new Set(origins)];
    })
    .optional(),
);

const NAMED_PROXIES = ['loopback', 'linklocal', 'uniquelocal'];
/** Shortest TRUST_PROXY subnets accepted: 0.0.0.0/0 or ::/0 would let any client choose its address. */
const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 16;

const trustProxy = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .transform((raw, ctx): false | number | string[] => {
      if (raw === 'false' || raw === '0') return false;
      if (/^\d+$/.test(raw)) {
        const hops = Number(raw);
        if (hops > 10) {
          ctx.addIssue({ code: 'custom', message: 'must be at most 10 proxy hops' });
          return z.NEVER;
        }
        return hops;
      }
      const entries = raw.split(/[\s,]+/).filter(Boolean);
      for (const entry of entries) {
        const [address, bits, ...rest] = entry.split('/');
        const family = isIP(address ?? '');
        const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
        if (!NAMED_PROXIES.includes(entry) && (family === 0 || !validBits || rest.length > 0)) {
          ctx.addIssue({
            code: 'custom',
            message:
              `"${entry}" is not a proxy address; use a number of hops, addresses or subnets (10.0.0.0/8), ` +
              `or ${NAMED_PROXIES.join(', ')} ("true" is refused: anyone could choose their address)`,
          });
          return z.NEVER;
        }
        const minimum = family === 6 ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX;
        if (bits !== undefined && Number(bits) < minimum) {
          ctx.addIssue({
            code: 'custom',
            message:
              `"${entry}" trusts too much of the ${family === 6 ? 'IPv6' : 'IPv4'} Internet (a prefix shorter than /${minimum}): ` +
              'anyone in it could choose their address; name the load balancer’s own subnet (e.g. 10.0.0.0/8) or the number of proxy hops (1)',
          });
          return z.NEVER;
        }
      }
      return entries;
    })
    .optional(),
);

const schema = z.object({
  PIVOT_ENV: z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : v),
    z.enum(['development', 'production'], { message: 'must be development or production' }).optional(),
  ),
  FC_TIMEOUT_MS: whole('milliseconds', 50, 60_000),
  CORS_ORIGINS: corsOrigins,
  BODY_LIMIT_BYTES: whole('bytes', 256, 1024 * 1024),
  RATE_LIMIT_WINDOW_S: whole('seconds', 1, 24 * 3600),
  RATE_LIMIT_AUTH: whole('requests (0 = no limit)', 0, 1_000_000),
  RATE_LIMIT_API: whole('requests (0 = no limit)', 0, 1_000_000),
  SHUTDOWN_TIMEOUT_MS: whole('milliseconds', 0, 120_000),
  KEEP_ALIVE_TIMEOUT_MS: whole('milliseconds', 1000, 600_000),
  TRUST_PROXY: trustProxy,
});

export function parseServiceConfig(env: Record<string, string | undefined>): { config?: ServiceConfig; problems: Problem[] } {
  const result = schema.safeParse(env);
  if (!result.success) {
    return { problems: result.error.issues.map((i) => ({ variable: String(i.path[0] ?? 'configuration'), message: i.message })) };
  }
  const e = result.data;
  return {
    problems: [],
    config: {
      env: e.PIVOT_ENV ?? 'development',
      fcTimeoutMs: e.FC_TIMEOUT_MS ?? SERVICE_DEFAULTS.fcTimeoutMs,
      cors: { origins: e.CORS_ORIGINS },
      body: { limitBytes: e.BODY_LIMIT_BYTES ?? SERVICE_DEFAULTS.bodyLimitBytes },
      rateLimit: {
        windowSeconds: e.RATE_LIMIT_WINDOW_S ?? SERVICE_DEFAULTS.rateLimitWindowSeconds,
        auth: e.RATE_LIMIT_AUTH ?? SERVICE_DEFAULTS.rateLimitAuth,
        api: e.RATE_LIMIT_API ?? SERVICE_DEFAULTS.rateLimitApi,
      },
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? SERVICE_DEFAULTS.shutdownTimeoutMs,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS ?? SERVICE_DEFAULTS.keepAliveTimeoutMs,
      trustProxy: e.TRUST_PROXY ?? false,
    },
  };
}

/**
 * The origins of the extension, derived from its redirect URLs: Chrome's redirect
 * https://<id>.chromiumapp.org/ gives chrome-extension://<id>. Firefox's moz-extension:// origin
 * is a random UUID per installation and cannot be derived: list it in CORS_ORIGINS (Firefox
 * extensions with host permissions do not need CORS anyway).
 */
export function extensionOrigins(redirectUrls: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const raw of redirectUrls) {
    const match = /^https:\/\/([a-p]{32})\.chromiumapp\.org\//.exec(raw);
    if (match) origins.add(`chrome-extension://${match[1]}`);
  }
  return [...origins];
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { providerFaultsSchema, type ProviderFaults } from './providers/faults.js';

// Configuration of the simulator: the service providers (FS, "clients") and data providers (FD) it
// knows, validated once at start-up with messages that say what to change.

/** The Pivot backend, registered by default (CONTRACTS.md "Fixed values"; the backend declares the same). */
export const DEFAULT_CLIENT = {
  client_id: '3f1d5e0a7c2b49e8a6d4c1b0f9e87d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6',
  client_secret: '9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d6c5b4a3',
  name: 'Pivot',
  redirect_uris: ['http://localhost:3000/auth/callback'],
  post_logout_redirect_uris: ['http://localhost:3000/auth/logout/callback'],
} as const;

export const DEFAULT_PORT = 3100;
export const ISSUER_PATH = '/api/v2';

/** Fixed, public default: only makes `sub` stable across simulator restarts (this is not FranceConnect's secret). */
export const DEFAULT_SUB_SECRET = 'pivot-simulator-sub-secret-not-a-real-secret';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

const scopeName = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope name has no spaces or quotes');

export const simulatorClientSchema = z
  .strictObject({
    client_id: z.string().min(1, 'client_id must not be empty'),
    client_secret: z.string().min(32, 'client_secret must be at least 32 characters (FranceConnect issues 64)'),
    name: z.string().min(1, 'name is shown to the citizen ("Revenir sur <name>") and must not be empty'),
    redirect_uris: z.array(httpUrl).min(1, 'register at least one redirect URI'),
    post_logout_redirect_uris: z.array(httpUrl).default([]),
    /**
     * Scopes this service provider may request, besides openid. Default: every FranceConnect identity
     * scope and every data-provider scope the simulator knows.
     */
    scopes: z.array(scopeName).optional(),
    /** Service providers of one entity share the same `sub`; defaults to client_id. */
    entityId: z.string().min(1).optional(),
    id_token_signed_response_alg: z.enum(['ES256', 'RS256']).default('ES256'),
    /** Defaults to id_token_signed_response_alg. */
    userinfo_signed_response_alg: z.enum(['ES256', 'RS256']).optional(),
    /** Claims the service provider may request through the `claims` parameter (FranceConnect: amr). */
    claims: z.array(z.enum(['amr'])).default(['amr']),
    /** "private" service providers make the citizen tick a consent checkbox, "public" ones only inform. */
    type: z.enum(['public', 'private']).default('public'),
  })
  .superRefine((client, ctx) => {
    const hosts = new Set(client.redirect_uris.flatMap((u) => (URL.canParse(u) ? [new URL(u).host] : [])));
    if (hosts.size > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirect_uris'],
        message:
          'all redirect URIs of one client must share one host (FranceConnect computes a pairwise sub per sector and would need a sector_identifier_uri); register one client per host',
      });
    }
  });

export type SimulatorClient = z.input<typeof simulatorClientSchema>;
export type ResolvedClient = z.output<typeof simulatorClientSchema>;

const publicJwk = z
  .looseObject({
    kty: z.enum(['RSA', 'EC']),
    use: z.literal('enc', { error: 'data-provider keys must have use "enc"' }),
    alg: z.enum(['ECDH-ES', 'RSA-OAEP', 'RSA-OAEP-256']),
    kid: z.string().optional(),
  })
  .refine((k) => !('d' in k), 'publish only the public part of the data provider key (no "d")');

export const dataProviderSchema = z
  .strictObject({
    client_id: z.string().min(1),
    client_secret: z.string().min(32, 'client_secret must be at least 32 characters'),
    /** Shown on the consent page. */
    name: z.string().min(1).optional(),
    /** The scopes this data provider serves; /checktoken only reveals these. */
    scopes: z.array(scopeName).min(1, 'a data provider serves at least one scope'),
    jwks: z.object({ keys: z.array(publicJwk).min(1) }).optional(),
    jwks_uri: httpUrl.optional(),
    checktoken_signed_response_alg: z.enum(['ES256', 'RS256']).default('ES256'),
    checktoken_encrypted_response_alg: z.enum(['ECDH-ES', 'RSA-OAEP', 'RSA-OAEP-256']).default('RSA-OAEP-256'),
    checktoken_encrypted_response_enc: z.literal('A256GCM').default('A256GCM'),
  })
  .superRefine((dp, ctx) => {
    if (!dp.jwks === !dp.jwks_uri) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of jwks (public encryption keys) or jwks_uri' });
    }
    if (dp.jwks && !dp.jwks.keys.some((k) => k.alg === dp.checktoken_encrypted_response_alg)) {
      ctx.addIssue({
        code: 'custom',
        path: ['jwks'],
        message: `no key with use "enc" and alg "${dp.checktoken_encrypted_response_alg}" (checktoken_encrypted_response_alg)`,
      });
    }
  });

export type DataProviderRegistration = z.input<typeof dataProviderSchema>;
export type ResolvedDataProvider = z.output<typeof dataProviderSchema>;

const privateJwk = z.looseObject({
  kty: z.enum(['RSA', 'EC']),
  d: z.string({ error: 'signing keys must include their private part ("d")' }),
  kid: z.string().optional(),
  alg: z.enum(['ES256', 'RS256']).optional(),
});

export const signingKeysSchema = z
  .object({ keys: z.array(privateJwk) })
  .refine((jwks) => jwks.keys.some((k) => k.kty === 'EC') && jwks.keys.some((k) => k.kty === 'RSA'), {
    message: 'give one P-256 (ES256) and one RSA (RS256) private key',
  });

export type SigningKeys = z.infer<typeof signingKeysSchema>;

/** Formats zod issues as one line per problem: "clients.0.redirect_uris: …". */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return `- ${path || '(root)'}: ${i.message}`;
    })
    .join('\n');
}

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new SimulatorConfigError(`Invalid simulator configuration (${what}):\n${describeIssues(result.error, what)}`);
  }
  return result.data;
}

/** Environment variables read by `npm run start:simulator` (backend/simulator/server.ts). */
const envSchema = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_PUBLIC_URL: httpUrl.optional(),
  SIMULATOR_CLIENTS: z.string().optional(),
  SIMULATOR_DATA_PROVIDERS: z.string().optional(),
  SIMULATOR_JWKS: z.string().optional(),
  SIMULATOR_SUB_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  SIMULATOR_DEFAULT_CLIENT: z.enum(['on', 'off']).default('on'),
  SIMULATOR_PROVIDERS: z.enum(['on', 'off']).default('on'),
  SIMULATOR_PROVIDER_FAULTS: z.string().optional(),
});

/** A JSON value given inline, or the path of a JSON file (when the value does not start with "[" or "{"). */
function readJsonSetting(name: string, raw: string): unknown {
  const text = /^\s*[[{]/.test(raw) ? raw : readFileOrExplain(name, raw.trim());
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SimulatorConfigError(`${name}: not valid JSON (${(cause as Error).message})`);
  }
}

function readFileOrExplain(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new SimulatorConfigError(`${name}: "${path}" is neither inline JSON nor a readable JSON file`);
  }
}

export interface EnvOptions {
  port: number;
  host: string;
  publicUrl?: string;
  clients?: SimulatorClient[];
  dataProviders?: DataProviderRegistration[];
  signingKeys?: SigningKeys;
  subSecret?: string;
  includeDefaultClient: boolean;
  /** The simulated data providers (SIMULATOR_PROVIDERS, default on). */
  providers: boolean;
  /** SIMULATOR_PROVIDER_FAULTS: `{ "<source or provider id>": { "mode": …, "latencyMs": … } }`. */
  providerFaults?: ProviderFaults;
}

/** Reads the SIMULATOR_* environment variables (clear messages, nothing read twice). */
export function simulatorOptionsFromEnv(env: NodeJS.ProcessEnv): EnvOptions {
  const e = parseWith(envSchema, env, 'environment');
  return {
    port: e.SIMULATOR_PORT,
    host: e.SIMULATOR_HOST,
    publicUrl: e.SIMULATOR_PUBLIC_URL,
    clients: e.SIMULATOR_CLIENTS
      ? parseWith(z.array(simulatorClientSchema), readJsonSetting('SIMULATOR_CLIENTS', e.SIMULATOR_CLIENTS), 'SIMULATOR_CLIENTS')
      : undefined,
    dataProviders: e.SIMULATOR_DATA_PROVIDERS
      ? parseWith(
          z.array(dataProviderSchema),
          readJsonSetting('SIMULATOR_DATA_PROVIDERS', e.SIMULATOR_DATA_PROVIDERS),
          'SIMULATOR_DATA_PROVIDERS',
        )
      : undefined,
    signingKeys: e.SIMULATOR_JWKS
      ? parseWith(signingKeysSchema, readJsonSetting('SIMULATOR_JWKS', e.SIMULATOR_JWKS), 'SIMULATOR_JWKS')
      : undefined,
    subSecret: e.SIMULATOR_SUB_SECRET,
    includeDefaultClient: e.SIMULATOR_DEFAULT_CLIENT === 'on',
    providers: e.SIMULATOR_PROVIDERS === 'on',
    providerFaults: e.SIMULATOR_PROVIDER_FAULTS
      ? parseWith(providerFaultsSchema, readJsonSetting('SIMULATOR_PROVIDER_FAULTS', e.SIMULATOR_PROVIDER_FAULTS), 'SIMULATOR_PROVIDER_FAULTS')
      : undefined,
  };
}

import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  DEFAULT_CLIENT,
  SimulatorConfigError,
  dataProviderSchema,
  parseWith,
  simulatorClientSchema,
  type DataProviderRegistration,
  type ResolvedDataProvider,
  type SimulatorClient,
} from './config.js';
import { ALL_DATA_PROVIDER_SCOPES, IDENTITY_SCOPES } from './scopes.js';

// The service providers (FS) and data providers (FD) the simulator knows, resolved once at start-up.

export interface RegisteredClient {
  client_id: string;
  client_secret: string;
  name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  /** Allowed scopes, openid included. */
  scopes: string[];
  entityId: string;
  id_token_signed_response_alg: 'ES256' | 'RS256';
  userinfo_signed_response_alg: 'ES256' | 'RS256';
  claims: string[];
  type: 'public' | 'private';
}

export interface ClientRegistry {
  get(clientId: string): RegisteredClient | undefined;
  all(): RegisteredClient[];
}

export interface DataProviderRegistry {
  /** The data provider with these credentials, or undefined (bad id or secret). */
  authenticate(clientId: string, clientSecret: string): ResolvedDataProvider | undefined;
  all(): ResolvedDataProvider[];
  /** Every scope served by a registered data provider. */
  scopes(): string[];
}

export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createClientRegistry(
  clients: readonly SimulatorClient[] = [],
  options: { includeDefaultClient?: boolean; dataProviderScopes?: readonly string[] } = {},
): ClientRegistry {
  const given = parseWith(z.array(simulatorClientSchema), clients, 'clients');
  const all = [
    ...(options.includeDefaultClient !== false && !given.some((c) => c.client_id === DEFAULT_CLIENT.client_id)
      ? [simulatorClientSchema.parse(structuredClone(DEFAULT_CLIENT))]
      : []),
    ...given,
  ];
  const byId = new Map<string, RegisteredClient>();
  const defaultScopes = [
    ...new Set([...Object.keys(IDENTITY_SCOPES), ...ALL_DATA_PROVIDER_SCOPES, ...(options.dataProviderScopes ?? [])]),
  ];
  for (const c of all) {
    if (byId.has(c.client_id)) throw new SimulatorConfigError(`Invalid simulator configuration: client_id "${c.client_id}" is registered twice`);
    byId.set(c.client_id, {
      client_id: c.client_id,
      client_secret: c.client_secret,
      name: c.name,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris,
      scopes: [...new Set(['openid', ...(c.scopes ?? defaultScopes)])],
      entityId: c.entityId ?? c.client_id,
      id_token_signed_response_alg: c.id_token_signed_response_alg,
      userinfo_signed_response_alg: c.userinfo_signed_response_alg ?? c.id_token_signed_response_alg,
      claims: c.claims,
      type: c.type,
    });
  }
  return { get: (id) => byId.get(id), all: () => [...byId.values()] };
}

export function createDataProviderRegistry(registrations: readonly DataProviderRegistration[] = []): DataProviderRegistry {
  const list = parseWith(z.array(dataProviderSchema), registrations, 'dataProviders');
  const ids = new Set<string>();
  for (const dp of list) {
    if (ids.has(dp.client_id)) throw new SimulatorConfigError(`Invalid simulator configuration: data provider "${dp.client_id}" is registered twice`);
    ids.add(dp.client_id);
  }
  return {
    authenticate(clientId, clientSecret) {
      const dp = list.find((d) => d.client_id === clientId);
      return dp && secretsEqual(dp.client_secret, clientSecret) ? dp : undefined;
    },
    all: () => [...list],
    scopes: () => [...new Set(list.flatMap((d) => d.scopes))],
  };
}

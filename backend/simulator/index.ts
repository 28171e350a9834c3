import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { z } from 'zod';
import { createSimulatorApp } from './app.js';
import { createCitizenDirectory } from './citizens/index.js';
import { createClock, type SimulatorClock } from './clock.js';
import {
  DEFAULT_PORT,
  DEFAULT_SUB_SECRET,
  ISSUER_PATH,
  parseWith,
  signingKeysSchema,
  SimulatorConfigError,
  type DataProviderRegistration,
  type SigningKeys,
  type SimulatorClient,
} from './config.js';
import { loadSigningKeys } from './keys.js';
import { createProvider, publicJwks } from './provider.js';
import {
  prepareSimulatedProviders,
  providerFaultsSchema,
  type FaultTarget,
  type PreparedProviders,
  type ProviderFault,
  type ProviderFaults,
  type ProviderInfo,
  type SimulatedProvidersOptions,
} from './providers/index.js';
import { createClientRegistry, createDataProviderRegistry, type RegisteredClient } from './registry.js';
import { knownScopes } from './scopes.js';

export type { SimulatorClient, DataProviderRegistration, SigningKeys } from './config.js';
export type { SimulatorClock } from './clock.js';
export type { RegisteredClient } from './registry.js';
export type { TokenIntrospection } from './checktoken.js';
export { DEFAULT_CLIENT, ISSUER_PATH, SimulatorConfigError } from './config.js';
export { FAULT_MODES, PROVIDER_IDS, SOURCE_IDS } from './providers/index.js';
export type {
  FaultMode,
  FaultTarget,
  ProviderFault,
  ProviderFaults,
  ProviderId,
  ProviderInfo,
  SimulatedProvidersOptions,
  SourceId,
} from './providers/index.js';

export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 3100. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Public URL of the simulator; the issuer is `${publicUrl}/api/v2`. Default http://localhost:<port>. */
  publicUrl?: string;
  /** Service providers, registered in addition to the Pivot backend's default client. */
  clients?: SimulatorClient[];
  /** Register the Pivot backend's default client (CONTRACTS.md). Default true. */
  includeDefaultClient?: boolean;
  /** Data providers allowed to call /checktoken. */
  dataProviders?: DataProviderRegistration[];
  /** Private signing keys (one EC P-256, one RSA); generated at start when absent. */
  signingKeys?: SigningKeys;
  /** Secret mixed into every `sub`; a fixed public default keeps subs stable across restarts. */
  subSecret?: string;
  /** Base time source in ms (default Date.now); the returned `advanceTime` moves the simulator forward from it. */
  now?: () => number;
  /** fetch used to read data providers' jwks_uri (tests may inject one). */
  fetch?: typeof fetch;
  /**
   * The twelve simulated data providers of the "API FranceConnectées", served under /providers/ and
   * registered as data providers. Default true; false leaves them out; an object configures them.
   */
  providers?: boolean | SimulatedProvidersOptions;
  /** Faults of the simulated providers at start (per source id or provider id); see setProviderFault. */
  providerFaults?: ProviderFaults;
}

export interface TestAccount {
  /** Stable id of the citizen (key of data-provider fixtures). */
  id: string;
  login: string;
  password: string;
  about: string;
}

export interface RunningSimulator {
  /** Public base URL, e.g. http://localhost:3100. */
  url: string;
  /** Issuer, e.g. http://localhost:3100/api/v2. */
  issuer: string;
  port: number;
  /** Public signing keys (what {issuer}/jwks serves). */
  jwks: { keys: JWK[] };
  clients: RegisteredClient[];
  testAccounts: TestAccount[];
  /** Test hook: the simulator clock (expiry of codes, tokens, interactions and sessions). */
  clock: SimulatorClock;
  /** Test hook: moves simulated time forward, e.g. advanceTime(31) to expire an authorization code. */
  advanceTime(seconds: number): void;
  /** The simulated data providers and their base URLs (empty when `providers: false`). */
  providers: ProviderInfo[];
  /** Test hook: makes a source or a provider slow, down or answer garbage; null clears it. */
  setProviderFault(target: FaultTarget, fault: ProviderFault | null): void;
  /** Test hook: clears every provider fault. */
  resetProviderFaults(): void;
  close(): Promise<void>;
}

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  publicUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).optional(),
  subSecret: z.string().min(16, 'use at least 16 characters').optional(),
});

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Where the simulator can reach itself: its listening address (a wildcard address means loopback). */
function selfOrigin(host: string, port: number): string {
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Starts the FranceConnect v2 simulator (and, by default, the simulated data providers) on its own HTTP server. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  parseWith(optionsSchema, { port: options.port, host: options.host, publicUrl: options.publicUrl, subSecret: options.subSecret }, 'options');
  const providerFaults = parseWith(providerFaultsSchema, options.providerFaults ?? {}, 'providerFaults');
  let simulated: PreparedProviders | undefined;
  try {
    simulated =
      options.providers === false
        ? undefined
        : await prepareSimulatedProviders(options.providers === true || options.providers === undefined ? {} : options.providers, providerFaults);
  } catch (error) {
    throw new SimulatorConfigError((error as Error).message);
  }
  const dataProviders = createDataProviderRegistry([...(simulated?.registrations ?? []), ...(options.dataProviders ?? [])]);
  const clients = createClientRegistry(options.clients, {
    includeDefaultClient: options.includeDefaultClient,
    dataProviderScopes: dataProviders.scopes(),
  });
  const signingKeys = options.signingKeys ? parseWith(signingKeysSchema, options.signingKeys, 'signingKeys') : undefined;
  const keys = await loadSigningKeys(signingKeys);
  const citizens = createCitizenDirectory();
  const clock = createClock(options.now);
  const subSecret = options.subSecret ?? DEFAULT_SUB_SECRET;

  // The issuer needs the port, known once listening: listen first, attach the application after.
  const server = createServer();
  await listen(server, options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  const url = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const issuer = `${url}${ISSUER_PATH}`;

  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });

  try {
    const provider = createProvider({
      issuer,
      clients,
      citizens,
      keys,
      clock,
      subSecret,
      scopes: knownScopes(dataProviders.scopes()),
      cookieKeys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
    });
    const providersRouter = simulated?.mount({
      publicUrl: url,
      issuer,
      internalIssuer: `${selfOrigin(options.host ?? '127.0.0.1', port)}${ISSUER_PATH}`,
      clock,
      citizens,
    });
    const app = createSimulatorApp({
      provider,
      issuer,
      clients,
      dataProviders,
      citizens,
      keys,
      subSecret,
      fetch: options.fetch,
      providers: providersRouter,
      providerInfo: simulated?.describe(url) ?? [],
    });
    server.on('request', app);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    url,
    issuer,
    port,
    jwks: publicJwks(keys),
    clients: clients.all(),
    testAccounts: citizens.all().map(({ id, login, password, about }) => ({ id, login, password, about })),
    clock,
    advanceTime: (seconds) => clock.advance(seconds),
    providers: simulated?.describe(url) ?? [],
    setProviderFault(target, fault) {
      if (!simulated) throw new Error('the simulated data providers are off (providers: false)');
      simulated.faults.set(target, fault);
    },
    resetProviderFaults: () => simulated?.faults.reset(),
    close,
  };
}

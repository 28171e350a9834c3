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
  type DataProviderRegistration,
  type SigningKeys,
  type SimulatorClient,
} from './config.js';
import { loadSigningKeys } from './keys.js';
import { createProvider, publicJwks } from './provider.js';
import { createClientRegistry, createDataProviderRegistry, type RegisteredClient } from './registry.js';
import { knownScopes } from './scopes.js';

export type { SimulatorClient, DataProviderRegistration, SigningKeys } from './config.js';
export type { SimulatorClock } from './clock.js';
export type { RegisteredClient } from './registry.js';
export type { TokenIntrospection } from './checktoken.js';
export { DEFAULT_CLIENT, ISSUER_PATH, SimulatorConfigError } from './config.js';

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

/** Starts the FranceConnect v2 simulator on its own HTTP server. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  parseWith(optionsSchema, { port: options.port, host: options.host, publicUrl: options.publicUrl, subSecret: options.subSecret }, 'options');
  const dataProviders = createDataProviderRegistry(options.dataProviders);
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
    const app = createSimulatorApp({ provider, issuer, clients, dataProviders, citizens, keys, subSecret, fetch: options.fetch });
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
    close,
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../backend/app';
import type { OnAuthenticated } from '../../backend/auth/routes';
import type { Clock } from '../../backend/clock';
import { type Config, DEFAULT_FC_CLIENT_ID, DEFAULT_FC_CLIENT_SECRET, DEFAULT_FC_SCOPES, loadConfig } from '../../backend/config';
import { MemoryStore } from '../../backend/sessions/memory';
import type { Store } from '../../backend/sessions/store';
import { RecordingLogger } from './recording-logger';

/**
 * The backend on an ephemeral loopback port, against a given OpenID provider (the embedded
 * simulator via startStack, or a hostile provider), with its clock, store and logger in the
 * test's hands.
 */

export interface BackendOptions {
  clock?: Clock;
  store?: Store;
  /** Environment variables, as the backend would read them (PORT, PUBLIC_URL, FC_ISSUER are set here). */
  env?: Record<string, string>;
  onAuthenticated?: OnAuthenticated;
  fetch?: typeof fetch;
}

export interface RunningTestBackend {
  url: string;
  config: Readonly<Config>;
  logs: RecordingLogger;
  store: Store;
  close(): Promise<void>;
}

/** Listens first (to know the port, hence the callback URL), then builds the app for that URL. */
export async function reserveServer(): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startBackend(issuer: string, options: BackendOptions = {}, reserved?: { server: Server; url: string }): Promise<RunningTestBackend> {
  const { server, url } = reserved ?? (await reserveServer());
  const config = loadConfig({ PUBLIC_URL: url, FC_ISSUER: issuer, ...options.env });
  const logs = new RecordingLogger();
  const store = options.store ?? new MemoryStore(options.clock ? { clock: options.clock } : {});
  const app = createApp({
    config,
    store,
    logger: logs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.onAuthenticated ? { onAuthenticated: options.onAuthenticated } : {}),
  });
  server.on('request', app);
  return {
    url,
    config,
    logs,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

/** The FranceConnect client the backend uses by default (CONTRACTS fixed values). */
export const TEST_CLIENT = {
  client_id: DEFAULT_FC_CLIENT_ID,
  client_secret: DEFAULT_FC_CLIENT_SECRET,
  scopes: DEFAULT_FC_SCOPES,
};

export interface Stack extends RunningTestBackend {
  /** The OpenID provider's issuer (the simulator's). */
  issuer: string;
  /** Its base URL. */
  providerUrl: string;
}

/**
 * Simulator + backend on ephemeral loopback ports, the simulator registering the backend's
 * callback and post-logout URLs for the default client.
 * TEMPORARY: until backend/simulator lands, the provider is the hostile provider in faithful mode.
 */
export async function startStack(options: BackendOptions = {}): Promise<Stack> {
  const { startHostileProvider } = await import('./hostile-provider');
  const reserved = await reserveServer();
  const provider = await startHostileProvider({ clientId: TEST_CLIENT.client_id, clientSecret: TEST_CLIENT.client_secret });
  const backend = await startBackend(provider.issuer, options, reserved);
  return {
    ...backend,
    issuer: provider.issuer,
    providerUrl: new URL(provider.issuer).origin,
    async close() {
      await backend.close();
      await provider.close();
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppDeps, createApp } from '../../backend/app';
import type { OnAuthenticated } from '../../backend/auth/routes';
import type { Clock } from '../../backend/clock';
import { type Config, DEFAULT_FC_CLIENT_ID, DEFAULT_FC_CLIENT_SECRET, DEFAULT_FC_SCOPES, loadConfig } from '../../backend/config';
import { hardenServer } from '../../backend/http/node-server';
import type { Logger } from '../../backend/log';
import { MemoryStore } from '../../backend/sessions/memory';
import type { Store } from '../../backend/sessions/store';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../backend/simulator/index';
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
  /** The backend's logger (e.g. a real pino logger writing to memory); default: `logs`, a RecordingLogger. */
  logger?: Logger;
  readiness?: AppDeps['readiness'];
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
  hardenServer(server, new RecordingLogger());
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
    logger: options.logger ?? logs,
    ...(options.readiness ? { readiness: options.readiness } : {}),
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
  /** The simulator's issuer. */
  issuer: string;
  /** The simulator's base URL. */
  providerUrl: string;
  simulator: RunningSimulator;
}

export interface StackOptions extends BackendOptions {
  /** Options for the simulator (port and clients are set here). */
  simulator?: Omit<SimulatorOptions, 'port' | 'clients' | 'includeDefaultClient'>;
}

/**
 * Simulator + backend on ephemeral loopback ports: the backend's port is taken first, so the
 * simulator can register its callback and post-logout URLs for the default FranceConnect client.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const reserved = await reserveServer();
  const simulator = await startSimulator({
    ...options.simulator,
    port: 0,
    includeDefaultClient: false,
    clients: [
      {
        client_id: TEST_CLIENT.client_id,
        client_secret: TEST_CLIENT.client_secret,
        name: 'Pivot',
        redirect_uris: [`${reserved.url}/auth/callback`],
        post_logout_redirect_uris: [`${reserved.url}/auth/logout/callback`],
      },
    ],
  });
  try {
    const backend = await startBackend(simulator.issuer, options, reserved);
    return {
      ...backend,
      issuer: simulator.issuer,
      providerUrl: simulator.url,
      simulator,
      async close() {
        await backend.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    reserved.server.close();
    throw error;
  }
}

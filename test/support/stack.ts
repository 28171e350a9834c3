import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { type AppDeps, createApp } from '../../backend/app';
import type { OnAuthenticated } from '../../backend/auth/routes';
import type { Clock } from '../../backend/clock';
import { type Config, DEFAULT_FC_CLIENT_ID, DEFAULT_FC_CLIENT_SECRET, DEFAULT_FC_SCOPES, loadConfig } from '../../backend/config';
import { hardenServer } from '../../backend/http/node-server';
import type { Logger } from '../../backend/log';
import { createStore } from '../../backend/sessions/create-store';
import { createRedisClient, waitForRedis } from '../../backend/sessions/redis-client';
import type { Store } from '../../backend/sessions/store';
import { systemClock } from '../../backend/clock';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../backend/simulator/index';
import { RoundRobinBalancer } from './balancer';
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
  /**
   * An ioredis client for the store (the test closes it). Without it, an env with REDIS_URL gets a
   * client of the backend's own, closed with the backend, like backend/listen.ts does.
   */
  redis?: Redis;
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
  let ownRedis: Redis | undefined;
  if (!options.store && !options.redis && config.redis) {
    ownRedis = createRedisClient(config.redis, logs);
    if (!(await waitForRedis(ownRedis, 10_000))) {
      ownRedis.disconnect();
      reserved?.server.close();
      throw new Error('Redis (REDIS_URL) is not reachable from the test backend');
    }
  }
  const redis = options.redis ?? ownRedis;
  const store = options.store ?? createStore({ config, redis, clock: options.clock ?? systemClock, logger: logs });
  const app = createApp({
    config,
    store,
    logger: options.logger ?? logs,
    ...(redis ? { redis } : {}),
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
      ownRedis?.disconnect();
    },
  };
}

/** The FranceConnect client the backend uses by default (CONTRACTS fixed values). */
export const TEST_CLIENT = {
  client_id: DEFAULT_FC_CLIENT_ID,
  client_secret: DEFAULT_FC_CLIENT_SECRET,
  scopes: DEFAULT_FC_SCOPES,
};

/** The test backend as the simulator registers it: its callback and post-logout URLs under `publicUrl`. */
export function pivotClientAt(publicUrl: string, name = 'Pivot') {
  return {
    client_id: TEST_CLIENT.client_id,
    client_secret: TEST_CLIENT.client_secret,
    name,
    redirect_uris: [`${publicUrl}/auth/callback`],
    post_logout_redirect_uris: [`${publicUrl}/auth/logout/callback`],
  };
}

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
      pivotClientAt(reserved.url),
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

export interface ClusterOptions extends StackOptions {
  /** How many backend instances (default 2), all with the same options and env (a shared REDIS_URL). */
  instances?: number;
  /**
   * Puts a round-robin load balancer in front (no stickiness: each request to the next instance)
   * and makes its URL every instance's PUBLIC_URL, as in a deployment. Default: none; every
   * instance then has the first instance's URL as PUBLIC_URL (one callback URL registered at
   * FranceConnect, as in a deployment), so a login started on any instance comes back to the first.
   */
  balancer?: boolean;
}

export interface Cluster {
  issuer: string;
  providerUrl: string;
  simulator: RunningSimulator;
  backends: RunningTestBackend[];
  /** The load balancer, when asked for. */
  balancer?: RoundRobinBalancer;
  close(): Promise<void>;
}

/**
 * Simulator + N backend instances on ephemeral loopback ports (issue 7: several stateless
 * instances sharing sessions in Redis: pass REDIS_URL and friends in `env`, see test/support/redis.ts).
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 2;
  const reserved = await Promise.all(Array.from({ length: count }, () => reserveServer()));
  const balancer = options.balancer ? await RoundRobinBalancer.start(reserved.map((r) => r.url)) : undefined;
  const publicUrl = balancer ? balancer.url : reserved[0]!.url;
  const simulator = await startSimulator({
    ...options.simulator,
    port: 0,
    includeDefaultClient: false,
    clients: [
      pivotClientAt(publicUrl),
    ],
  });
  const backends: RunningTestBackend[] = [];
  try {
    for (const r of reserved) {
      const env = { ...options.env, PUBLIC_URL: publicUrl };
      backends.push(await startBackend(simulator.issuer, { ...options, env }, r));
    }
  } catch (error) {
    await Promise.allSettled(backends.map((b) => b.close()));
    for (const r of reserved.slice(backends.length)) r.server.close();
    await balancer?.close();
    await simulator.close();
    throw error;
  }
  const closed = new Set<RunningTestBackend>();
  return {
    issuer: simulator.issuer,
    providerUrl: simulator.url,
    simulator,
    backends: backends.map((b) => ({
      ...b,
      async close() {
        if (closed.has(b)) return;
        closed.add(b);
        await b.close();
      },
    })),
    ...(balancer ? { balancer } : {}),
    async close() {
      await balancer?.close();
      await Promise.allSettled(backends.filter((b) => !closed.has(b)).map((b) => b.close()));
      await simulator.close();
    },
  };
}

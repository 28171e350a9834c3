import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app';
import { createFranceConnectClient, type FranceConnectClient } from './auth/franceconnect';
import { drainable, hardenServer } from './http/node-server';
import { type Logger } from './log';
import { MemoryStore } from './sessions/memory';

export interface RunningBackend {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  port: number;
  /** The FranceConnect client: `ready()` resolves once its discovery is loaded. */
  franceConnect: FranceConnectClient;
  /**
   * Stops gracefully: no new connection, the requests in flight finish (cut after
   * SHUTDOWN_TIMEOUT_MS), then the store is closed.
   */
  close(): Promise<void>;
}

/**
 * Builds the app and listens. FranceConnect's discovery is loaded in the background: the backend
 * starts (and says so) even when FranceConnect is down, retries with backoff, and any login
 * attempt in between retries too.
 */
export async function startBackend(deps: AppDeps & { logger: Logger }): Promise<RunningBackend> {
  const { config, logger } = deps;
  const store = deps.store ?? new MemoryStore(deps.clock ? { clock: deps.clock } : {});
  const franceConnect =
    deps.franceConnect ?? createFranceConnectClient({ config, logger, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  const app = createApp({ ...deps, store, franceConnect });

  const server = createServer(app);
  hardenServer(server, logger);
  const drain = drainable(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const warmUp = (delayS: number) => {
    franceConnect.ready().catch(() => {
      if (closed) return;
      logger.warn(
        { event: 'discovery_retry', issuer: config.franceConnect.issuer, inSeconds: delayS },
        `FranceConnect (${config.franceConnect.issuer}) is unreachable; logins will fail until it answers. Next try in ${delayS} s.`,
      );
      retry = setTimeout(() => warmUp(Math.min(delayS * 2, 60)), delayS * 1000);
      retry.unref();
    });
  };
  warmUp(1);

  return {
    url: `http://${host}:${port}`,
    port,
    franceConnect,
    async close() {
      closed = true;
      clearTimeout(retry);
      logger.info({ event: 'stopping', timeoutMs: config.shutdownTimeoutMs }, 'stopping: letting the requests in flight finish');
      const outcome = await drain.drain(config.shutdownTimeoutMs);
      if (outcome === 'cut') logger.warn({ event: 'stop_cut' }, 'requests still in flight after SHUTDOWN_TIMEOUT_MS were cut');
      await store.close();
      logger.info({ event: 'stopped' }, 'stopped');
    },
  };
}

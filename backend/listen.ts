import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app';
import { createFranceConnectClient, type FranceConnectClient } from './auth/franceconnect';
import { type Logger } from './log';
import { MemoryStore } from './sessions/memory';

export interface RunningBackend {
  /** Where it listens, e.g. http://127.0.0.1:3000. */
  url: string;
  port: number;
  /** The FranceConnect client: `ready()` resolves once its discovery is loaded. */
  franceConnect: FranceConnectClient;
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
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

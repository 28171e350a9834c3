/**
 * `npm run start:backend`: the backend alone, against whatever FC_ISSUER names (the embedded
 * simulator started separately, another simulator, FranceConnect's integration platform).
 */
import { ConfigError, loadConfig } from './config';
import { startBackend } from './listen';
import { createLogger } from './log';
import { productionWarnings } from './production-checks';
import { describeRedis } from './sessions/redis-client';

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.session.secret) {
    logger.warn({ event: 'config' }, 'SESSION_SECRET is not set: using a random one; sessions end when the process stops.');
  }
  for (const warning of productionWarnings(config, process.env)) logger.warn({ event: 'config' }, warning);
  const backend = await startBackend({ config, logger });
  const sessions = config.redis ? `in Redis (${describeRedis(config.redis.url)}, key prefix ${config.redis.keyPrefix})` : 'in memory';
  logger.info(
    { event: 'listening', url: backend.url, publicUrl: config.publicUrl, issuer: config.franceConnect.issuer, sessionStore: backend.sessionStore },
    `Pivot backend listening on ${backend.url} (public URL ${config.publicUrl}), FranceConnect issuer ${config.franceConnect.issuer}, sessions ${sessions}`,
  );
  // SIGTERM (an orchestrator) or SIGINT (Ctrl+C): stop accepting, let the requests in flight
  // finish (at most SHUTDOWN_TIMEOUT_MS), then exit 0. A second signal exits at once.
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ event: 'signal', signal }, `${signal} received`);
    process.once(signal, () => process.exit(1));
    backend.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ event: 'stop_failed', cause: err instanceof Error ? err.message.slice(0, 200) : typeof err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

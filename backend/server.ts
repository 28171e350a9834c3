/**
 * `npm run start:backend`: the backend alone, against whatever FC_ISSUER names (the embedded
 * simulator started separately, another simulator, FranceConnect's integration platform).
 */
import { ConfigError, loadConfig } from './config';
import { startBackend } from './listen';
import { createLogger } from './log';

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.session.secret) {
    logger.warn({ event: 'config' }, 'SESSION_SECRET is not set: using a random one; sessions end when the process stops.');
  }
  const backend = await startBackend({ config, logger });
  logger.info(
    { event: 'listening', url: backend.url, publicUrl: config.publicUrl, issuer: config.franceConnect.issuer },
    `Pivot backend listening on ${backend.url} (public URL ${config.publicUrl}), FranceConnect issuer ${config.franceConnect.issuer}`,
  );
  const stop = () => {
    void backend.close().then(() => process.exit(0));
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

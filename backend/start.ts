/**
 * `npm start`: the embedded FranceConnect simulator and the backend together, then a plain-words
 * summary of where everything is, which test accounts to use and how to load the extension.
 * (`npm start` has already built the extension: see package.json.)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, DEFAULT_FC_ISSUER, loadConfig } from './config';
import { startBackend } from './listen';
import { createLogger } from './log';
import { describeRedis } from './sessions/redis-client';
import { simulatorOptionsFromEnv } from './simulator/config';
import { SimulatorConfigError, startSimulator } from './simulator/index';

async function main(): Promise<void> {
  const config = loadConfig();
  const simulatorEnv = simulatorOptionsFromEnv(process.env);
  const logger = createLogger(config.logLevel, { pretty: process.stdout.isTTY === true });

  // The simulator registers this backend's own callback URLs, whatever PORT / PUBLIC_URL say.
  const simulator = await startSimulator({
    port: simulatorEnv.port,
    host: simulatorEnv.host,
    ...(simulatorEnv.publicUrl ? { publicUrl: simulatorEnv.publicUrl } : {}),
    ...(simulatorEnv.dataProviders ? { dataProviders: simulatorEnv.dataProviders } : {}),
    ...(simulatorEnv.signingKeys ? { signingKeys: simulatorEnv.signingKeys } : {}),
    ...(simulatorEnv.subSecret ? { subSecret: simulatorEnv.subSecret } : {}),
    providers: simulatorEnv.providers,
    ...(simulatorEnv.providerFaults ? { providerFaults: simulatorEnv.providerFaults } : {}),
    includeDefaultClient: false,
    clients: [
      ...(simulatorEnv.clients ?? []).filter((c) => c.client_id !== config.franceConnect.clientId),
      {
        client_id: config.franceConnect.clientId,
        client_secret: config.franceConnect.clientSecret,
        name: 'Pivot',
        redirect_uris: [config.callbackUrl],
        post_logout_redirect_uris: [config.logoutCallbackUrl],
        id_token_signed_response_alg: config.franceConnect.signingAlg,
      },
    ],
  });

  const explicitIssuer = process.env.FC_ISSUER?.trim();
  if (explicitIssuer && explicitIssuer.replace(/\/+$/, '') !== simulator.issuer && explicitIssuer !== DEFAULT_FC_ISSUER) {
    console.warn(`FC_ISSUER=${explicitIssuer} is ignored by npm start, which uses the embedded simulator.`);
    console.warn('To use another FranceConnect, run `npm run start:backend` instead.');
  }
  const backendConfig = Object.freeze({ ...config, franceConnect: Object.freeze({ ...config.franceConnect, issuer: simulator.issuer }) });
  const backend = await startBackend({ config: backendConfig, logger });
  // The simulator is up, so its discovery loads at once: only then is Pivot ready for a login.
  await backend.franceConnect.ready();

  // The backend drains its requests in flight first (SHUTDOWN_TIMEOUT_MS), then the simulator stops.
  const stop = () => {
    void backend
      .close()
      .catch(() => {})
      .then(() => simulator.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const chrome = resolve('.output/chrome-mv3');
  const lines = [
    '',
    'Pivot is running.',
    '',
    `  Backend (the FranceConnect client):  ${config.publicUrl}   (listening on ${backend.url}, health: ${config.publicUrl}/health)`,
    `  FranceConnect simulator:             ${simulator.url}   (issuer ${simulator.issuer})`,
    `  Sessions:                            ${config.redis ? `Redis ${describeRedis(config.redis.url)} (key prefix ${config.redis.keyPrefix}, encrypted)` : 'in memory (this process only; set REDIS_URL to share them)'}`,
    `  Data sources fetched at login:       ${config.data.offered.length} offered, ${config.data.defaults.length} asked for by default` +
      (simulator.providers.length > 0 ? `; simulated providers under ${simulator.url}/providers/` : '; no simulated provider (SIMULATOR_PROVIDERS=off)'),
    '',
    'Test accounts on the simulator: pick any identity provider, then log in with one of these (password 123 for all):',
    ...simulator.testAccounts.map((a) => `  ${a.login.padEnd(32)} ${a.about}`),
    '',
    'Load the extension:',
    `  Chrome / Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked" and choose`,
    `                     ${chrome}${existsSync(chrome) ? '' : '   (missing: run `npm run build` first)'}`,
    '  Firefox:           run `npm run build:firefox`, open about:debugging#/runtime/this-firefox,',
    `                     click "Load Temporary Add-on…" and choose ${resolve('.output/firefox-mv2/manifest.json')}`,
    '  Then open the Pivot extension and log in with FranceConnect.',
    '',
    `Ready in ${(performance.now() / 1000).toFixed(1)} s. Press Ctrl+C to stop.`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SimulatorConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port is already in use (${(error as Error).message}). Stop the other process or set PORT / SIMULATOR_PORT.`);
  } else {
    console.error(`Pivot could not start: ${(error as Error).message ?? String(error)}`);
  }
  process.exit(1);
});

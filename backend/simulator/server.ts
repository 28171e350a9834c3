import { SimulatorConfigError, startSimulator } from './index.js';
import { simulatorOptionsFromEnv } from './config.js';

// `npm run start:simulator`: the FranceConnect simulator alone, configured from SIMULATOR_* variables.

async function main(): Promise<void> {
  const env = simulatorOptionsFromEnv(process.env);
  const simulator = await startSimulator({
    port: env.port,
    host: env.host,
    publicUrl: env.publicUrl,
    clients: env.clients,
    includeDefaultClient: env.includeDefaultClient,
    dataProviders: env.dataProviders,
    signingKeys: env.signingKeys,
    subSecret: env.subSecret,
    providers: env.providers,
    providerFaults: env.providerFaults,
  });

  console.log(`FranceConnect simulator listening on ${simulator.url}`);
  console.log(`Issuer: ${simulator.issuer} (discovery: ${simulator.issuer}/.well-known/openid-configuration)`);
  console.log('Registered services:');
  for (const c of simulator.clients) console.log(`  - ${c.name}: client_id ${c.client_id}, redirect URIs ${c.redirect_uris.join(', ')}`);
  if (simulator.providers.length > 0) {
    console.log('Simulated data providers:');
    for (const p of simulator.providers) console.log(`  - ${p.baseUrl.padEnd(52)} ${p.sources.join(', ')}`);
    if (env.providerFaults && Object.keys(env.providerFaults).length > 0) {
      console.log(`  faults: ${JSON.stringify(env.providerFaults)}`);
    }
  }
  console.log('Test accounts (password 123 for all):');
  for (const a of simulator.testAccounts) console.log(`  - ${a.login.padEnd(20)} ${a.about}`);

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof SimulatorConfigError) {
    console.error(error.message);
  } else {
    console.error(`The simulator could not start: ${(error as Error).message ?? String(error)}`);
  }
  process.exit(1);
});

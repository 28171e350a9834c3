import type { Config } from './config';
import { DEFAULT_FC_CLIENT_ID, DEFAULT_FC_CLIENT_SECRET } from './config';
import { BASE_URL_VARIABLES, resolveProviders, SIMULATOR_CREDENTIALS } from './data/config';
import { SOURCES } from './data/sources/index';
import type { ProviderId } from './data/types';
import { isLoopbackHost } from './net';
import type { Problem } from './service-config';

/**
 * With PIVOT_ENV=production, the backend refuses to start on a setting that is only fit for a
 * developer's machine: the simulator's public client or credentials, plain HTTP, a random
 * per-process session secret (sessions in Redis
 * without encryption are refused in every mode, by loadConfig). Each problem names the
 * variable and what to set instead; no value is ever echoed.
 */
export function productionProblems(config: Omit<Config, 'env'>): Problem[] {
  const problems: Problem[] = [];
  const fc = config.franceConnect;

  if (fc.clientId === DEFAULT_FC_CLIENT_ID) {
    problems.push({
      variable: 'FC_CLIENT_ID',
      message: 'is the simulator’s public client id; set the client id FranceConnect’s partner portal gave this service',
    });
  }
  if (fc.clientSecret === DEFAULT_FC_CLIENT_SECRET) {
    problems.push({
      variable: 'FC_CLIENT_SECRET',
      message: 'is the simulator’s public secret; set the client secret FranceConnect’s partner portal gave this service',
    });
  }
  if (!fc.issuer.startsWith('https:')) {
    problems.push({
      variable: 'FC_ISSUER',
      message: 'must be an https URL in production (e.g. https://oidc.franceconnect.gouv.fr/api/v2), not the local simulator',
    });
  }
  if (!config.publicUrl.startsWith('https:')) {
    problems.push({
      variable: 'PUBLIC_URL',
      message: 'must be the https URL citizens’ browsers reach this backend at (plain http is refused in production)',
    });
  }
  if (!config.session.secret) {
    problems.push({
      variable: 'SESSION_SECRET',
      message: 'must be set in production (at least 32 random characters, e.g. `openssl rand -base64 32`)',
    });
  }
  // REDIS_URL without SESSION_ENCRYPTION_KEY (or SESSION_SECRET) is refused in every mode by loadConfig.
  if (config.redis && config.redis.url.startsWith('redis:') && !isLoopbackHost(hostOf(config.redis.url))) {
    problems.push({
      variable: 'REDIS_URL',
      message:
        'uses plain redis:// to another machine: the Redis password and the (encrypted) sessions would cross the network in clear; ' +
        'use rediss:// (TLS), or a Redis on this machine (127.0.0.1)',
    });
  }
  const httpOrigins = config.cors.origins.filter((origin) => origin.startsWith('http:'));
  if (httpOrigins.length > 0) {
    problems.push({
      variable: 'CORS_ORIGINS',
      message:
        'lists a plain-http origin (a local test page); in production list only the extension’s origins ' +
        '(chrome-extension://<id>, moz-extension://<uuid>) or https origins',
    });
  }
  if (config.extensionRedirectUrls.some((url) => url.startsWith('http:'))) {
    problems.push({
      variable: 'EXTENSION_REDIRECT_URLS',
      message:
        'lists a plain-http (loopback) redirect URL, fit only for tests; in production list only the extension’s https redirect URLs ' +
        '(https://<id>.chromiumapp.org/, https://<hash>.extensions.allizom.org/), or leave it unset for the defaults',
    });
  }
  problems.push(...dataProblems(config));
  return problems;
}

/**
 * Settings production accepts but that are likely a mistake: logged at start-up (warn), not refused.
 * TRUST_PROXY unset: behind a load balancer every request then comes from the balancer's address,
 * so all citizens share one rate-limit budget. `TRUST_PROXY=0` (or `false`) says "no proxy" and
 * silences it.
 */
export function productionWarnings(config: Pick<Config, 'env'>, env: Record<string, string | undefined>): string[] {
  if (config.env !== 'production') return [];
  const warnings: string[] = [];
  if ((env.TRUST_PROXY ?? '').trim() === '') {
    warnings.push(
      'TRUST_PROXY is not set: behind a load balancer or reverse proxy every request has the proxy’s address, so every client ' +
        'shares one rate-limit budget. Set TRUST_PROXY to the number of proxy hops (1) or the proxies’ addresses (e.g. 10.0.0.0/8); ' +
        'TRUST_PROXY=0 if clients reach this instance directly.',
    );
  }
  return warnings;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Offered data sources must reach their real provider over https, with credentials of their own. */
function dataProblems(config: Omit<Config, 'env'>): Problem[] {
  const problems: Problem[] = [];
  const providers = new Set<ProviderId>(config.data.offered.map((id) => SOURCES[id].provider));
  const resolved = resolveProviders(config.data, config.franceConnect.issuer);
  const credentials = config.data.credentials;
  const simulatorValues: Record<ProviderId, { variable: string; same: boolean }[]> = {
    dgfip: [
      { variable: 'DGFIP_CLIENT_ID', same: credentials.dgfip.clientId === SIMULATOR_CREDENTIALS.dgfipClientId },
      { variable: 'DGFIP_CLIENT_SECRET', same: credentials.dgfip.clientSecret === SIMULATOR_CREDENTIALS.dgfipClientSecret },
    ],
    cnam: [{ variable: 'CNAM_API_KEY', same: credentials.cnam.apiKey === SIMULATOR_CREDENTIALS.cnamApiKey }],
    api_particulier: config.data.offered.includes('men_scolarite')
      ? [{ variable: 'API_PARTICULIER_TOKEN', same: credentials.apiParticulier.token === SIMULATOR_CREDENTIALS.apiParticulierToken }]
      : [],
    france_travail: [],
    famille_nombreuse: [],
  };
  for (const provider of providers) {
    if (!resolved[provider].baseUrl.startsWith('https:')) {
      problems.push({
        variable: BASE_URL_VARIABLES[provider],
        message: 'must be the provider’s https URL in production (or leave its sources out of DATA_SOURCES)',
      });
    }
    if (provider === 'dgfip' && !resolved.dgfip.tokenUrl.startsWith('https:')) {
      problems.push({ variable: 'DGFIP_TOKEN_URL', message: 'must be DGFiP’s https token URL in production' });
    }
    for (const { variable, same } of simulatorValues[provider]) {
      if (same) {
        problems.push({
          variable,
          message: 'is the simulator’s public value; set the credential the provider gave this service (or leave its sources out of DATA_SOURCES)',
        });
      }
    }
  }
  return problems;
}

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FC_CLIENT_ID, DEFAULT_FC_CLIENT_SECRET, loadConfig } from '../../../backend/config';
import { SIMULATOR_CREDENTIALS } from '../../../backend/data/config';
import { productionWarnings } from '../../../backend/production-checks';

/** PIVOT_ENV=production refuses, at start-up, every setting only fit for a developer's machine. */

const SECRET = 'c'.repeat(64);
const SESSION_SECRET = 's'.repeat(40);

/** A production configuration that starts: real FranceConnect, https everywhere, secrets set, no data source. */
const PRODUCTION: Record<string, string> = {
  PIVOT_ENV: 'production',
  PUBLIC_URL: 'https://pivot.example.org',
  FC_ISSUER: 'https://oidc.franceconnect.gouv.fr/api/v2',
  FC_CLIENT_ID: 'a'.repeat(64),
  FC_CLIENT_SECRET: SECRET,
  SESSION_SECRET,
  DATA_SOURCES: 'none',
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('production mode', () => {
  it('starts with real settings', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.data.offered).toEqual([]);
  });

  it('is off by default: the simulator defaults keep working in development', () => {
    expect(loadConfig({}).env).toBe('development');
    expect(loadConfig({ PIVOT_ENV: 'development' }).env).toBe('development');
  });

  it('refuses an unknown mode', () => {
    expect(refusal({ PIVOT_ENV: 'prod' }).message).toMatch(/PIVOT_ENV: must be development or production/);
  });

  it.each([
    ['the simulator’s client id', { FC_CLIENT_ID: DEFAULT_FC_CLIENT_ID }, 'FC_CLIENT_ID', /simulator’s public client id/],
    ['no client id (the simulator’s default)', { FC_CLIENT_ID: '' }, 'FC_CLIENT_ID', /partner portal/],
    ['the simulator’s client secret', { FC_CLIENT_SECRET: DEFAULT_FC_CLIENT_SECRET }, 'FC_CLIENT_SECRET', /simulator’s public secret/],
    ['no client secret', { FC_CLIENT_SECRET: '' }, 'FC_CLIENT_SECRET', /partner portal/],
    ['a plain-HTTP issuer, even on loopback', { FC_ISSUER: 'http://localhost:3100/api/v2' }, 'FC_ISSUER', /must be an https URL in production/],
    ['a plain-HTTP public URL, even on loopback', { PUBLIC_URL: 'http://localhost:3000' }, 'PUBLIC_URL', /must be the https URL/],
    ['no session secret', { SESSION_SECRET: '' }, 'SESSION_SECRET', /must be set in production/],
  ])('refuses %s', (_label, change, variable, message) => {
    const error = refusal({ ...PRODUCTION, ...change });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toMatch(/PIVOT_ENV=production refuses these settings/);
    expect(error.message).toMatch(message);
  });

  it('refuses Redis without an encryption key, as in every mode', () => {
    expect(() => loadConfig({ ...PRODUCTION, REDIS_URL: 'rediss://redis.internal:6379' })).toThrow(/SESSION_ENCRYPTION_KEY: is required when REDIS_URL is set/);
  });

  it('accepts Redis with an encryption key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ...PRODUCTION, REDIS_URL: 'rediss://redis.internal:6379', SESSION_ENCRYPTION_KEY: key }).env).toBe('production');
  });

  const KEY = Buffer.alloc(32, 7).toString('base64');

  it.each([
    ['plain redis:// to another machine', { REDIS_URL: 'redis://:pw@redis.internal:6379', SESSION_ENCRYPTION_KEY: KEY }, 'REDIS_URL', /use rediss:\/\/ \(TLS\)/],
    ['an http origin in CORS_ORIGINS', { CORS_ORIGINS: 'chrome-extension://ochfhobachhmhddggbhbnbbihocibgpc,http://localhost:5173' }, 'CORS_ORIGINS', /only the extension’s origins/],
    ['an http loopback extension redirect URL', { EXTENSION_REDIRECT_URLS: 'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/,http://127.0.0.1:4000/cb' }, 'EXTENSION_REDIRECT_URLS', /only the extension’s https redirect URLs/],
  ])('refuses %s, saying what to use instead', (_label, change, variable, message) => {
    const error = refusal({ ...PRODUCTION, ...change });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(':pw@');
  });

  it('accepts plain redis:// to a Redis on this machine', () => {
    expect(loadConfig({ ...PRODUCTION, REDIS_URL: 'redis://127.0.0.1:6379', SESSION_ENCRYPTION_KEY: KEY }).env).toBe('production');
  });

  const DGFIP = {
    DATA_SOURCES: 'impot_particulier',
    DGFIP_BASE_URL: 'https://gw.dgfip.finances.gouv.fr',
    DGFIP_CLIENT_ID: 'pivot-prod',
    DGFIP_CLIENT_SECRET: 'd'.repeat(48),
  };

  it('accepts a data source on its real provider with its own credentials', () => {
    expect(loadConfig({ ...PRODUCTION, ...DGFIP }).data.offered).toEqual(['impot_particulier']);
  });

  it.each([
    ['the simulator’s DGFiP client id', { DGFIP_CLIENT_ID: SIMULATOR_CREDENTIALS.dgfipClientId }, 'DGFIP_CLIENT_ID'],
    ['the simulator’s DGFiP secret', { DGFIP_CLIENT_SECRET: SIMULATOR_CREDENTIALS.dgfipClientSecret }, 'DGFIP_CLIENT_SECRET'],
    ['a plain-HTTP DGFiP token URL', { DGFIP_TOKEN_URL: 'http://127.0.0.1:9000/token' }, 'DGFIP_TOKEN_URL'],
  ])('refuses %s for an offered source', (_label, change, variable) => {
    const error = refusal({ ...PRODUCTION, ...DGFIP, ...change });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
  });

  it('refuses the simulator’s CNAM key and a provider on plain HTTP', () => {
    const error = refusal({
      ...PRODUCTION,
      DATA_SOURCES: 'cnam_droits,france_travail_statut',
      CNAM_BASE_URL: 'https://api.ameli.fr',
      CNAM_API_KEY: SIMULATOR_CREDENTIALS.cnamApiKey,
      FRANCE_TRAVAIL_BASE_URL: 'http://127.0.0.1:8080',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['CNAM_API_KEY', 'FRANCE_TRAVAIL_BASE_URL']);
    expect(error.message).toMatch(/FRANCE_TRAVAIL_BASE_URL: must be the provider’s https URL in production/);
  });

  it('lists every problem at once and never echoes a secret', () => {
    const error = refusal({ PIVOT_ENV: 'production', FC_CLIENT_SECRET: DEFAULT_FC_CLIENT_SECRET, DATA_SOURCES: 'none' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['FC_CLIENT_ID', 'FC_CLIENT_SECRET', 'FC_ISSUER', 'PUBLIC_URL', 'SESSION_SECRET']);
    expect(error.message).not.toContain(DEFAULT_FC_CLIENT_SECRET);
    expect(error.message).not.toContain(DEFAULT_FC_CLIENT_ID);
  });
});

describe('production start-up warnings', () => {
  it('warn when TRUST_PROXY is unset: behind a balancer every client would share one rate-limit budget', () => {
    const warnings = productionWarnings(loadConfig(PRODUCTION), PRODUCTION);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TRUST_PROXY is not set/);
    expect(warnings[0]).toMatch(/one rate-limit budget/);
  });

  it.each(['1', '10.0.0.0/8', '0'])('say nothing once TRUST_PROXY is set (%s)', (value) => {
    const env = { ...PRODUCTION, TRUST_PROXY: value };
    expect(productionWarnings(loadConfig(env), env)).toEqual([]);
  });

  it('say nothing in development', () => {
    expect(productionWarnings(loadConfig({}), {})).toEqual([]);
  });
});

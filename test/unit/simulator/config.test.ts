// @vitest-environment node
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT, SimulatorConfigError, simulatorOptionsFromEnv } from '../../../backend/simulator/config.js';
import { createClientRegistry, createDataProviderRegistry } from '../../../backend/simulator/registry.js';

const client = {
  client_id: 'my-service',
  client_secret: 'my-service-secret-0123456789abcdef0123456789',
  name: 'Mon service',
  redirect_uris: ['https://service.example.org/callback'],
};

const dataProvider = {
  client_id: 'my-fd',
  client_secret: 'my-fd-secret-0123456789abcdef0123456789abc',
  scopes: ['dgfip_rfr'],
  jwks: { keys: [{ kty: 'RSA' as const, use: 'enc' as const, alg: 'RSA-OAEP-256' as const, n: 'x', e: 'AQAB' }] },
};

describe('client registry', () => {
  it('registers the Pivot backend by default, with every identity and data-provider scope', () => {
    const registry = createClientRegistry([client]);
    const pivot = registry.get(DEFAULT_CLIENT.client_id);
    expect(pivot).toMatchObject({
      redirect_uris: ['http://localhost:3000/auth/callback'],
      post_logout_redirect_uris: ['http://localhost:3000/auth/logout/callback'],
      entityId: DEFAULT_CLIENT.client_id,
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'ES256',
    });
    expect(pivot?.scopes).toEqual(expect.arrayContaining(['openid', 'identite_pivot', 'email', 'dgfip_rfr', 'cnous_statut_boursier']));
    expect(registry.get('my-service')?.name).toBe('Mon service');
  });

  it('can leave the default client out', () => {
    expect(createClientRegistry([client], { includeDefaultClient: false }).all().map((c) => c.client_id)).toEqual(['my-service']);
  });

  it('always allows openid', () => {
    expect(createClientRegistry([{ ...client, scopes: ['email'] }]).get('my-service')?.scopes).toEqual(['openid', 'email']);
  });

  it.each([
    ['a short secret', { client_secret: 'short' }, /clients\.0\.client_secret: client_secret must be at least 32 characters/],
    ['a relative redirect URI', { redirect_uris: ['/callback'] }, /clients\.0\.redirect_uris\.0: must be an absolute http\(s\) URL/],
    ['no redirect URI', { redirect_uris: [] }, /register at least one redirect URI/],
    [
      'redirect URIs on two hosts',
      { redirect_uris: ['https://a.example.org/cb', 'https://b.example.org/cb'] },
      /share one host/,
    ],
    ['an unknown setting', { token_endpoint_auth_method: 'client_secret_basic' }, /Unrecognized key/],
    ['an unsupported signing alg', { id_token_signed_response_alg: 'HS256' }, /id_token_signed_response_alg/],
  ])('refuses %s with a message naming the setting', (_label, change, message) => {
    expect(() => createClientRegistry([{ ...client, ...change } as never])).toThrow(SimulatorConfigError);
    expect(() => createClientRegistry([{ ...client, ...change } as never])).toThrow(message);
  });

  it('refuses a client registered twice', () => {
    expect(() => createClientRegistry([client, client])).toThrow(/registered twice/);
  });
});

describe('data provider registry', () => {
  it('authenticates a data provider with its exact secret only', () => {
    const registry = createDataProviderRegistry([dataProvider]);
    expect(registry.authenticate('my-fd', dataProvider.client_secret)?.client_id).toBe('my-fd');
    expect(registry.authenticate('my-fd', `${dataProvider.client_secret}x`)).toBeUndefined();
    expect(registry.authenticate('other', dataProvider.client_secret)).toBeUndefined();
    expect(registry.scopes()).toEqual(['dgfip_rfr']);
  });

  it.each([
    ['both jwks and jwks_uri', { jwks_uri: 'https://fd.example.org/jwks' }, /exactly one of jwks/],
    ['neither jwks nor jwks_uri', { jwks: undefined }, /exactly one of jwks/],
    ['no key for the registered alg', { checktoken_encrypted_response_alg: 'ECDH-ES' }, /no key with use "enc" and alg "ECDH-ES"/],
    ['a private key', { jwks: { keys: [{ ...dataProvider.jwks.keys[0], d: 'secret' }] } }, /only the public part/],
    ['a signing key', { jwks: { keys: [{ ...dataProvider.jwks.keys[0], use: 'sig' }] } }, /use "enc"/],
    ['no scope', { scopes: [] }, /at least one scope/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => createDataProviderRegistry([{ ...dataProvider, ...change } as never])).toThrow(message);
  });
});

describe('environment (npm run start:simulator)', () => {
  it('has defaults matching CONTRACTS.md', () => {
    expect(simulatorOptionsFromEnv({})).toEqual({
      port: 3100,
      host: '127.0.0.1',
      publicUrl: undefined,
      clients: undefined,
      dataProviders: undefined,
      signingKeys: undefined,
      subSecret: undefined,
      includeDefaultClient: true,
      providers: true,
      providerFaults: undefined,
    });
  });

  it('reads SIMULATOR_CLIENTS inline or from a file', () => {
    const inline = simulatorOptionsFromEnv({ SIMULATOR_CLIENTS: JSON.stringify([client]) });
    expect(inline.clients?.[0]?.client_id).toBe('my-service');
    const dir = mkdtempSync(join(tmpdir(), 'simulator-config-'));
    const file = join(dir, 'clients.json');
    writeFileSync(file, JSON.stringify([client]));
    expect(simulatorOptionsFromEnv({ SIMULATOR_CLIENTS: file, SIMULATOR_DEFAULT_CLIENT: 'off' })).toMatchObject({
      clients: [{ client_id: 'my-service' }],
      includeDefaultClient: false,
    });
  });

  it.each([
    ['a port out of range', { SIMULATOR_PORT: '70000' }, /SIMULATOR_PORT/],
    ['a public URL that is not a URL', { SIMULATOR_PUBLIC_URL: 'localhost:3100' }, /SIMULATOR_PUBLIC_URL: must be an absolute http\(s\) URL/],
    ['clients that are not JSON', { SIMULATOR_CLIENTS: '[{' }, /SIMULATOR_CLIENTS: not valid JSON/],
    ['a clients file that does not exist', { SIMULATOR_CLIENTS: '/nonexistent/clients.json' }, /neither inline JSON nor a readable JSON file/],
    ['an invalid client', { SIMULATOR_CLIENTS: JSON.stringify([{ ...client, name: '' }]) }, /SIMULATOR_CLIENTS\.0\.name/],
    ['signing keys without private part', { SIMULATOR_JWKS: JSON.stringify({ keys: [{ kty: 'EC' }] }) }, /SIMULATOR_JWKS/],
    ['SIMULATOR_DEFAULT_CLIENT neither on nor off', { SIMULATOR_DEFAULT_CLIENT: 'yes' }, /SIMULATOR_DEFAULT_CLIENT/],
  ])('explains %s', (_label, env, message) => {
    expect(() => simulatorOptionsFromEnv(env)).toThrow(message);
  });
});

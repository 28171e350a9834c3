import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  compactDecrypt,
  compactVerify,
  createRemoteJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type DataProviderRegistration, type RunningSimulator } from '../../../backend/simulator/index.js';
import { Browser, PIVOT, POST_LOGOUT_URI, SUB_FORMAT, exchangeCode, formsOf, loginAndGetCode, verifyJwt } from './support.js';

// A small test data provider (FD): RSA-OAEP-256 encryption key given inline, ES256 signature; and a
// second one publishing an ECDH-ES key at a jwks_uri, asking for RS256 signatures.

interface TestDataProvider {
  registration: DataProviderRegistration;
  privateKey: CryptoKey;
}

async function rsaProvider(): Promise<TestDataProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), use: 'enc', alg: 'RSA-OAEP-256', kid: 'fd-rsa' };
  return {
    privateKey,
    registration: {
      client_id: 'fd-impots-test',
      client_secret: 'fd-impots-test-secret-0123456789abcdef0123',
      name: 'Fournisseur de données de test (impôts)',
      scopes: ['dgfip_rfr', 'dgfip_nbpart', 'dgfip_aft'],
      jwks: { keys: [jwk as never] },
      checktoken_signed_response_alg: 'ES256',
      checktoken_encrypted_response_alg: 'RSA-OAEP-256',
      checktoken_encrypted_response_enc: 'A256GCM',
    },
  };
}

let sim: RunningSimulator;
let rsa: TestDataProvider;
let ec: TestDataProvider;
let jwksServer: Server;

beforeAll(async () => {
  rsa = await rsaProvider();
  const ecPair = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true });
  const ecJwk = { ...(await exportJWK(ecPair.publicKey)), use: 'enc', alg: 'ECDH-ES', kid: 'fd-ec' };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    // A signing key first: the simulator must pick the "enc" key for the registered alg.
    res.end(JSON.stringify({ keys: [{ ...ecJwk, use: 'sig', kid: 'not-this-one' }, ecJwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
  ec = {
    privateKey: ecPair.privateKey,
    registration: {
      client_id: 'fd-cnous-test',
      client_secret: 'fd-cnous-test-secret-0123456789abcdef01234',
      scopes: ['cnous_statut_boursier', 'dgfip_rfr'],
      jwks_uri: jwksUri,
      checktoken_signed_response_alg: 'RS256',
      checktoken_encrypted_response_alg: 'ECDH-ES',
      checktoken_encrypted_response_enc: 'A256GCM',
    },
  };
  sim = await startSimulator({ port: 0, dataProviders: [rsa.registration, ec.registration] });
});

afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => jwksServer.close(resolve));
});

const SCOPE = 'openid identite_pivot email dgfip_rfr dgfip_nbpart cnous_statut_boursier';

async function accessTokenFor(login = 'test', scope = SCOPE, browser = new Browser()) {
  const { code } = await loginAndGetCode(sim, { scope }, { login }, browser);
  const tokens = await exchangeCode(sim, code);
  return { ...tokens, browser };
}

function checktoken(form: Record<string, string>, init: RequestInit = {}) {
  return fetch(`${sim.issuer}/checktoken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
    ...init,
  });
}

function credentials(dp: TestDataProvider) {
  return { client_id: dp.registration.client_id, client_secret: dp.registration.client_secret };
}

/** Decrypts the JWE with the FD's private key, verifies the JWS with the simulator's JWKS. */
async function open(body: string, dp: TestDataProvider) {
  const jweHeader = decodeProtectedHeader(body);
  const { plaintext } = await compactDecrypt(body, dp.privateKey);
  const jws = new TextDecoder().decode(plaintext);
  const jwsHeader = decodeProtectedHeader(jws);
  const { payload } = await compactVerify(jws, createRemoteJWKSet(new URL(`${sim.issuer}/jwks`)), {
    algorithms: [dp.registration.checktoken_signed_response_alg ?? 'ES256'],
  });
  const claims = JSON.parse(new TextDecoder().decode(payload)) as {
    token_introspection: Record<string, unknown>;
    iss: string;
    aud: string;
    iat: number;
  };
  return { jweHeader, jwsHeader, claims, introspection: claims.token_introspection };
}

async function introspect(token: string, dp: TestDataProvider = rsa) {
  const response = await checktoken({ token, ...credentials(dp) });
  expect(response.status).toBe(200);
  return open(await response.text(), dp);
}

describe('/checktoken for data providers', () => {
  it('answers a JWE(JWS) token_introspection for a valid access token', async () => {
    const { access_token, id_token } = await accessTokenFor();
    const response = await checktoken({ token: access_token, ...credentials(rsa) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/token-introspection\+jwt/);
    expect(response.headers.get('set-cookie')).toBeNull();
    const { jweHeader, jwsHeader, claims, introspection } = await open(await response.text(), rsa);

    expect(jweHeader).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM' });
    expect(jwsHeader).toEqual({ alg: 'ES256', kid: sim.jwks.keys.find((k) => k.alg === 'ES256')?.kid });
    expect(Object.keys(claims).sort()).toEqual(['aud', 'iat', 'iss', 'token_introspection']);
    expect(claims.iss).toBe(sim.issuer);
    expect(claims.aud).toBe(rsa.registration.client_id);

    const spSub = (await verifyJwt(sim, id_token, 'ES256')).payload.sub;
    expect(introspection).toMatchObject({
      active: true,
      aud: PIVOT.client_id,
      acr: 'eidas1',
      scope: 'dgfip_rfr dgfip_nbpart',
      given_name: 'Angela Claire Louise',
      given_name_array: ['Angela', 'Claire', 'Louise'],
      family_name: 'DUBOIS',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
    });
    expect(Object.keys(introspection).sort()).toEqual(
      [
        'active', 'aud', 'sub', 'iat', 'exp', 'acr', 'jti', 'scope',
        'given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry',
      ].sort(),
    );
    expect(introspection.sub).toMatch(SUB_FORMAT);
    expect(introspection.sub).not.toBe(spSub);
    expect((introspection.exp as number) - (introspection.iat as number)).toBe(60);
  });

  it('gives each data provider its own, stable sub and its own scopes', async () => {
    const first = await accessTokenFor();
    const second = await accessTokenFor();
    const a1 = (await introspect(first.access_token, rsa)).introspection;
    const a2 = (await introspect(second.access_token, rsa)).introspection;
    const b1 = (await introspect(first.access_token, ec)).introspection;
    expect(a2.sub).toBe(a1.sub);
    expect(b1.sub).not.toBe(a1.sub);
    expect(b1.scope).toBe('dgfip_rfr cnous_statut_boursier');
  });

  it('encrypts with ECDH-ES to a key read from jwks_uri and signs RS256 when registered so', async () => {
    const { access_token } = await accessTokenFor();
    const { jweHeader, jwsHeader, introspection } = await introspect(access_token, ec);
    expect(Object.keys(jweHeader).sort()).toEqual(['alg', 'enc', 'epk']);
    expect(jweHeader).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM' });
    expect(jwsHeader).toEqual({ alg: 'RS256', kid: sim.jwks.keys.find((k) => k.alg === 'RS256')?.kid });
    expect(introspection.active).toBe(true);
  });

  it('reveals an empty scope when the token holds none of the data provider’s scopes', async () => {
    const { access_token } = await accessTokenFor('test', 'openid identite_pivot');
    expect((await introspect(access_token)).introspection.scope).toBe('');
  });

  it('releases the RNIPP identity (birthplace "" when born abroad, completed birthdate)', async () => {
    const { access_token } = await accessTokenFor('presume_ne');
    expect((await introspect(access_token)).introspection).toMatchObject({
      birthdate: '1986-01-01',
      birthplace: '',
      birthcountry: '99212',
    });
  });

  it('answers { active: false } for an unknown token', async () => {
    expect((await introspect('this-token-was-never-issued-by-the-simulator-at-all')).introspection).toEqual({ active: false });
  });

  it('answers { active: false } for a revoked token', async () => {
    const { access_token } = await accessTokenFor();
    const revoked = await fetch(`${sim.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: access_token, client_id: PIVOT.client_id, client_secret: PIVOT.client_secret }),
    });
    expect(revoked.status).toBe(200);
    expect((await introspect(access_token)).introspection).toEqual({ active: false });
  });

  it('answers { active: false } once the citizen has logged out of FranceConnect', async () => {
    const { access_token, id_token, browser } = await accessTokenFor();
    const page = await browser.get(
      `${sim.issuer}/session/end?${new URLSearchParams({ id_token_hint: id_token, state: 'x', post_logout_redirect_uri: POST_LOGOUT_URI })}`,
    );
    const [form] = formsOf(await page.text(), page.url);
    await browser.post(form?.action ?? '', form?.fields ?? {});
    expect((await introspect(access_token)).introspection).toEqual({ active: false });
  });

  it('answers { active: false } for an expired token (after 60 s)', async () => {
    const local = await startSimulator({ port: 0, dataProviders: [rsa.registration] });
    try {
      const { code } = await loginAndGetCode(local, { scope: SCOPE });
      const { access_token } = await exchangeCode(local, code);
      local.advanceTime(61);
      const response = await fetch(`${local.issuer}/checktoken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: access_token, ...credentials(rsa) }),
      });
      expect(response.status).toBe(200);
      const { plaintext } = await compactDecrypt(await response.text(), rsa.privateKey);
      const { payload } = await compactVerify(new TextDecoder().decode(plaintext), createRemoteJWKSet(new URL(`${local.issuer}/jwks`)));
      expect(JSON.parse(new TextDecoder().decode(payload)).token_introspection).toEqual({ active: false });
    } finally {
      await local.close();
    }
  });

  it.each([
    ['a wrong client_secret', { client_secret: 'x'.repeat(40) }],
    ['an unknown client_id', { client_id: 'invalidclientid' }],
    ['a service provider’s credentials', { client_id: PIVOT.client_id, client_secret: PIVOT.client_secret }],
  ])('refuses %s with 401 invalid_client', async (_label, change) => {
    const { access_token } = await accessTokenFor();
    const response = await checktoken({ token: access_token, ...credentials(rsa), ...change });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
  });

  it.each([
    ['no token', { token: undefined }],
    ['no client_id', { client_id: undefined }],
    ['no client_secret', { client_secret: undefined }],
    ['an extra field', { token_type_hint: 'access_token' }],
  ])('refuses a request with %s with 400 invalid_request', async (_label, change) => {
    const form = Object.fromEntries(
      Object.entries({ token: 'some-token', ...credentials(rsa), ...change }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const response = await checktoken(form);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'Required parameter missing or invalid.' });
  });

  it('refuses a JSON body (the v2 checktoken is a form)', async () => {
    const response = await checktoken({}, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x', ...credentials(rsa) }),
    });
    expect(response.status).toBe(400);
  });
});

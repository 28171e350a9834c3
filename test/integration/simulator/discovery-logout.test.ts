import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import {
  Browser,
  OTHER_CLIENT,
  PIVOT,
  POST_LOGOUT_URI,
  REDIRECT_URI,
  authorizeUrl,
  exchangeCode,
  formsOf,
  loginAndGetCode,
  random,
  textOf,
  userinfo,
} from './support.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clients: [OTHER_CLIENT] });
});
afterAll(async () => {
  await sim.close();
});

describe('discovery', () => {
  it('publishes FranceConnect low’s configuration', async () => {
    const response = await fetch(`${sim.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    expect(response.headers.get('set-cookie')).toBeNull();
    const d = (await response.json()) as Record<string, unknown>;
    expect(d).toMatchObject({
      issuer: sim.issuer,
      authorization_endpoint: `${sim.issuer}/authorize`,
      token_endpoint: `${sim.issuer}/token`,
      userinfo_endpoint: `${sim.issuer}/userinfo`,
      end_session_endpoint: `${sim.issuer}/session/end`,
      revocation_endpoint: `${sim.issuer}/token/revocation`,
      jwks_uri: `${sim.issuer}/jwks`,
      acr_values_supported: ['eidas1'],
      subject_types_supported: ['pairwise'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      claims_parameter_supported: true,
      request_parameter_supported: true,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    expect(d.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'preferred_username', 'idp_birthdate', 'identite_pivot', 'birth']));
    expect(d.scopes_supported).not.toContain('offline_access');
    expect(d.scopes_supported).not.toContain('address');
    expect(d.scopes_supported).not.toContain('phone');
    expect(d.claims_supported).toEqual(expect.arrayContaining(['sub', 'given_name', 'given_name_array', 'amr', 'acr']));
    expect([...(d.id_token_signing_alg_values_supported as string[])].sort()).toEqual(['ES256', 'HS256', 'RS256']);
    expect([...(d.userinfo_signing_alg_values_supported as string[])].sort()).toEqual(['ES256', 'HS256', 'RS256']);
    expect(Object.keys(d).filter((k) => k.includes('encryption'))).toEqual([]);
    expect(d).not.toHaveProperty('backchannel_logout_supported');
    expect(d).not.toHaveProperty('backchannel_logout_session_supported');
    expect(d).not.toHaveProperty('introspection_endpoint');
  });

  it('names its endpoints with the public URL whatever host the request used', async () => {
    const loopback = sim.issuer.replace('localhost', '127.0.0.1');
    const d = (await (await fetch(`${loopback}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(d.issuer).toBe(sim.issuer);
    expect(d.token_endpoint).toBe(`${sim.issuer}/token`);
  });

  it('publishes one ES256 (P-256) and one RS256 public key', async () => {
    const response = await fetch(`${sim.issuer}/jwks`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys.map((k) => [k.kty, k.alg, k.crv])).toEqual([
      ['EC', 'ES256', 'P-256'],
      ['RSA', 'RS256', undefined],
    ]);
    for (const key of keys) {
      expect(key.kid).toBeTruthy();
      for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(priv);
    }
    expect(keys).toEqual(sim.jwks.keys);
  });

  it('uses signing keys given in its configuration', async () => {
    const ec = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'configured-ec' };
    const rsa = { ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)), kid: 'configured-rsa' };
    const local = await startSimulator({ port: 0, signingKeys: { keys: [ec, rsa] as never } });
    try {
      const { keys } = (await (await fetch(`${local.issuer}/jwks`)).json()) as { keys: { kid: string; x?: string }[] };
      expect(keys.map((k) => k.kid)).toEqual(['configured-ec', 'configured-rsa']);
      expect(keys[0]?.x).toBe(ec.x);
    } finally {
      await local.close();
    }
  });
});

describe('logout (/session/end)', () => {
  async function loggedIn() {
    const browser = new Browser();
    const { code } = await loginAndGetCode(sim, {}, {}, browser);
    const tokens = await exchangeCode(sim, code);
    return { browser, tokens };
  }
  const endSession = (params: Record<string, string>) => `${sim.issuer}/session/end?${new URLSearchParams(params)}`;

  it('ends the FranceConnect session and returns to post_logout_redirect_uri with state', async () => {
    const { browser, tokens } = await loggedIn();
    const state = random();
    const page = await browser.get(endSession({ id_token_hint: tokens.id_token, state, post_logout_redirect_uri: POST_LOGOUT_URI }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(textOf(html)).toContain('Déconnexion en cours');
    const [form] = formsOf(html, page.url);
    const { exit } = await browser.follow(await browser.post(form?.action ?? '', form?.fields ?? {}), new URL(sim.url).origin);
    expect(exit?.origin + (exit?.pathname ?? '')).toBe(POST_LOGOUT_URI);
    expect(Object.fromEntries(exit?.searchParams ?? [])).toEqual({ state });

    // The session is gone: the next authorization asks for an identity provider again, and the
    // access token issued with that session is no longer accepted.
    const next = await browser.follow(await browser.get(authorizeUrl(sim)), new URL(sim.url).origin);
    expect(textOf(await next.response.text())).toContain('Choisissez un compte pour vous connecter');
    expect((await userinfo(sim, tokens.access_token)).status).toBe(401);
  });

  it('accepts client_id, logout_hint and ui_locales', async () => {
    const { browser, tokens } = await loggedIn();
    const response = await browser.get(
      endSession({
        id_token_hint: tokens.id_token,
        state: random(),
        post_logout_redirect_uri: POST_LOGOUT_URI,
        client_id: PIVOT.client_id,
        logout_hint: 'x',
        ui_locales: 'fr',
      }),
    );
    expect(response.status).toBe(200);
  });

  it.each([
    ['a URI registered nowhere', 'https://my-malicious-url.fr/logout'],
    ['a redirect_uri (the post-logout list is separate)', REDIRECT_URI],
  ])('shows error page Y04CFAEF for %s', async (_label, uri) => {
    const { browser, tokens } = await loggedIn();
    const response = await browser.get(endSession({ id_token_hint: tokens.id_token, state: random(), post_logout_redirect_uri: uri }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(textOf(await response.text())).toContain('code erreur\u00a0: Y04CFAEF');
  });

  it.each([
    ['without id_token_hint', { state: 'abc', post_logout_redirect_uri: POST_LOGOUT_URI }],
    ['with an empty id_token_hint', { id_token_hint: '', post_logout_redirect_uri: POST_LOGOUT_URI }],
    ['with an unknown parameter', { id_token_hint: 'x', post_logout_redirect_uri: POST_LOGOUT_URI, foo: 'bar' }],
  ])('refuses a request %s (400, error page)', async (_label, params: Record<string, string>) => {
    const response = await fetch(endSession(params), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain('code erreur\u00a0: Y030007');
  });

  it('refuses a repeated parameter (400, error page)', async () => {
    const url = `${endSession({ id_token_hint: 'x', state: 'a', post_logout_redirect_uri: POST_LOGOUT_URI })}&state=b`;
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain('code erreur\u00a0: Y030007');
  });

  it('refuses an id_token_hint it did not issue', async () => {
    const response = await fetch(endSession({ id_token_hint: 'not.a.token', post_logout_redirect_uri: POST_LOGOUT_URI }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toMatch(/code erreur\u00a0: Y04[0-9A-F]{5}/);
  });

  it('answers GET only', async () => {
    const response = await fetch(`${sim.issuer}/session/end`, { method: 'POST' });
    expect(response.status).toBe(405);
  });
});

describe('revocation (/token/revocation)', () => {
  async function accessToken(client = PIVOT, redirectUri = REDIRECT_URI) {
    const { code } = await loginAndGetCode(sim, { client_id: client.client_id, redirect_uri: redirectUri, scope: 'openid email' });
    return (await exchangeCode(sim, code, { client_id: client.client_id, client_secret: client.client_secret, redirect_uri: redirectUri }))
      .access_token;
  }
  const revoke = (form: Record<string, string>) =>
    fetch(`${sim.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  it('revokes the access token', async () => {
    const token = await accessToken();
    const response = await revoke({ token, client_id: PIVOT.client_id, client_secret: PIVOT.client_secret });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect((await userinfo(sim, token)).status).toBe(401);
  });

  it.each([
    ['token_type_hint', { token_type_hint: 'access_token' }],
    ['any other field', { foo: 'bar' }],
    ['a token shorter than 43 characters', { token: 'short' }],
    ['a client_secret shorter than 32 characters', { client_secret: 'short-secret' }],
    ['no client_id', { client_id: undefined }],
    ['no token', { token: undefined }],
  ])('refuses a request with %s (400)', async (_label, change) => {
    const token = await accessToken();
    const form = Object.fromEntries(
      Object.entries({ token, client_id: PIVOT.client_id, client_secret: PIVOT.client_secret, ...change }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const response = await revoke(form);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    expect((await userinfo(sim, token)).status).toBe(200);
  });

  it('refuses a wrong client secret (401)', async () => {
    const token = await accessToken();
    const response = await revoke({ token, client_id: PIVOT.client_id, client_secret: 'x'.repeat(40) });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('does not revoke another client’s token (and answers 200)', async () => {
    const token = await accessToken();
    const response = await revoke({ token, client_id: OTHER_CLIENT.client_id, client_secret: OTHER_CLIENT.client_secret });
    expect(response.status).toBe(200);
    expect((await userinfo(sim, token)).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorClient } from '../../../backend/simulator/index.js';
import {
  OTHER_CLIENT,
  PIVOT,
  REDIRECT_URI,
  SUB_FORMAT,
  exchangeCode,
  loginAndGetCode,
  tokenRequest,
  userinfo,
  verifyJwt,
} from './support.js';

/** A service provider of the same entity as Pivot: FranceConnect gives it the same sub. */
const SAME_ENTITY: SimulatorClient = {
  client_id: 'pivot-sister-service',
  client_secret: 'pivot-sister-service-secret-0123456789abcdef',
  name: 'Service jumeau',
  redirect_uris: ['http://localhost:5000/callback'],
  entityId: PIVOT.client_id,
};

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clients: [OTHER_CLIENT, SAME_ENTITY] });
});
afterAll(async () => {
  await sim.close();
});

const form = (code: string, extra: Record<string, string> = {}) => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT_URI,
  client_id: PIVOT.client_id,
  client_secret: PIVOT.client_secret,
  ...extra,
});

async function jsonError(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as { error: string; error_description: string; error_uri?: string };
}

describe('token endpoint', () => {
  it('answers exactly the five members FranceConnect sends, without refresh token', async () => {
    const { code } = await loginAndGetCode(sim, { scope: 'openid profile offline_access' });
    const response = await tokenRequest(sim, form(code));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
    expect(body).toMatchObject({ expires_in: 60, token_type: 'Bearer', scope: 'openid profile' });
  });

  it('refuses client_secret_basic (FranceConnect only accepts client_secret_post)', async () => {
    const { code } = await loginAndGetCode(sim);
    const { client_id: _id, client_secret: _secret, ...rest } = form(code);
    const basic = Buffer.from(`${PIVOT.client_id}:${PIVOT.client_secret}`).toString('base64');
    const response = await tokenRequest(sim, rest, { authorization: `Basic ${basic}` });
    expect(response.status).toBe(401);
    expect((await jsonError(response)).error).toBe('invalid_client');
  });

  it('refuses a wrong client_secret with FranceConnect’s error shape', async () => {
    const { code } = await loginAndGetCode(sim);
    const response = await tokenRequest(sim, form(code, { client_secret: 'wrong-client-secret-wrong-client-secret' }));
    expect(response.status).toBe(401);
    const error = await jsonError(response);
    expect(error).toMatchObject({ error: 'invalid_client', error_description: 'client authentication failed (invalid secret provided)' });
    expect(error.error_uri).toMatch(
      /^https:\/\/docs\.partenaires\.franceconnect\.gouv\.fr\/fs\/fs-technique\/fs-technique-erreurs\/\?code=Y0434A7B&id=[0-9a-f-]{36}$/,
    );
  });

  it('refuses a missing code', async () => {
    const response = await tokenRequest(sim, form(''));
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({
      error: 'invalid_request',
      error_description: "missing required parameter 'code' (undefined)",
    });
  });

  it('refuses an unknown code', async () => {
    const response = await tokenRequest(sim, form('not-a-code-that-exists'));
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({
      error: 'invalid_grant',
      error_description: 'grant request is invalid (authorization code not found)',
    });
  });

  it('accepts a code once only', async () => {
    const { code } = await loginAndGetCode(sim);
    expect((await tokenRequest(sim, form(code))).status).toBe(200);
    const again = await tokenRequest(sim, form(code));
    expect(again.status).toBe(400);
    expect((await jsonError(again)).error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri different from the one used at /authorize', async () => {
    const { code } = await loginAndGetCode(sim);
    const response = await tokenRequest(sim, form(code, { redirect_uri: 'http://localhost:3000/elsewhere' }));
    expect(response.status).toBe(400);
    expect((await jsonError(response)).error).toBe('invalid_grant');
  });

  it('refuses a code issued to another client', async () => {
    const { code } = await loginAndGetCode(sim);
    const response = await tokenRequest(sim, {
      ...form(code),
      client_id: OTHER_CLIENT.client_id,
      client_secret: OTHER_CLIENT.client_secret,
      redirect_uri: OTHER_CLIENT.redirect_uris[0] ?? '',
    });
    expect(response.status).toBe(400);
    expect((await jsonError(response)).error).toBe('invalid_grant');
  });

  it('refuses the refresh_token grant (the client may only use authorization_code)', async () => {
    const response = await tokenRequest(sim, {
      grant_type: 'refresh_token',
      refresh_token: 'x'.repeat(43),
      client_id: PIVOT.client_id,
      client_secret: PIVOT.client_secret,
    });
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/^requested grant type is not allowed for this client/),
    });
  });
});

describe('expiry, with the simulator clock', () => {
  let local: RunningSimulator;
  beforeAll(async () => {
    local = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await local.close();
  });

  it('keeps an authorization code valid for 30 seconds', async () => {
    const { code } = await loginAndGetCode(local);
    local.advanceTime(29);
    expect((await tokenRequest(local, form(code))).status).toBe(200);
  });

  it('expires an authorization code after 30 seconds', async () => {
    const { code } = await loginAndGetCode(local);
    local.advanceTime(31);
    const response = await tokenRequest(local, form(code));
    expect(response.status).toBe(400);
    expect(await jsonError(response)).toMatchObject({
      error: 'invalid_grant',
      error_description: 'grant request is invalid (authorization code not found)',
    });
  });

  it('keeps an access token valid for 60 seconds, then refuses it at /userinfo', async () => {
    const { code } = await loginAndGetCode(local);
    const tokens = await exchangeCode(local, code);
    local.advanceTime(59);
    expect((await userinfo(local, tokens.access_token)).status).toBe(200);
    local.advanceTime(2);
    const expired = await userinfo(local, tokens.access_token);
    expect(expired.status).toBe(401);
    expect(await jsonError(expired)).toMatchObject({
      error: 'invalid_token',
      error_description: 'invalid token provided (access token not found)',
    });
  });

  it('refuses to move the clock backwards', () => {
    expect(() => local.advanceTime(-1)).toThrow(RangeError);
  });
});

describe('ID token', () => {
  it('is signed RS256 for a service provider registered with RS256', async () => {
    const { code, nonce } = await loginAndGetCode(sim, {
      client_id: OTHER_CLIENT.client_id,
      redirect_uri: OTHER_CLIENT.redirect_uris[0],
      scope: 'openid identite_pivot',
    });
    const tokens = await exchangeCode(sim, code, {
      client_id: OTHER_CLIENT.client_id,
      client_secret: OTHER_CLIENT.client_secret,
      redirect_uri: OTHER_CLIENT.redirect_uris[0] ?? '',
    });
    const { payload, header } = await verifyJwt(sim, tokens.id_token, 'RS256', OTHER_CLIENT.client_id);
    expect(header.kid).toBe(sim.jwks.keys.find((k) => k.alg === 'RS256')?.kid);
    expect(payload.nonce).toBe(nonce);
    const info = await userinfo(sim, tokens.access_token);
    const { payload: claims } = await verifyJwt(sim, await info.text(), 'RS256', OTHER_CLIENT.client_id);
    expect(claims.sub).toBe(payload.sub);
  });

  it('carries amr when the service provider asks for it through the claims parameter', async () => {
    const { code } = await loginAndGetCode(sim, { claims: JSON.stringify({ id_token: { amr: { essential: true } } }) });
    const { payload } = await verifyJwt(sim, (await exchangeCode(sim, code)).id_token, 'ES256');
    expect(payload.amr).toEqual(['fc', 'pwd']);
    expect(Object.keys(payload).sort()).toEqual(['acr', 'amr', 'aud', 'auth_time', 'exp', 'iat', 'iss', 'nonce', 'sub']);
  });

  it('keeps scope claims out of the ID token', async () => {
    const { code } = await loginAndGetCode(sim, { scope: 'openid identite_pivot email' });
    const { payload } = await verifyJwt(sim, (await exchangeCode(sim, code)).id_token, 'ES256');
    expect(payload).not.toHaveProperty('given_name');
    expect(payload).not.toHaveProperty('email');
  });
});

describe('sub', () => {
  async function subFor(login: string, client?: SimulatorClient) {
    const overrides = client ? { client_id: client.client_id, redirect_uri: client.redirect_uris[0], scope: 'openid' } : { scope: 'openid' };
    const { code } = await loginAndGetCode(sim, overrides, { login });
    const tokens = await exchangeCode(sim, code, {
      client_id: client?.client_id ?? PIVOT.client_id,
      client_secret: client?.client_secret ?? PIVOT.client_secret,
      redirect_uri: client?.redirect_uris[0] ?? REDIRECT_URI,
    });
    const alg = client?.id_token_signed_response_alg ?? 'ES256';
    return (await verifyJwt(sim, tokens.id_token, alg, client?.client_id ?? PIVOT.client_id)).payload.sub as string;
  }

  it('has FranceConnect’s format (64 hex digits + "v1") and is stable across logins', async () => {
    const first = await subFor('nom_usage');
    expect(first).toMatch(SUB_FORMAT);
    expect(await subFor('nom_usage')).toBe(first);
  });

  it('is pairwise: the same for two services of one entity, different for another entity', async () => {
    const pivot = await subFor('test');
    expect(await subFor('test', SAME_ENTITY)).toBe(pivot);
    expect(await subFor('test', OTHER_CLIENT)).not.toBe(pivot);
  });
});

describe('userinfo', () => {
  async function claimsFor(scope: string, login = 'nom_usage') {
    const { code } = await loginAndGetCode(sim, { scope }, { login });
    const tokens = await exchangeCode(sim, code);
    const response = await userinfo(sim, tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwt/);
    return (await verifyJwt(sim, await response.text(), 'ES256')).payload;
  }
  const ENVELOPE = ['aud', 'exp', 'iat', 'iss', 'sub'];

  it.each([
    ['openid', []],
    ['openid given_name', ['given_name', 'given_name_array']],
    ['openid family_name', ['family_name']],
    ['openid preferred_username', ['preferred_username']],
    ['openid birthdate', ['birthdate']],
    ['openid gender', ['gender']],
    ['openid birthplace', ['birthplace']],
    ['openid birthcountry', ['birthcountry']],
    ['openid email', ['email']],
    ['openid idp_birthdate', ['idp_birthdate']],
    ['openid profile', ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'preferred_username']],
    ['openid birth', ['birthplace', 'birthcountry']],
    ['openid identite_pivot', ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry']],
    [
      'openid identite_pivot profile birth email preferred_username idp_birthdate',
      ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'preferred_username', 'birthplace', 'birthcountry', 'email', 'idp_birthdate'],
    ],
  ])('releases exactly the claims of scope "%s"', async (scope, claims) => {
    const payload = await claimsFor(scope);
    expect(Object.keys(payload).sort()).toEqual([...ENVELOPE, ...claims].sort());
  });

  it('answers only GET', async () => {
    const { code } = await loginAndGetCode(sim);
    const tokens = await exchangeCode(sim, code);
    const response = await fetch(`${sim.issuer}/userinfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(405);
  });

  it('accepts the access token as ?access_token=, like FranceConnect', async () => {
    const { code } = await loginAndGetCode(sim);
    const tokens = await exchangeCode(sim, code);
    const response = await fetch(`${sim.issuer}/userinfo?access_token=${tokens.access_token}`);
    expect(response.status).toBe(200);
  });

  it('refuses a request without access token', async () => {
    const response = await fetch(`${sim.issuer}/userinfo`);
    expect(response.status).toBe(401);
    expect((await jsonError(response)).error).toBe('invalid_token');
  });
});

import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { Browser, PIVOT, POST_LOGOUT_URI, REDIRECT_URI, formsOf, journey, userinfo } from './support.js';

// The simulator against openid-client v6 configured as franceconnect.md §10 recommends (the way the
// Pivot backend talks to FranceConnect): every check of the library passes.

let sim: RunningSimulator;
let config: oidc.Configuration;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  config = await oidc.discovery(
    new URL(sim.issuer),
    PIVOT.client_id,
    { client_secret: PIVOT.client_secret, id_token_signed_response_alg: 'ES256', userinfo_signed_response_alg: 'ES256' },
    oidc.ClientSecretPost(PIVOT.client_secret),
    { execute: [oidc.allowInsecureRequests] },
  );
  oidc.enableNonRepudiationChecks(config);
});
afterAll(async () => {
  await sim.close();
});

describe('openid-client v6 as a FranceConnect service provider', () => {
  it('logs in, verifies the ID token and the signed userinfo, revokes and logs out', async () => {
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid identite_pivot email',
      state,
      nonce,
      acr_values: 'eidas1',
    });
    const browser = new Browser();
    const callback = await journey(sim, url.href, { login: 'prenom_avec_espace' }, browser);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims();
    expect(claims?.acr).toBe('eidas1');
    expect(tokens.refresh_token).toBeUndefined();

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub ?? '');
    expect(info).toMatchObject({ given_name_array: ['Jean Philippe', 'Pierre', 'Louis'], family_name: 'MARTIN' });

    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await userinfo(sim, tokens.access_token)).status).toBe(401);

    const logoutState = oidc.randomState();
    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: logoutState,
    });
    const page = await browser.get(logout.href);
    expect(page.status).toBe(200);
    const [form] = formsOf(await page.text(), page.url);
    const { exit } = await browser.follow(await browser.post(form?.action ?? '', form?.fields ?? {}), new URL(sim.url).origin);
    expect(exit?.href).toBe(`${POST_LOGOUT_URI}?state=${logoutState}`);
  });
});

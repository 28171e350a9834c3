import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import {
  Browser,
  PIVOT,
  REDIRECT_URI,
  SUB_FORMAT,
  exchangeCode,
  loginAndGetCode,
  userinfo,
  verifyJwt,
} from './support.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('authorization code flow for test / 123', () => {
  const subs = new Set<string>();

  for (const idp of ['impots', 'ameli', 'laposte', 'mobileconnect', 'msa']) {
    it(`logs in through ${idp} and releases a verified identity`, async () => {
      const { code, state, nonce, callback } = await loginAndGetCode(sim, {}, { idp });
      expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
      expect([...callback.searchParams.keys()].sort()).toEqual(['code', 'iss', 'state']);
      expect(callback.searchParams.get('state')).toBe(state);
      expect(callback.searchParams.get('iss')).toBe(sim.issuer);

      const tokens = await exchangeCode(sim, code);
      const { payload: idToken, header } = await verifyJwt(sim, tokens.id_token, 'ES256');
      expect(Object.keys(header).sort()).toEqual(['alg', 'kid']);
      expect(Object.keys(idToken).sort()).toEqual(['acr', 'aud', 'auth_time', 'exp', 'iat', 'iss', 'nonce', 'sub']);
      expect(idToken.nonce).toBe(nonce);
      expect(idToken.acr).toBe('eidas1');
      expect(idToken.aud).toBe(PIVOT.client_id);
      expect((idToken.exp ?? 0) - (idToken.iat ?? 0)).toBe(60);
      expect(idToken.sub).toMatch(SUB_FORMAT);
      subs.add(idToken.sub as string);

      const response = await userinfo(sim, tokens.access_token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/jwt/);
      const { payload: info } = await verifyJwt(sim, await response.text(), 'ES256');
      expect(info).toMatchObject({
        sub: idToken.sub,
        aud: PIVOT.client_id,
        iss: sim.issuer,
        given_name: 'Angela Claire Louise',
        given_name_array: ['Angela', 'Claire', 'Louise'],
        family_name: 'DUBOIS',
        birthdate: '1962-08-24',
        gender: 'female',
        birthplace: '75107',
        birthcountry: '99100',
        email: 'angela.dubois@example.org',
        idp_birthdate: '1962-08-24',
      });
      expect(info).not.toHaveProperty('nonce');
      expect(info).not.toHaveProperty('preferred_username'); // no usage name
    });
  }

  it('gives the same sub whatever the identity provider', () => {
    expect(subs.size).toBe(1);
  });

  it('reuses the FranceConnect session (SSO) without asking the identity provider again', async () => {
    const browser = new Browser();
    const first = await loginAndGetCode(sim, {}, {}, browser);
    const a = await exchangeCode(sim, first.code);
    // Wrong credentials would fail at the identity provider: the second journey never reaches it.
    const second = await loginAndGetCode(sim, {}, { login: 'nobody', password: 'wrong' }, browser);
    const b = await exchangeCode(sim, second.code);
    const subA = (await verifyJwt(sim, a.id_token, 'ES256')).payload.sub;
    const subB = (await verifyJwt(sim, b.id_token, 'ES256')).payload.sub;
    expect(subB).toBe(subA);
  });

  it('asks the identity provider again when the service provider sends prompt=login despite the session', async () => {
    const browser = new Browser();
    const first = await loginAndGetCode(sim, {}, {}, browser);
    await exchangeCode(sim, first.code);
    const again = await loginAndGetCode(sim, { prompt: 'login' }, { login: 'conjoint' }, browser);
    const { payload } = await verifyJwt(sim, (await exchangeCode(sim, again.code)).id_token, 'ES256');
    const test = await loginAndGetCode(sim, {}, {}, new Browser());
    const { payload: angela } = await verifyJwt(sim, (await exchangeCode(sim, test.code)).id_token, 'ES256');
    expect(payload.sub).not.toBe(angela.sub);
  });
});

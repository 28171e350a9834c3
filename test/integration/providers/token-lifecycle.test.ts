import { afterEach, describe, expect, it } from 'vitest';
import { PIVOT } from '../simulator/support.js';
import { PROVIDER_IDS, startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { incomeYear } from '../../../backend/simulator/providers/fixtures/index.js';
import { apCode, apiParticulierGet, baseUrl, bearerGet, cnamGet, dgfipApiToken, dgfipSituation, fcToken } from './support.js';

// What happens to the providers' answers when the FranceConnect token stops being active (expiry on
// the simulator clock, revocation) and when a provider's own FD credentials are wrong.

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** One call per provider, for a citizen each knows; returns status (and API Particulier's code). */
async function callEveryProvider(s: RunningSimulator, tokens: Record<string, string>, dgfipToken: string) {
  const ap = await apiParticulierGet(s, '/v3/cnous/etudiant_boursier/france_connect', tokens.corse_2a ?? '');
  return {
    dgfip: (await dgfipSituation(s, incomeYear(1, s.clock.now()), { apiToken: dgfipToken, fcToken: tokens.test ?? '' })).status,
    cnam: (await cnamGet(s, '/v1/droits/beneficiaires/me', tokens.test ?? '')).status,
    apiParticulier: `${ap.status} ${ap.status === 200 ? '' : await apCode(ap)}`.trim(),
    franceTravail: (await bearerGet(`${baseUrl(s, 'france-travail')}/partenaire/fc-statutaugmente/v1/statut`, tokens.nom_usage ?? '')).status,
    familleNombreuse: (await bearerGet(`${baseUrl(s, 'famille-nombreuse')}/v1/carte`, tokens.commune_fusionnee ?? '')).status,
  };
}

async function tokensFor(s: RunningSimulator) {
  const logins = ['test', 'corse_2a', 'nom_usage', 'commune_fusionnee'];
  return Object.fromEntries(await Promise.all(logins.map(async (login) => [login, await fcToken(s, login)] as const)));
}

describe('an access token that is no longer active', () => {
  it('is refused by every provider once expired (advanceTime past 60 s), as /checktoken says active: false', async () => {
    sim = await startSimulator({ port: 0 });
    const tokens = await tokensFor(sim);
    const dgfipToken = await dgfipApiToken(sim);
    expect(await callEveryProvider(sim, tokens, dgfipToken)).toEqual({
      dgfip: 200,
      cnam: 200,
      apiParticulier: '200',
      franceTravail: 200,
      familleNombreuse: 200,
    });
    sim.advanceTime(61);
    expect(await callEveryProvider(sim, tokens, dgfipToken)).toEqual({
      dgfip: 403,
      cnam: 401,
      apiParticulier: '401 00103',
      franceTravail: 401,
      familleNombreuse: 401,
    });
  });

  it('is refused once revoked by the service provider', async () => {
    sim = await startSimulator({ port: 0 });
    const token = await fcToken(sim, 'test');
    expect((await cnamGet(sim, '/v1/droits/beneficiaires/me', token)).status).toBe(200);
    const revoked = await fetch(`${sim.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: PIVOT.client_id, client_secret: PIVOT.client_secret }),
    });
    expect(revoked.status).toBe(200);
    expect((await cnamGet(sim, '/v1/droits/beneficiaires/me', token)).status).toBe(401);
  });

  it('expires the DGFiP API token after its hour (on the simulator clock)', async () => {
    sim = await startSimulator({ port: 0 });
    const dgfipToken = await dgfipApiToken(sim);
    sim.advanceTime(3601);
    const fc = await fcToken(sim, 'test');
    const response = await dgfipSituation(sim, incomeYear(1, sim.clock.now()), { apiToken: dgfipToken, fcToken: fc });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('a provider whose FD credentials FranceConnect refuses', () => {
  it('fails cleanly (502, in the provider’s own error shape) instead of answering data or crashing', async () => {
    const wrong = { client_secret: 'a-secret-franceconnect-never-issued-0123456789' };
    sim = await startSimulator({
      port: 0,
      providers: { checktokenCredentials: Object.fromEntries(PROVIDER_IDS.map((id) => [id, wrong])) },
    });
    const tokens = await tokensFor(sim);
    expect(await callEveryProvider(sim, tokens, await dgfipApiToken(sim))).toEqual({
      dgfip: 502,
      cnam: 502,
      apiParticulier: '502 00502',
      franceTravail: 502,
      familleNombreuse: 502,
    });
  });

  it('works for the others when only one provider is misconfigured', async () => {
    sim = await startSimulator({ port: 0, providers: { checktokenCredentials: { cnam: { client_id: 'fd-who-is-this' } } } });
    const tokens = await tokensFor(sim);
    expect(await callEveryProvider(sim, tokens, await dgfipApiToken(sim))).toMatchObject({ dgfip: 200, cnam: 502, familleNombreuse: 200 });
  });
});

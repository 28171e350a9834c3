import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { DGFIP_API_CLIENT, dgfipHouseholdOf, incomeYear } from '../../../backend/simulator/providers/fixtures/index.js';
import {
  BOGUS_TOKEN,
  basic,
  dgfipApiToken,
  dgfipSituation,
  dgfipTokenRequest,
  scopeWith,
  tokenCache,
} from './support.js';

// DGFiP — API Impôt particulier: its own client-credentials token, the FranceConnect token in
// X-FranceConnect-OAuth, one situation per income year (N-1, N-2, N-3 of the simulator clock).

let sim: RunningSimulator;
const token = tokenCache(() => sim);
let apiToken: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  apiToken = await dgfipApiToken(sim);
});
afterAll(async () => {
  await sim.close();
});

const year = (offset: 1 | 2 | 3) => incomeYear(offset, sim.clock.now());
const dubois = () => {
  const household = dgfipHouseholdOf('angela-dubois');
  if (!household) throw new Error('fixture');
  return household;
};

describe('DGFiP /token (client credentials)', () => {
  it('issues a bearer token to the API client (HTTP Basic)', async () => {
    const response = await dgfipTokenRequest(sim);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'RessourceIR' });
    expect(body.access_token).toEqual(expect.any(String));
  });

  it('grants every scope of the client when none is asked', async () => {
    const response = await dgfipTokenRequest(sim, { scope: '' });
    expect(((await response.json()) as { scope: string }).scope).toBe(DGFIP_API_CLIENT.scopes.join(' '));
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong secret', basic(DGFIP_API_CLIENT.client_id, 'x'.repeat(64))],
    ['an unknown client', basic('someone-else', DGFIP_API_CLIENT.client_secret)],
    ['a Bearer instead of Basic', `Bearer ${DGFIP_API_CLIENT.client_secret}`],
  ])('refuses %s with 401 invalid_client', async (_label, authorization) => {
    const response = await dgfipTokenRequest(sim, {}, authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('refuses another grant type (400 unsupported_grant_type) and an unknown scope (400 invalid_scope)', async () => {
    const grant = await dgfipTokenRequest(sim, { grant_type: 'password' });
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const scope = await dgfipTokenRequest(sim, { scope: 'RessourceIR RessourceInconnue' });
    expect(scope.status).toBe(400);
    expect(((await scope.json()) as { error: string }).error).toBe('invalid_scope');
  });
});

describe('DGFiP situations IR (FranceConnect)', () => {
  it('answers the three income years of the "test" household with the fixture values', async () => {
    const fc = await token('test');
    for (const offset of [1, 2, 3] as const) {
      const correlationId = crypto.randomUUID();
      const response = await dgfipSituation(sim, year(offset), { apiToken, fcToken: fc, correlationId });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/prs\.dgfip\.part\.situations\.ir\.assiettes\.v1\+json/);
      expect(response.headers.get('x-correlation-id')).toBe(correlationId);
      const expected = dubois().years[offset];
      // Default Pivot scopes: rfr, nbpart, sitfam, nbpac → only those fields (DGFiP masks the rest).
      expect(await response.json()).toEqual({
        rfr: expected?.rfr,
        nbPart: expected?.nbPart,
        sitFam: expected?.sitFam,
        pac: { nbPac: expected?.pac.nbPac ?? 0 },
      });
    }
  });

  it('gives the second declarant (conjoint) the same household', async () => {
    const response = await dgfipSituation(sim, year(1), { apiToken, fcToken: await token('conjoint') });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { rfr: number }).rfr).toBe(dubois().years[1]?.rfr);
  });

  it('reveals the address, the declarants and the dependants when the token holds their scopes', async () => {
    const fc = await token('test', scopeWith('dgfip_aft', 'dgfip_decl', 'dgfip_pac', 'dgfip_pariso', 'dgfip_inddeficit', 'dgfip_mntRevbareme'));
    const body = (await (await dgfipSituation(sim, year(3), { apiToken, fcToken: fc })).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      aft: '24 RUE DES GLYCINES 31400 TOULOUSE',
      aftDetail: { voie: '24 RUE DES GLYCINES', complementAdresse: null, getcodePostal: '31400', getcommune: 'TOULOUSE' },
      nmNaiDec1: 'DUBOIS',
      prnmDec1: 'ANGELA CLAIRE LOUISE',
      dateNaisDec1: { jour: '24', mois: '08', annee: '1962' },
      prnmDec2: 'MARC HENRI',
      dateNaisDec2: { jour: '02', mois: '03', annee: '1960' },
      pac: { nbPac: 1, nbPacJ: 1, nbPacF: 0 },
      sitParIso: null,
      indDeficit: 'N',
      mntRevbareme: dubois().years[3]?.mntRevbareme,
    });
  });

  it('matches a first given name containing a space (« Jean Philippe »)', async () => {
    const response = await dgfipSituation(sim, year(1), { apiToken, fcToken: await token('prenom_avec_espace') });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { rfr: number }).rfr).toBe(31_250);
  });

  it('answers 404 for a year the household did not declare', async () => {
    const response = await dgfipSituation(sim, year(3), { apiToken, fcToken: await token('prenom_avec_espace') });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: '404' });
  });

  it('answers 404 for a citizen the DGFiP does not know (a student attached to her parents’ household)', async () => {
    const response = await dgfipSituation(sim, year(1), { apiToken, fcToken: await token('corse_2a') });
    expect(response.status).toBe(404);
  });

  it('answers 403 for a year the token does not grant (N-4, the current year, or a missing year scope)', async () => {
    const fc = await token('test');
    expect((await dgfipSituation(sim, year(3) - 1, { apiToken, fcToken: fc })).status).toBe(403);
    expect((await dgfipSituation(sim, year(1) + 1, { apiToken, fcToken: fc })).status).toBe(403);
    const onlyLastYear = await token('test', 'openid identite_pivot dgfip_rfr dgfip_annee_n_moins_1');
    expect((await dgfipSituation(sim, year(1), { apiToken, fcToken: onlyLastYear })).status).toBe(200);
    expect((await dgfipSituation(sim, year(2), { apiToken, fcToken: onlyLastYear })).status).toBe(403);
  });

  it('grants N-2 through dgfip_annee_n_moins_2_si_indispo_n_moins_1 only when N-1 is missing', async () => {
    const fc = await token('test', 'openid identite_pivot dgfip_rfr dgfip_annee_n_moins_2_si_indispo_n_moins_1');
    expect((await dgfipSituation(sim, year(2), { apiToken, fcToken: fc })).status).toBe(403);
  });

  it('refuses (403) a FranceConnect token without any DGFiP data scope', async () => {
    const fc = await token('test', 'openid identite_pivot dgfip_annee_n_moins_1 cnous_statut_boursier');
    const response = await dgfipSituation(sim, year(1), { apiToken, fcToken: fc });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: '403', message: 'Accès refusé' });
  });

  it('refuses (403) a FranceConnect token that /checktoken does not know', async () => {
    expect((await dgfipSituation(sim, year(1), { apiToken, fcToken: BOGUS_TOKEN })).status).toBe(403);
  });

  it.each([
    ['no DGFiP token', { apiToken: null }],
    ['an unknown DGFiP token', { apiToken: 'not-a-dgfip-token' }],
    ['the FranceConnect token as DGFiP token', { apiToken: 'FC' }],
  ])('refuses %s with 401', async (_label, headers) => {
    const fc = await token('test');
    const response = await dgfipSituation(sim, year(1), { fcToken: fc, apiToken: headers.apiToken === 'FC' ? fc : headers.apiToken });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="DGFiP"/);
  });

  it('refuses (403) a DGFiP token without RessourceIR', async () => {
    const other = await dgfipApiToken(sim, 'RessourceIRFacture');
    expect((await dgfipSituation(sim, year(1), { apiToken: other, fcToken: await token('test') })).status).toBe(403);
  });

  it.each([
    ['no X-FranceConnect-OAuth', { fcToken: null }, 'x'],
    ['no X-Correlation-ID', { correlationId: null }, 'x'],
    ['an X-Correlation-ID that is not a UUID', { correlationId: 'abc' }, 'x'],
    ['a year that is not a year', {}, 'deux-mille'],
  ])('answers 400 « Requete mal formée » for %s', async (_label, change, badYear) => {
    const fc = await token('test');
    const response = await dgfipSituation(sim, badYear === 'x' ? year(1) : badYear, { apiToken, fcToken: fc, ...change });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: '400', message: 'Requete mal formée' });
  });

  it('answers a JSON 404 for an unknown path', async () => {
    const response = await fetch(`${sim.providers.find((p) => p.id === 'dgfip')?.baseUrl}/impotparticulier/1.0/situations/th/x`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

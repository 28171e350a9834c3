import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { CNAM_IJ_PAIEMENTS, CNAM_RECORDS } from '../../../backend/simulator/providers/fixtures/index.js';
import { BOGUS_TOKEN, cnamGet, tokenCache } from './support.js';

// Assurance Maladie: droits (/v1/droits/beneficiaires/me[/beneficiaires]) and indemnités journalières
// (/v1/indemnites-journalieres/me/paiements), X-API-Key + the FranceConnect token as Bearer.

const ME = '/v1/droits/beneficiaires/me';
const BENEFICIAIRES = '/v1/droits/beneficiaires/me/beneficiaires';
const IJ = '/v1/indemnites-journalieres/me/paiements';

let sim: RunningSimulator;
const token = tokenCache(() => sim);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('CNAM droits', () => {
  it('answers the insured person’s record (/me)', async () => {
    const response = await cnamGet(sim, ME, await token('test'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(CNAM_RECORDS['angela-dubois']?.me);
  });

  it('lists the dependants (/me/beneficiaires) of a family', async () => {
    const response = await cnamGet(sim, BENEFICIAIRES, await token('nom_compose'));
    expect(response.status).toBe(200);
    const list = (await response.json()) as { prenom: string; qualite: string }[];
    expect(list.map((b) => [b.prenom, b.qualite])).toEqual([
      ['THOMAS', 'assure'],
      ['LEA', 'enfant'],
      ['HUGO', 'enfant'],
    ]);
  });

  it.each([
    ['eleve', 'LEA', 'a pupil, insured as a child'],
    ['presume_ne', 'FARID', 'a « présumé né » (RNIPP-completed birth date)'],
    ['genre_non_precise', 'DOMINIQUE', 'someone whose sex is not specified'],
    ['ne_etranger', 'KARIM', 'someone born abroad'],
  ])('finds %s (%s): %s', async (login, prenom) => {
    const response = await cnamGet(sim, ME, await token(login));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { prenom: string }).prenom).toBe(prenom);
  });

  it('answers 404 for a citizen the CNAM does not know (affiliated to the MSA)', async () => {
    const response = await cnamGet(sim, ME, await token('commune_fusionnee'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: '404' });
  });

  it('accepts dateDebut/dateFin and refuses (400) a malformed one', async () => {
    const fc = await token('test');
    expect((await cnamGet(sim, `${ME}?dateDebut=2026-11-01&dateFin=2027-10-31`, fc)).status).toBe(200);
    expect((await cnamGet(sim, `${ME}?dateDebut=01/11/2026`, fc)).status).toBe(400);
  });
});

describe('CNAM indemnités journalières', () => {
  it('answers the payments of an insured person on sick leave', async () => {
    for (const [login, id] of [['test', 'angela-dubois'], ['ne_etranger', 'karim-benali']] as const) {
      const response = await cnamGet(sim, IJ, await token(login));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ paiements: CNAM_IJ_PAIEMENTS[id] });
    }
  });

  it('answers 404 when no daily allowance was paid', async () => {
    expect((await cnamGet(sim, IJ, await token('nom_usage'))).status).toBe(404);
    expect((await cnamGet(sim, IJ, await token('commune_fusionnee'))).status).toBe(404);
  });

  it('refuses (403) a token without cnam_paiements_ij, though it may read the droits', async () => {
    const fc = await token('test', 'openid identite_pivot droits_assurance_maladie');
    expect((await cnamGet(sim, IJ, fc)).status).toBe(403);
    expect((await cnamGet(sim, ME, fc)).status).toBe(200);
  });
});

describe('CNAM authentication', () => {
  it.each([
    ['no X-API-Key', { apiKey: null }],
    ['an unknown X-API-Key', { apiKey: 'not-the-cnam-api-key-at-all' }],
    ['no FranceConnect token', { fc: null }],
    ['a FranceConnect token /checktoken does not know', { fc: BOGUS_TOKEN }],
  ])('refuses %s with 401', async (_label, change: { apiKey?: string | null; fc?: string | null }) => {
    const fc = 'fc' in change ? (change.fc ?? null) : await token('test');
    const response = await cnamGet(sim, ME, fc, 'apiKey' in change ? (change.apiKey ?? null) : undefined);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: '401' });
  });

  it('refuses (403) a token without any CNAM scope', async () => {
    const fc = await token('test', 'openid identite_pivot dgfip_rfr');
    expect((await cnamGet(sim, ME, fc)).status).toBe(403);
    expect((await cnamGet(sim, BENEFICIAIRES, fc)).status).toBe(403);
  });
});

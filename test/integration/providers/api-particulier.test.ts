import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import {
  CNOUS_BOURSIERS,
  DSS_PRESTATIONS,
  DSS_RECORDS,
  MEN_PUPILS,
  MESRI_STUDENTS,
  QF_RECORDS,
  schoolYear,
} from '../../../backend/simulator/providers/fixtures/index.js';
import {
  API_PARTICULIER_TOKEN,
  BOGUS_TOKEN,
  MEN_PATH,
  apCode,
  apiParticulierGet,
  menQuery,
  scopeWith,
  tokenCache,
} from './support.js';

// API Particulier v3: the /france_connect endpoints (MESRI, CNOUS, DSS ×5, quotient familial) with the
// FranceConnect token as Bearer, and /v3/men/scolarites/identite with an API Particulier token.

const MESRI = '/v3/mesri/statut_etudiant/france_connect';
const CNOUS = '/v3/cnous/etudiant_boursier/france_connect';
const QF = '/v3/dss/quotient_familial/france_connect';
const dss = (prestation: string) => `/v3/dss/${prestation}/france_connect`;

let sim: RunningSimulator;
const token = tokenCache(() => sim);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('API Particulier: common rules of the FranceConnect endpoints', () => {
  it('answers the envelope { data, links, meta } with the cache headers', async () => {
    const response = await apiParticulierGet(sim, MESRI, await token('corse_2a'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-response-cached')).toBe('false');
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['data', 'links', 'meta']);
    expect(body.links).toEqual({});
    expect(body.meta).toEqual({});
  });

  it.each([MESRI, CNOUS, QF, ...DSS_PRESTATIONS.map(dss)])('%s: 401 00101 without a token', async (path) => {
    const response = await apiParticulierGet(sim, path, null);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [
        {
          code: '00101',
          title: 'Interdit',
          detail: "Votre token n'est pas valide ou n'est pas renseigné",
          source: { parameter: 'token' },
          meta: {},
        },
      ],
    });
  });

  it('answers 401 00103 when /checktoken says the FranceConnect token is no longer active', async () => {
    const response = await apiParticulierGet(sim, CNOUS, BOGUS_TOKEN);
    expect(response.status).toBe(401);
    expect(await apCode(response)).toBe('00103');
  });

  it('answers 422 00203 without recipient, or with a recipient that is not a SIRET', async () => {
    const fc = await token('corse_2a');
    const missing = await apiParticulierGet(sim, CNOUS, fc, {}, null);
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ errors: [{ code: '00203', source: { parameter: 'recipient' } }] });
    const bad = await apiParticulierGet(sim, CNOUS, fc, {}, '123');
    expect(bad.status).toBe(422);
    expect(await apCode(bad)).toBe('00203');
  });

  it('answers 403 00100 when the token holds none of the endpoint’s scopes', async () => {
    const fc = await token('corse_2a', 'openid identite_pivot dgfip_rfr cnous_statut_boursier');
    for (const path of [MESRI, QF, ...DSS_PRESTATIONS.map(dss)]) {
      const response = await apiParticulierGet(sim, path, fc);
      expect(response.status, path).toBe(403);
      expect(await apCode(response)).toBe('00100');
    }
    expect((await apiParticulierGet(sim, CNOUS, fc)).status).toBe(200);
  });

  it('answers the API’s JSON 404 for an unknown path', async () => {
    const response = await apiParticulierGet(sim, '/v3/ants/extrait_immatriculation_vehicule/france_connect', await token('test'));
    expect(response.status).toBe(404);
    expect(await apCode(response)).toBe('00404');
  });
});

describe('MESRI statut étudiant', () => {
  it('answers the admissions of a student', async () => {
    const response = await apiParticulierGet(sim, MESRI, await token('corse_2a'));
    expect(await response.json()).toMatchObject({ data: MESRI_STUDENTS['lucia-santoni'] });
  });

  it('filters the admission fields by scope', async () => {
    const fc = await token('corse_2a', 'openid identite_pivot mesri_admissions mesri_admission_inscrit');
    const body = (await (await apiParticulierGet(sim, MESRI, fc)).json()) as { data: { admissions: object[] } };
    expect(body.data.admissions[0]).toEqual({ date_debut: '2026-09-01', date_fin: '2027-08-31', est_inscrit: true });
  });

  it('answers 404 25003 for someone who is not a student', async () => {
    const response = await apiParticulierGet(sim, MESRI, await token('test'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ code: '25003', title: 'Entité non trouvée', meta: { provider: 'MESRI' } }] });
  });
});

describe('CNOUS étudiant boursier', () => {
  it('answers échelon, statut and période of a scholarship student (no e-mail without cnous_email)', async () => {
    const response = await apiParticulierGet(sim, CNOUS, await token('corse_2a'));
    expect(response.status).toBe(200);
    const { email: _email, ...expected } = CNOUS_BOURSIERS['lucia-santoni'] ?? {};
    expect(((await response.json()) as { data: unknown }).data).toEqual(expected);
  });

  it('adds the e-mail with cnous_email', async () => {
    const response = await apiParticulierGet(sim, CNOUS, await token('corse_2a', scopeWith('cnous_email')));
    expect(((await response.json()) as { data: unknown }).data).toEqual(CNOUS_BOURSIERS['lucia-santoni']);
  });

  it('answers 404 26003 for someone who is not a scholarship student', async () => {
    const response = await apiParticulierGet(sim, CNOUS, await token('eleve'));
    expect(response.status).toBe(404);
    expect(await apCode(response)).toBe('26003');
  });
});

describe('DSS prestations', () => {
  it('answers the five statuses of an RSA and C2S beneficiary', async () => {
    const fc = await token('outre_mer');
    for (const prestation of DSS_PRESTATIONS) {
      const response = await apiParticulierGet(sim, dss(prestation), fc);
      expect(response.status, prestation).toBe(200);
      expect(((await response.json()) as { data: unknown }).data).toEqual(DSS_RECORDS['mickael-payet']?.[prestation]);
    }
  });

  it('answers « not a beneficiary » for someone every fund knows but who receives nothing', async () => {
    const fc = await token('test');
    for (const prestation of DSS_PRESTATIONS) {
      const body = (await (await apiParticulierGet(sim, dss(prestation), fc)).json()) as { data: { est_beneficiaire: boolean } };
      expect(body.data.est_beneficiaire, prestation).toBe(false);
    }
  });

  it('shows AAH, ASF and an MSA prime d’activité', async () => {
    const aah = await apiParticulierGet(sim, dss('allocation_adulte_handicape'), await token('corse_2b'));
    expect(await aah.json()).toMatchObject({ data: { est_beneficiaire: true, date_debut_droit: '2019-05-01' } });
    const asf = await apiParticulierGet(sim, dss('allocation_soutien_familial'), await token('genre_non_precise'));
    expect(await asf.json()).toMatchObject({ data: { est_beneficiaire: true } });
    const prime = await apiParticulierGet(sim, dss('prime_activite'), await token('commune_fusionnee'));
    expect(await prime.json()).toEqual({ data: { est_beneficiaire: true, avec_majoration: false, date_debut_droit: '2025-06-01' }, links: {}, meta: {} });
  });

  it.each([
    ['conjoint', 'revenu_solidarite_active', '23003', 'CNAF'],
    ['commune_fusionnee', 'allocation_adulte_handicape', '10003', 'MSA'],
    ['presume_ne', 'prime_activite', '35003', 'CNAF & MSA'],
    ['corse_2a', 'allocation_soutien_familial', '35003', 'CNAF & MSA'],
    ['corse_2a', 'complementaire_sante_solidaire', '40003', 'RNCPS'],
  ])('%s, %s: 404 %s (%s)', async (login, prestation, code, provider) => {
    const response = await apiParticulierGet(sim, dss(prestation), await token(login));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ code, meta: { provider } }] });
  });

  it('answers C2S for someone without any CAF/MSA file', async () => {
    const response = await apiParticulierGet(sim, dss('complementaire_sante_solidaire'), await token('presume_ne'));
    expect(await response.json()).toMatchObject({ data: { est_beneficiaire: true, avec_participation: false } });
  });
});

describe('Quotient familial CAF & MSA', () => {
  it('answers a CNAF family (this month by default), without the address unless cnaf_adresse', async () => {
    const response = await apiParticulierGet(sim, QF, await token('nom_compose'));
    expect(response.status).toBe(200);
    const now = new Date(sim.clock.now());
    const record = QF_RECORDS['thomas-moreau-lambert'];
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      allocataires: record?.allocataires,
      enfants: record?.enfants,
      quotient_familial: {
        fournisseur: 'CNAF',
        valeur: record?.valeur,
        annee: now.getUTCFullYear(),
        mois: now.getUTCMonth() + 1,
        annee_calcul: now.getUTCFullYear(),
        mois_calcul: 1,
      },
    });
  });

  it('answers an MSA family, with the address when the token has cnaf_adresse', async () => {
    const response = await apiParticulierGet(sim, QF, await token('commune_fusionnee', scopeWith('cnaf_adresse')));
    const { data } = (await response.json()) as { data: { adresse: unknown; enfants: unknown[]; quotient_familial: { fournisseur: string } } };
    expect(data.quotient_familial.fournisseur).toBe('MSA');
    expect(data.enfants).toHaveLength(3);
    expect(data.adresse).toEqual(QF_RECORDS['sophie-girard']?.adresse);
  });

  it('answers a past month given by annee and mois', async () => {
    const lastYear = new Date(sim.clock.now()).getUTCFullYear() - 1;
    const response = await apiParticulierGet(sim, QF, await token('test'), { annee: String(lastYear), mois: '3' });
    expect(await response.json()).toMatchObject({ data: { quotient_familial: { annee: lastYear, mois: 3, valeur: 1_320 } } });
  });

  it.each([
    ['a future month', (y: number) => ({ annee: String(y + 1), mois: '1' })],
    ['a month more than two years ago', (y: number) => ({ annee: String(y - 3), mois: '1' })],
    ['a thirteenth month', (y: number) => ({ annee: String(y), mois: '13' })],
  ])('answers 422 for %s', async (_label, query) => {
    const response = await apiParticulierGet(sim, QF, await token('test'), query(new Date(sim.clock.now()).getUTCFullYear()));
    expect(response.status).toBe(422);
  });

  it('answers 404 35003 for someone neither fund knows', async () => {
    const response = await apiParticulierGet(sim, QF, await token('corse_2a'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ code: '35003', meta: { provider: 'CNAF & MSA' } }] });
  });
});

describe('MEN scolarité (API Particulier token, not FranceConnect)', () => {
  const current = () => schoolYear(0, sim.clock.now());

  it('answers the current school year of a pupil found by identity', async () => {
    const response = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, menQuery('eleve', current()));
    expect(response.status).toBe(200);
    const pupil = MEN_PUPILS['lea-moreau-lambert'];
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      identite: pupil?.identite,
      ...pupil?.years[0],
      annee_scolaire: current(),
    });
  });

  it('accepts the school year as its first year only, and answers the previous year', async () => {
    const previous = schoolYear(1, sim.clock.now());
    const response = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, menQuery('eleve', previous.slice(0, 4)));
    expect(await response.json()).toMatchObject({ data: { annee_scolaire: previous, echelon_bourse: 2 } });
  });

  it('answers 404 30003 for someone who is not a pupil, or a year without schooling', async () => {
    const adult = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, menQuery('test', current()));
    expect(adult.status).toBe(404);
    expect(await adult.json()).toMatchObject({ errors: [{ code: '30003', meta: { provider: 'MEN' } }] });
    const longAgo = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, menQuery('eleve', schoolYear(1, sim.clock.now() - 400 * 86_400_000)));
    expect(longAgo.status).toBe(404);
    const otherSchool = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, { ...menQuery('eleve', current()), codeEtablissement: '0750000A' });
    expect(otherSchool.status).toBe(404);
  });

  it.each([
    ['no token', null],
    ['an unknown token', 'not-an-api-particulier-token'],
    ['a FranceConnect token', 'FC'],
  ])('answers 401 00101 with %s', async (_label, t) => {
    const bearer = t === 'FC' ? await token('eleve') : t;
    const response = await apiParticulierGet(sim, MEN_PATH, bearer, menQuery('eleve', current()));
    expect(response.status).toBe(401);
    expect(await apCode(response)).toBe('00101');
  });

  it.each([
    ['no nomNaissance', { nomNaissance: '' }],
    ['no prénom', { 'prenoms[]': [] }],
    ['a sex other than M/F', { sexeEtatCivil: 'X' }],
    ['an impossible date of birth', { moisDateNaissance: '14' }],
  ])('answers 422 00366 for %s', async (_label, change) => {
    const response = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, { ...menQuery('eleve', current()), ...change });
    expect(response.status).toBe(422);
    expect(await apCode(response)).toBe('00366');
  });

  it('answers 422 for a missing school year, a missing recipient, and an establishment with a perimeter', async () => {
    const query = menQuery('eleve', current());
    expect((await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, { ...query, anneeScolaire: '' })).status).toBe(422);
    expect(await apCode(await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, query, null))).toBe('00203');
    const both = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, { ...query, codeEtablissement: '0350029V', 'codesBcnDepartements[]': '035' });
    expect(await apCode(both)).toBe('00419');
  });
});

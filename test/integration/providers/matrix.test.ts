import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasedIdentity } from '../../../backend/simulator/citizens/index.js';
import { CITIZENS } from '../../../backend/simulator/citizens/data.js';
import { SOURCE_IDS, startSimulator, type RunningSimulator, type SourceId } from '../../../backend/simulator/index.js';
import { DSS_PRESTATIONS, KNOWN_CITIZENS, incomeYear, schoolYear } from '../../../backend/simulator/providers/fixtures/index.js';
import {
  API_PARTICULIER_TOKEN,
  MEN_PATH,
  apiParticulierGet,
  baseUrl,
  bearerGet,
  cnamGet,
  dgfipApiToken,
  dgfipSituation,
  fcToken,
  menQuery,
} from './support.js';

// The citizen × source matrix of README, checked against the running providers: every test account
// that can log in asks every source, and the sources that answer with data are exactly KNOWN_CITIZENS.

const LOGGABLE = CITIZENS.filter((c) => releasedIdentity(c) !== undefined);

let sim: RunningSimulator;
const observed = new Map<SourceId, Set<string>>(SOURCE_IDS.map((s) => [s, new Set<string>()]));

async function known(citizenId: string, login: string, apiToken: string) {
  const fc = await fcToken(sim, login);
  const ok = (status: number, allowed: number[] = [404]) => {
    if (status !== 200 && !allowed.includes(status)) throw new Error(`${login}: unexpected status ${status}`);
    return status === 200;
  };
  const mark = (source: SourceId, isKnown: boolean) => {
    if (isKnown) observed.get(source)?.add(citizenId);
  };
  mark('impot_particulier', ok((await dgfipSituation(sim, incomeYear(1, sim.clock.now()), { apiToken, fcToken: fc })).status));
  mark('cnam_droits', ok((await cnamGet(sim, '/v1/droits/beneficiaires/me', fc)).status));
  mark('cnam_ij', ok((await cnamGet(sim, '/v1/indemnites-journalieres/me/paiements', fc)).status));
  mark('mesri_statut_etudiant', ok((await apiParticulierGet(sim, '/v3/mesri/statut_etudiant/france_connect', fc)).status));
  mark('cnous_boursier', ok((await apiParticulierGet(sim, '/v3/cnous/etudiant_boursier/france_connect', fc)).status));
  let dss = false;
  for (const p of DSS_PRESTATIONS) dss = ok((await apiParticulierGet(sim, `/v3/dss/${p}/france_connect`, fc)).status) || dss;
  mark('dss_prestations', dss);
  const qf = await apiParticulierGet(sim, '/v3/dss/quotient_familial/france_connect', fc);
  const fournisseur = ok(qf.status) ? ((await qf.json()) as { data: { quotient_familial: { fournisseur: string } } }).data.quotient_familial.fournisseur : undefined;
  mark('cnaf_quotient_familial', fournisseur === 'CNAF');
  mark('msa_quotient_familial', fournisseur === 'MSA');
  const men = await apiParticulierGet(sim, MEN_PATH, API_PARTICULIER_TOKEN, menQuery(login, schoolYear(0, sim.clock.now())), undefined);
  mark('men_scolarite', ok(men.status, [404, 422]));
  const ft = baseUrl(sim, 'france-travail');
  mark('france_travail_statut', ok((await bearerGet(`${ft}/partenaire/fc-statutaugmente/v1/statut`, fc)).status));
  mark('france_travail_indemnites', ok((await bearerGet(`${ft}/partenaire/fc-liste-paiements/v1/`, fc)).status));
  mark('famille_nombreuse', ok((await bearerGet(`${baseUrl(sim, 'famille-nombreuse')}/v1/carte`, fc)).status));
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const apiToken = await dgfipApiToken(sim);
  for (const c of LOGGABLE) await known(c.id, c.login, apiToken);
}, 120_000);
afterAll(async () => {
  await sim.close();
});

describe('citizen × source matrix', () => {
  it.each(SOURCE_IDS)('%s knows exactly the citizens of KNOWN_CITIZENS, at least one, and not everyone', (source) => {
    const loggable = new Set(LOGGABLE.map((c) => c.id));
    const expected = KNOWN_CITIZENS[source].filter((id) => loggable.has(id));
    expect([...(observed.get(source) ?? [])].sort()).toEqual([...expected].sort());
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(loggable.size);
  });

  it('shows data about the demo account "test" from several sources', () => {
    const sources = SOURCE_IDS.filter((s) => observed.get(s)?.has('angela-dubois'));
    expect(sources).toEqual(['impot_particulier', 'cnam_droits', 'cnam_ij', 'dss_prestations', 'cnaf_quotient_familial']);
  });
});

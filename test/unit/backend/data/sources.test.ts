// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../../../backend/data/sources/index';
import { incomeYears } from '../../../../backend/data/sources/impot_particulier';
import { identityQuery, schoolYear } from '../../../../backend/data/sources/men_scolarite';
import { type Fact, type SourceData, SourceFailure, SOURCE_IDS } from '../../../../backend/data/types';
import { frenchTypography } from '../../../../backend/http/french';
import {
  apiParticulierError,
  CNAM_BENEFICIAIRES,
  CNAM_IJ,
  CNAM_ME,
  CNOUS,
  DGFIP_SITUATION,
  DGFIP_TOKEN,
  DSS,
  FAMILLE_NOMBREUSE,
  FRANCE_TRAVAIL_PAIEMENTS,
  FRANCE_TRAVAIL_STATUT,
  MEN,
  MESRI,
  quotientFamilial,
} from '../../../fixtures/data/provider-responses';
import { fakeProviders, json, type Route, sourceContext } from '../../../support/fake-providers';

/**
 * Each source module against recorded provider answers (data-apis.md examples): the request it
 * makes (endpoint, authentication pattern), the zod schema, and the normalised shape.
 */

const DGFIP = '/providers/dgfip';
const CNAM = '/providers/cnam';
const AP = '/providers/api-particulier';
const FT = '/providers/france-travail';
const FN = '/providers/famille-nombreuse';

function fact(data: SourceData, key: string): Fact | undefined {
  return data.sections.flatMap((s) => s.facts).find((f) => f.key === key);
}

function fillable(data: SourceData): Record<string, Fact['value']> {
  return Object.fromEntries(
    data.sections
      .flatMap((s) => s.facts)
      .filter((f) => f.fillKey)
      .map((f) => [f.fillKey, f.value]),
  );
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SourceFailure) return err;
    throw err;
  }
  throw new Error('expected a SourceFailure');
}

const scopesOf = (id: keyof typeof SOURCES) => [...SOURCES[id].defaultScopes];

describe('impot_particulier (DGFiP: own client-credentials token + FranceConnect token)', () => {
  const years: Record<string, Route> = {
    [`POST ${DGFIP}/token`]: () => json(DGFIP_TOKEN),
    [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2024`]: () => json(DGFIP_SITUATION),
    [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2023`]: () => json({ ...DGFIP_SITUATION, rfr: 23100, nbPart: 2 }),
    [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2022`]: () => json({}, 404),
  };

  it('gets DGFiP’s token with HTTP Basic, then each granted year with both tokens and a correlation id', async () => {
    const p = fakeProviders(years);
    const data = await SOURCES.impot_particulier.fetch(sourceContext(p.fetch, { scopes: scopesOf('impot_particulier') }));

    const token = p.calls[0]!;
    expect(token.method).toBe('POST');
    expect(token.url.pathname).toBe(`${DGFIP}/token`);
    expect(token.headers.get('authorization')).toMatch(/^Basic /);
    const [id, secret] = Buffer.from(token.headers.get('authorization')!.slice(6), 'base64').toString().split(':');
    expect(id).toMatch(/dgfip/);
    expect(secret!.length).toBeGreaterThanOrEqual(16);
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({ grant_type: 'client_credentials', scope: 'RessourceIR' });

    const situations = p.calls.slice(1);
    expect(situations.map((c) => c.url.pathname.split('/').pop()).sort()).toEqual(['2022', '2023', '2024']);
    for (const call of situations) {
      expect(call.headers.get('authorization')).toBe('Bearer dgfip-token-abc');
      expect(call.headers.get('x-franceconnect-oauth')).toBe('fc-access-token');
      expect(call.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(situations.map((c) => c.headers.get('x-correlation-id'))).size).toBe(3);

    // Newest year first; the unknown year (404) is left out.
    expect(data.sections.map((s) => s.title)).toEqual([
      frenchTypography('Revenus 2024 (déclarés en 2025)'),
      frenchTypography('Revenus 2023 (déclarés en 2024)'),
    ]);
    expect(fact(data, 'revenu_fiscal_reference_2024')).toEqual({
      key: 'revenu_fiscal_reference_2024',
      label: 'Revenu fiscal de référence',
      value: 24500,
      type: 'euros',
      fillKey: 'revenu_fiscal_reference',
    });
    expect(fact(data, 'nombre_parts_2024')).toMatchObject({ value: 2.5, type: 'number', fillKey: 'nombre_parts' });
    expect(fact(data, 'revenu_fiscal_reference_2023')).toMatchObject({ value: 23100, type: 'euros' });
    expect(fact(data, 'revenu_fiscal_reference_2023')?.fillKey).toBeUndefined();
    expect(fact(data, 'situation_famille_2024')?.value).toBe('Marié(e)');
    expect(fact(data, 'personnes_a_charge_2024')?.value).toBe(1);
    expect(fact(data, 'declarant_1_2024')?.value).toBe('PAUL MARTIN');
    expect(fact(data, 'adresse_2024')?.value).toBe('12 RUE DES LILAS 69003 LYON');
    expect(data.summary).toBe('Revenus 2024\u00a0: revenu fiscal de référence de 24\u202f500\u00a0€, 2,5 parts.');
    expect(fillable(data)).toEqual({ revenu_fiscal_reference: 24500, nombre_parts: 2.5 });
  });

  it('reuses DGFiP’s token while it is valid', async () => {
    const p = fakeProviders(years);
    const ctx = sourceContext(p.fetch, { scopes: ['dgfip_rfr', 'dgfip_annee_n_moins_1'] });
    await SOURCES.impot_particulier.fetch(ctx);
    await SOURCES.impot_particulier.fetch(ctx);
    expect(p.callsTo(`${DGFIP}/token`)).toHaveLength(1);
    expect(p.callsTo(`${DGFIP}/impotparticulier`)).toHaveLength(2);
  });

  it('accepts the address details under FC’s example names, and int64 values sent as strings', async () => {
    const p = fakeProviders({
      ...years,
      [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2024`]: () =>
        json({ rfr: '31000', nbPart: '1', aftDetail: { voie: '1 RUE A', codePostal: '75001', commune: 'PARIS' } }),
    });
    const data = await SOURCES.impot_particulier.fetch(sourceContext(p.fetch, { scopes: ['dgfip_annee_n_moins_1'] }));
    expect(fact(data, 'revenu_fiscal_reference_2024')?.value).toBe(31000);
    expect(fact(data, 'adresse_2024')?.value).toBe('1 RUE A 75001 PARIS');
    expect(data.summary).toContain('1 part.');
  });

  it('is not_found when no year is known, and refuses DGFiP’s credentials as an error', async () => {
    const unknown = fakeProviders({ [`POST ${DGFIP}/token`]: () => json(DGFIP_TOKEN) });
    expect((await failureOf(SOURCES.impot_particulier.fetch(sourceContext(unknown.fetch)))).status).toBe('not_found');

    const badClient = fakeProviders({ [`POST ${DGFIP}/token`]: () => json({ error: 'invalid_client' }, 401) });
    const failure = await failureOf(SOURCES.impot_particulier.fetch(sourceContext(badClient.fetch)));
    expect(failure).toMatchObject({ status: 'error', reason: 'token_http_401' });
    expect(failure.userMessage).toBe('La DGFiP a refusé les identifiants de Pivot.');
    expect(badClient.calls).toHaveLength(1);

    const tokenDown = fakeProviders({ [`POST ${DGFIP}/token`]: () => json({}, 503) });
    expect(await failureOf(SOURCES.impot_particulier.fetch(sourceContext(tokenDown.fetch)))).toMatchObject({ status: 'unavailable', reason: 'token_http_503' });
  });

  it('is unavailable when one year fails (no half answers), and an empty situation is garbage', async () => {
    const p = fakeProviders({ ...years, [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2023`]: () => json({}, 500) });
    expect(await failureOf(SOURCES.impot_particulier.fetch(sourceContext(p.fetch, { scopes: scopesOf('impot_particulier') })))).toMatchObject({
      status: 'unavailable',
      reason: 'http_500',
    });
    const empty = fakeProviders({ ...years, [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2024`]: () => json({ foo: 1 }) });
    expect((await failureOf(SOURCES.impot_particulier.fetch(sourceContext(empty.fetch)))).status).toBe('unavailable');
  });

  it('drops DGFiP’s token when a year is refused with 401', async () => {
    let tokens = 0;
    const p = fakeProviders({
      [`POST ${DGFIP}/token`]: () => json({ ...DGFIP_TOKEN, access_token: `t${++tokens}` }),
      [`GET ${DGFIP}/impotparticulier/1.0/situations/ir/assiettes/annrev/2024`]: () => json({}, 401),
    });
    const ctx = sourceContext(p.fetch);
    expect(await failureOf(SOURCES.impot_particulier.fetch(ctx))).toMatchObject({ status: 'error', reason: 'http_401' });
    await failureOf(SOURCES.impot_particulier.fetch(ctx));
    expect(tokens).toBe(2);
  });

  it('asks for the years its scopes grant, last year when none', () => {
    const now = new Date(Date.UTC(2025, 0, 10));
    expect(incomeYears(['dgfip_annee_n_moins_2', 'dgfip_annee_n_moins_1'], now)).toEqual([2024, 2023]);
    expect(incomeYears(['dgfip_rfr'], now)).toEqual([2024]);
  });
});

describe('cnam_droits (FranceConnect token as Bearer + X-API-Key)', () => {
  it('reads the citizen and the ayants droit', async () => {
    const p = fakeProviders({
      [`GET ${CNAM}/v1/droits/beneficiaires/me`]: () => json(CNAM_ME),
      [`GET ${CNAM}/v1/droits/beneficiaires/me/beneficiaires`]: () => json(CNAM_BENEFICIAIRES),
    });
    const data = await SOURCES.cnam_droits.fetch(sourceContext(p.fetch));
    expect(p.calls).toHaveLength(2);
    for (const call of p.calls) {
      expect(call.headers.get('authorization')).toBe('Bearer fc-access-token');
      expect(call.headers.get('x-api-key')).toMatch(/.{16,}/);
    }
    expect(fact(data, 'nir')).toMatchObject({ value: '2850575123456', fillKey: 'numero_securite_sociale', type: 'text' });
    expect(fact(data, 'date_naissance')).toMatchObject({ value: '1985-05-01', type: 'date' });
    expect(fact(data, 'qualite')?.value).toBe('Assuré');
    expect(fact(data, 'medecin_traitant')).toMatchObject({ value: true, type: 'boolean' });
    expect(fact(data, 'nom_usage')).toBeUndefined(); // null: not shown
    // The citizen is listed once; Emma is the one ayant droit.
    expect(data.sections.map((s) => s.title)).toEqual(['Assuré', 'Ayant droit 1']);
    expect(fact(data, 'ayant_droit_1_nom')?.value).toBe('EMMA DURAND');
    expect(fact(data, 'ayant_droit_1_qualite')?.value).toBe('Enfant');
    expect(data.summary).toBe(frenchTypography('Affiliation à l’Assurance maladie confirmée, avec 1 ayant droit rattaché.'));
  });

  it('has no ayants droit when that list is unknown, and is not_found when the citizen is', async () => {
    const alone = fakeProviders({ [`GET ${CNAM}/v1/droits/beneficiaires/me`]: () => json(CNAM_ME) });
    const data = await SOURCES.cnam_droits.fetch(sourceContext(alone.fetch));
    expect(data.sections).toHaveLength(1);
    const unknown = fakeProviders({});
    expect((await failureOf(SOURCES.cnam_droits.fetch(sourceContext(unknown.fetch)))).status).toBe('not_found');
  });
});

describe('cnam_ij', () => {
  it('lists the indemnified periods with their amounts', async () => {
    const p = fakeProviders({ [`GET ${CNAM}/v1/indemnites-journalieres/me/paiements`]: () => json(CNAM_IJ) });
    const data = await SOURCES.cnam_ij.fetch(sourceContext(p.fetch));
    expect(p.calls[0]!.headers.get('x-api-key')).toBeTruthy();
    expect(p.calls[0]!.headers.get('authorization')).toBe('Bearer fc-access-token');
    expect(fact(data, 'periode_1')).toMatchObject({ value: '2024-03-04/2024-03-17', type: 'period' });
    expect(fact(data, 'jours_1')).toMatchObject({ value: 14, type: 'number' });
    expect(fact(data, 'montant_journalier_1')).toMatchObject({ value: 42.17, type: 'euros' });
    expect(fact(data, 'csg_1')?.value).toBe(3.52);
    expect(data.sections[0]!.title).toBe('Du 4 mars 2024 au 17 mars 2024');
    expect(data.summary).toBe(frenchTypography('1 période indemnisée ; la plus récente commence le 4 mars 2024.'));
  });

  it('says so when nothing was paid', async () => {
    const p = fakeProviders({ [`GET ${CNAM}/v1/indemnites-journalieres/me/paiements`]: () => json({ paiements: [] }) });
    const data = await SOURCES.cnam_ij.fetch(sourceContext(p.fetch));
    expect(data).toEqual({ summary: 'Aucune indemnité journalière versée.', sections: [] });
  });
});

describe('API Particulier FranceConnect routes (FC token as Bearer, recipient, no identity)', () => {
  it('mesri_statut_etudiant: current enrolment', async () => {
    const p = fakeProviders({ [`GET ${AP}/v3/mesri/statut_etudiant/france_connect`]: () => json(MESRI) });
    const data = await SOURCES.mesri_statut_etudiant.fetch(sourceContext(p.fetch));
    const call = p.calls[0]!;
    expect(call.headers.get('authorization')).toBe('Bearer fc-access-token');
    expect([...call.url.searchParams.keys()]).toEqual(['recipient']);
    expect(call.url.searchParams.get('recipient')).toMatch(/^\d{14}$/);
    expect(fact(data, 'statut_etudiant')).toMatchObject({ value: true, type: 'boolean', fillKey: 'statut_etudiant' });
    expect(fact(data, 'periode_1')).toMatchObject({ value: '2024-09-01/2025-08-31', type: 'period' });
    expect(fact(data, 'regime_1')?.value).toBe('formation initiale');
    expect(fact(data, 'etablissement_1')?.value).toBe('UNIVERSITE EXEMPLE (UAI 0330000A)');
    expect(data.sections[1]!.title).toBe('Admission 2024-2025');
    expect(data.summary).toBe(frenchTypography('Inscription en cours dans l’enseignement supérieur (UNIVERSITE EXEMPLE).'));
  });

  it('mesri_statut_etudiant: an admission that is over is not a current enrolment', async () => {
    const old = structuredClone(MESRI);
    old.data.admissions[0]!.date_debut = '2022-09-01';
    old.data.admissions[0]!.date_fin = '2023-08-31';
    const p = fakeProviders({ [`GET ${AP}/v3/mesri/statut_etudiant/france_connect`]: () => json(old) });
    const data = await SOURCES.mesri_statut_etudiant.fetch(sourceContext(p.fetch));
    expect(fact(data, 'statut_etudiant')?.value).toBe(false);
    expect(data.summary).toBe(frenchTypography('Aucune inscription en cours ; 1 admission connue.'));
  });

  it('cnous_boursier: status, échelon and payment period', async () => {
    const p = fakeProviders({ [`GET ${AP}/v3/cnous/etudiant_boursier/france_connect`]: () => json(CNOUS) });
    const data = await SOURCES.cnous_boursier.fetch(sourceContext(p.fetch));
    expect(p.calls[0]!.headers.get('authorization')).toBe('Bearer fc-access-token');
    expect(fillable(data)).toEqual({ statut_boursier: true, echelon_bourse: '4' });
    expect(fact(data, 'date_rentree')).toMatchObject({ value: '2024-09-01', type: 'date' });
    expect(fact(data, 'duree_versement')?.value).toBe(10);
    expect(fact(data, 'ville_etudes')?.value).toBe('Rennes');
    expect(data.summary).toBe(frenchTypography('Bourse sur critères sociaux : échelon 4, versée 10 mois à partir du 1er septembre 2024.'));
  });

  it('cnous_boursier: not a boursier; an échelon sent as a number', async () => {
    const p = fakeProviders({
      [`GET ${AP}/v3/cnous/etudiant_boursier/france_connect`]: () => json({ data: { est_boursier: false, echelon_bourse: { echelon: 0 } } }),
    });
    const data = await SOURCES.cnous_boursier.fetch(sourceContext(p.fetch));
    expect(fillable(data)).toEqual({ statut_boursier: false, echelon_bourse: '0' });
    expect(data.summary).toBe('Pas de bourse sur critères sociaux.');
  });

  it('cnous_boursier: the 404 of API Particulier is not_found', async () => {
    const p = fakeProviders({
      [`GET ${AP}/v3/cnous/etudiant_boursier/france_connect`]: () => json(apiParticulierError('26003', 'Aucun étudiant boursier'), 404),
    });
    expect((await failureOf(SOURCES.cnous_boursier.fetch(sourceContext(p.fetch)))).status).toBe('not_found');
  });

  it('dss_prestations: one call per benefit, those without a file left out', async () => {
    const routes: Record<string, Route> = {};
    for (const [id, body] of Object.entries(DSS)) routes[`GET ${AP}/v3/dss/${id}/france_connect`] = () => json(body);
    routes[`GET ${AP}/v3/dss/allocation_soutien_familial/france_connect`] = () => json(apiParticulierError('23003', 'Dossier allocataire absent CNAF'), 404);
    const p = fakeProviders(routes);
    const data = await SOURCES.dss_prestations.fetch(sourceContext(p.fetch, { scopes: scopesOf('dss_prestations') }));
    expect(p.calls).toHaveLength(5);
    expect(data.sections.map((s) => s.title)).toEqual([
      'Complémentaire santé solidaire (C2S)',
      'Revenu de solidarité active (RSA)',
      'Prime d’activité',
      'Allocation aux adultes handicapés (AAH)',
    ]);
    expect(fact(data, 'complementaire_sante_solidaire_beneficiaire')).toMatchObject({ value: true, type: 'boolean' });
    expect(fact(data, 'complementaire_sante_solidaire_avec_participation')?.value).toBe(false);
    expect(fact(data, 'complementaire_sante_solidaire_date_debut_droit')).toMatchObject({ value: '2024-06-01', type: 'date' });
    expect(fact(data, 'prime_activite_avec_majoration')).toBeUndefined();
    expect(data.summary).toBe(frenchTypography('Prestations en cours : C2S et RSA.'));
  });

  it('dss_prestations: calls only the benefits its scopes cover; all unknown → not_found; one failing → unavailable', async () => {
    const only = fakeProviders({ [`GET ${AP}/v3/dss/revenu_solidarite_active/france_connect`]: () => json(DSS.revenu_solidarite_active) });
    await SOURCES.dss_prestations.fetch(sourceContext(only.fetch, { scopes: ['revenu_solidarite_active'] }));
    expect(only.calls.map((c) => c.url.pathname)).toEqual([`${AP}/v3/dss/revenu_solidarite_active/france_connect`]);

    const none = fakeProviders({});
    expect((await failureOf(SOURCES.dss_prestations.fetch(sourceContext(none.fetch, { scopes: scopesOf('dss_prestations') })))).status).toBe('not_found');

    const broken = fakeProviders({ [`GET ${AP}/v3/dss/prime_activite/france_connect`]: () => json(apiParticulierError('37999', 'Erreur'), 502) });
    expect(await failureOf(SOURCES.dss_prestations.fetch(sourceContext(broken.fetch, { scopes: scopesOf('dss_prestations') })))).toMatchObject({
      status: 'unavailable',
      reason: 'http_502',
    });
  });

  it('cnaf_quotient_familial / msa_quotient_familial: one endpoint, the provider decides which source answers', async () => {
    const p = fakeProviders({ [`GET ${AP}/v3/dss/quotient_familial/france_connect`]: () => json(quotientFamilial('CNAF')) });
    const ctx = sourceContext(p.fetch);
    const data = await SOURCES.cnaf_quotient_familial.fetch(ctx);
    const msa = await failureOf(SOURCES.msa_quotient_familial.fetch(ctx));
    expect(p.calls).toHaveLength(1); // shared within one fan-out
    expect(msa).toMatchObject({ status: 'not_found', reason: 'fournisseur_cnaf' });
    expect(fact(data, 'quotient_familial')).toMatchObject({ value: 780, type: 'number', fillKey: 'quotient_familial' });
    expect(fact(data, 'mois')?.value).toBe('avril 2025');
    expect(fact(data, 'mois_calcul')?.value).toBe('mars 2025');
    expect(fact(data, 'allocataire_1')?.value).toBe('ANNE MARIE PETIT');
    expect(fact(data, 'enfant_1')?.value).toBe('LEO PETIT');
    expect(fact(data, 'enfant_1_date_naissance')).toMatchObject({ value: '2016-07-21', type: 'date' });
    expect(fact(data, 'adresse')?.value).toBe('Madame ANNE PETIT, 5 PLACE DU MARCHE, 35000 RENNES, FRANCE');
    expect(data.summary).toBe('Quotient familial CAF de 780 pour avril 2025.');

    const m = fakeProviders({ [`GET ${AP}/v3/dss/quotient_familial/france_connect`]: () => json(quotientFamilial('MSA')) });
    const mctx = sourceContext(m.fetch);
    expect((await SOURCES.msa_quotient_familial.fetch(mctx)).summary).toBe('Quotient familial MSA de 780 pour avril 2025.');
    expect((await failureOf(SOURCES.cnaf_quotient_familial.fetch(mctx))).reason).toBe('fournisseur_msa');
  });

  it('men_scolarite: Pivot’s API Particulier token and the certified identity, not the FC token', async () => {
    const p = fakeProviders({ [`GET ${AP}/v3/men/scolarites/identite`]: () => json(MEN) });
    const data = await SOURCES.men_scolarite.fetch(sourceContext(p.fetch));
    const call = p.calls[0]!;
    expect(call.headers.get('authorization')).not.toContain('fc-access-token');
    expect(call.headers.get('authorization')).toMatch(/^Bearer .{16,}$/);
    expect([...call.url.searchParams.entries()]).toEqual([
      ['recipient', expect.stringMatching(/^\d{14}$/)],
      ['nomNaissance', 'DUBOIS'],
      ['prenoms[]', 'Angela'],
      ['prenoms[]', 'Claire'],
      ['prenoms[]', 'Louise'],
      ['sexeEtatCivil', 'F'],
      ['anneeDateNaissance', '1962'],
      ['moisDateNaissance', '8'],
      ['jourDateNaissance', '24'],
      ['anneeScolaire', '2024-2025'],
    ]);
    expect(fillable(data)).toEqual({ statut_boursier: true, echelon_bourse: '3' });
    expect(fact(data, 'est_scolarise')?.value).toBe(true);
    expect(fact(data, 'formation')?.value).toBe('TERMINALE GENERALE');
    expect(data.summary).toBe(frenchTypography('Scolarisation confirmée pour 2024-2025, bourse de l’échelon 3.'));
  });

  it('men_scolarite: a refused token is Pivot’s; an incomplete identity is not sent', async () => {
    const refused = fakeProviders({ [`GET ${AP}/v3/men/scolarites/identite`]: () => json(apiParticulierError('00101', 'Token invalide'), 401) });
    const failure = await failureOf(SOURCES.men_scolarite.fetch(sourceContext(refused.fetch)));
    expect(failure).toMatchObject({ status: 'error', reason: 'http_401', userMessage: 'L’API Particulier a refusé les identifiants de Pivot.' });

    const p = fakeProviders({});
    const ctx = sourceContext(p.fetch);
    const presumed = await failureOf(SOURCES.men_scolarite.fetch({ ...ctx, identity: { ...ctx.identity, birthdate: '1986-00-00' } }));
    expect(presumed).toMatchObject({ status: 'error', reason: 'identity_incomplete' });
    expect(p.calls).toHaveLength(0);
  });

  it('men_scolarite: school year and identity parameters', () => {
    expect(schoolYear(new Date(Date.UTC(2025, 7, 31)))).toBe('2024-2025');
    expect(schoolYear(new Date(Date.UTC(2025, 8, 1)))).toBe('2025-2026');
    expect(identityQuery({ family_name: 'MARTIN', given_name: 'Jean Philippe', gender: 'male', birthdate: '1984-05-12' })).toEqual([
      ['nomNaissance', 'MARTIN'],
      ['prenoms[]', 'Jean'],
      ['prenoms[]', 'Philippe'],
      ['sexeEtatCivil', 'M'],
      ['anneeDateNaissance', '1984'],
      ['moisDateNaissance', '5'],
      ['jourDateNaissance', '12'],
    ]);
    expect(() => identityQuery({ family_name: 'X', given_name: 'Y', birthdate: '1984-05-12' })).toThrow(SourceFailure);
  });
});

describe('France Travail (FC token as Bearer)', () => {
  it('france_travail_statut: registration and category', async () => {
    const p = fakeProviders({ [`GET ${FT}/partenaire/fc-statutaugmente/v1/statut`]: () => json(FRANCE_TRAVAIL_STATUT) });
    const data = await SOURCES.france_travail_statut.fetch(sourceContext(p.fetch));
    expect(p.calls[0]!.headers.get('authorization')).toBe('Bearer fc-access-token');
    expect(fact(data, 'inscrit')).toMatchObject({ value: true, fillKey: 'statut_demandeur_emploi' });
    expect(fact(data, 'date_inscription')).toMatchObject({ value: '2024-01-08', type: 'date' });
    expect(fact(data, 'categorie')?.value).toBe('1 (personne sans emploi disponible duree indeterminee plein tps)');
    expect(fact(data, 'adresse')?.value).toBe('3 RUE DU PORT, 44000 NANTES');
    expect(data.summary).toBe('Inscription à France Travail depuis le 8 janvier 2024, catégorie 1.');
  });

  it('france_travail_statut: a registration that ended', async () => {
    const ended = structuredClone(FRANCE_TRAVAIL_STATUT) as unknown as { situationInscription: Record<string, unknown> };
    ended.situationInscription.dateCessationInscription = '2025-03-31';
    const p = fakeProviders({ [`GET ${FT}/partenaire/fc-statutaugmente/v1/statut`]: () => json(ended) });
    const data = await SOURCES.france_travail_statut.fetch(sourceContext(p.fetch));
    expect(fact(data, 'inscrit')?.value).toBe(false);
    expect(data.summary).toBe('Inscription à France Travail terminée le 31 mars 2025.');
  });

  it('france_travail_indemnites: payments, newest first', async () => {
    const body = structuredClone(FRANCE_TRAVAIL_PAIEMENTS);
    body.listePaiement.push({ date_paiement: '2025-04-03T04:00:00+02:00', montant_paiement: 1000, allocations: 1000, aides: 0, autres_paiements: 0 });
    const p = fakeProviders({ [`GET ${FT}/partenaire/fc-liste-paiements/v1/`]: () => json(body) });
    const data = await SOURCES.france_travail_indemnites.fetch(sourceContext(p.fetch));
    expect(p.calls[0]!.url.pathname).toBe(`${FT}/partenaire/fc-liste-paiements/v1/`);
    expect(data.sections.map((s) => s.title)).toEqual(['Inscription', 'Paiement du 3 mai 2025', 'Paiement du 3 avril 2025']);
    expect(fact(data, 'paiement_1_montant')).toMatchObject({ value: 1096.78, type: 'euros' });
    expect(fact(data, 'paiement_1_date')).toMatchObject({ value: '2025-05-03', type: 'date' });
    expect(data.summary).toBe(frenchTypography('2 paiements de France Travail ; le dernier, de 1\u202f096,78\u00a0€, le 3 mai 2025.'));
  });
});

describe('famille_nombreuse (FC token as Bearer)', () => {
  it('card number, validity and children', async () => {
    const p = fakeProviders({ [`GET ${FN}/v1/carte`]: () => json(FAMILLE_NOMBREUSE) });
    const data = await SOURCES.famille_nombreuse.fetch(sourceContext(p.fetch));
    expect(p.calls[0]!.headers.get('authorization')).toBe('Bearer fc-access-token');
    expect(fillable(data)).toEqual({ numero_carte_famille_nombreuse: 'FN-2024-000123' });
    expect(fact(data, 'date_fin_validite')).toMatchObject({ value: '2027-01-31', type: 'date' });
    expect(data.summary).toBe(frenchTypography('Carte famille nombreuse valable jusqu’au 31 janvier 2027 (3 enfants).'));
  });

  it('not a holder', async () => {
    const p = fakeProviders({ [`GET ${FN}/v1/carte`]: () => json({ est_titulaire: false }) });
    expect((await SOURCES.famille_nombreuse.fetch(sourceContext(p.fetch))).summary).toBe('Pas de carte famille nombreuse en cours.');
  });
});

describe('every source', () => {
  const garbage: Record<string, Route> = {};
  it.each(SOURCE_IDS)('%s: a body of the wrong shape is unavailable, never a crash', async (id) => {
    const p = fakeProviders(
      new Proxy(garbage, {
        get: (_t, key) => (typeof key === 'string' && key.startsWith('POST') ? () => json(DGFIP_TOKEN) : () => json({ data: [1, 2, 3], rfr: 'x' })),
      }),
    );
    const failure = await failureOf(SOURCES[id].fetch(sourceContext(p.fetch, { scopes: scopesOf(id) })));
    expect(failure.status).toBe('unavailable');
    expect(failure.reason).toMatch(/^schema/);
  });

  it.each(SOURCE_IDS)('%s: its label is French with French typography', (id) => {
    const source = SOURCES[id];
    expect(source.label).toBe(frenchTypography(source.label));
    expect(source.label).not.toMatch(/'/);
  });
});

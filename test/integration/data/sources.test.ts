import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from '../../../backend/data/sources/index';
import { SOURCE_IDS, type SourceResult } from '../../../backend/data/types';
import {
  CNAM_IJ_PAIEMENTS,
  CNAM_RECORDS,
  CNOUS_BOURSIERS,
  DGFIP_HOUSEHOLDS,
  DSS_RECORDS,
  FAMILLE_NOMBREUSE_CARDS,
  FRANCE_TRAVAIL_RECORDS,
  incomeYear,
  isKnown,
  MEN_PUPILS,
  MESRI_STUDENTS,
  QF_RECORDS,
} from '../../../backend/simulator/providers/fixtures/index';
import { factValue, fillable, loginAndData, statuses } from '../../support/data';
import { type Stack, startStack } from '../../support/stack';

/**
 * Every source against the simulated providers, through a real login: the callback fetches the
 * chosen sources while FranceConnect's access token is valid, GET /api/data returns them
 * normalised. For each source, a citizen it knows (data shown, values checked against the
 * simulator's fixtures) and citizens it does not (not_found). The simulated providers check the
 * FranceConnect token with /checktoken over real HTTP.
 */

const LOGINS = ['test', 'corse_2a', 'eleve', 'commune_fusionnee', 'nom_usage', 'presume_ne_jour'] as const;
type Login = (typeof LOGINS)[number];

let stack: Stack;
const data = {} as Record<Login, Record<string, SourceResult>>;
const citizenOf = {} as Record<Login, string>;

beforeAll(async () => {
  stack = await startStack();
  for (const login of LOGINS) {
    citizenOf[login] = stack.simulator.testAccounts.find((a) => a.login === login)!.id;
    data[login] = (await loginAndData(stack.url, { login })).sources;
  }
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('who is known where', () => {
  it.each(LOGINS)('%s: ok where the provider knows the citizen, not_found everywhere else', (login) => {
    const expected = Object.fromEntries(SOURCE_IDS.map((id) => [id, isKnown(id, citizenOf[login]) ? 'ok' : 'not_found']));
    expect(statuses(data[login])).toEqual(expected);
    for (const result of Object.values(data[login])) {
      expect(result.label).toBe(SOURCES[result.id].label);
      expect(Date.parse(result.fetchedAt)).not.toBeNaN();
      if (result.status === 'not_found') expect(result).not.toHaveProperty('error');
    }
  });
});

describe('known citizens, normalised', () => {
  it('impot_particulier: three income years, the last one fillable', () => {
    const r = data.test.impot_particulier;
    const household = DGFIP_HOUSEHOLDS.find((h) => h.key === 'dubois')!;
    const [n1, n2, n3] = [incomeYear(1), incomeYear(2), incomeYear(3)];
    expect(r?.data?.sections.map((s) => s.title)).toEqual([n1, n2, n3].map((y) => `Revenus ${y} (déclarés en ${y + 1})`));
    expect(fillable(r)).toEqual({ revenu_fiscal_reference: household.years[1]!.rfr, nombre_parts: household.years[1]!.nbPart });
    expect(factValue(r, `revenu_fiscal_reference_${n2}`)).toBe(household.years[2]!.rfr);
    expect(factValue(r, `nombre_parts_${n3}`)).toBe(household.years[3]!.nbPart);
    expect(factValue(r, `personnes_a_charge_${n3}`)).toBe(1);
    expect(factValue(r, `situation_famille_${n1}`)).toBe('Marié(e)');
    expect(r?.data?.summary).toContain(`Revenus ${n1}`);
  });

  it('cnam_droits: the insured person, with the NIR fillable', () => {
    const r = data.test.cnam_droits;
    const me = CNAM_RECORDS['angela-dubois']!.me;
    expect(fillable(r)).toEqual({ numero_securite_sociale: me.nir });
    expect(factValue(r, 'nom')).toBe(me.nom_famille);
    expect(factValue(r, 'date_naissance')).toBe(me.date_naissance);
    expect(factValue(r, 'qualite')).toBe('Assuré');
    expect(r?.data?.sections).toHaveLength(1); // no ayant droit besides herself
  });

  it('cnam_ij: the indemnified periods, newest first', () => {
    const r = data.test.cnam_ij;
    const paid = [...CNAM_IJ_PAIEMENTS['angela-dubois']!].sort((a, b) => b.date_debut.localeCompare(a.date_debut));
    expect(r?.data?.sections).toHaveLength(paid.length);
    expect(factValue(r, 'periode_1')).toBe(`${paid[0]!.date_debut}/${paid[0]!.date_fin}`);
    expect(factValue(r, 'montant_journalier_1')).toBe(paid[0]!.montant_journalier);
    expect(factValue(r, 'jours_1')).toBe(paid[0]!.nombre_jours);
  });

  it('mesri_statut_etudiant: admissions, and whether the student is enrolled today', () => {
    const r = data.corse_2a.mesri_statut_etudiant;
    const admissions = MESRI_STUDENTS['lucia-santoni']!.admissions;
    const enrolled = admissions.some((a) => a.est_inscrit && a.date_debut <= today() && today() <= a.date_fin);
    expect(fillable(r)).toEqual({ statut_etudiant: enrolled });
    expect(r?.data?.sections).toHaveLength(1 + admissions.length);
    expect(factValue(r, 'etablissement_1')).toContain(admissions[0]!.etablissement_etudes.nom);
  });

  it('cnous_boursier: status and échelon fillable; no e-mail without its scope', () => {
    const r = data.corse_2a.cnous_boursier;
    const b = CNOUS_BOURSIERS['lucia-santoni']!;
    expect(fillable(r)).toEqual({ statut_boursier: true, echelon_bourse: b.echelon_bourse.echelon });
    expect(factValue(r, 'date_rentree')).toBe(b.periode_versement_bourse.date_rentree);
    expect(factValue(r, 'etablissement')).toBe(b.etablissement_etudes.nom_etablissement);
    expect(factValue(r, 'email')).toBeUndefined(); // cnous_email is not requested: API Particulier filters it
  });

  it('dss_prestations: the five benefits, the C2S granted', () => {
    const r = data.nom_usage.dss_prestations;
    const c2s = DSS_RECORDS['claire-rousseau']!.complementaire_sante_solidaire!;
    expect(factValue(r, 'complementaire_sante_solidaire_beneficiaire')).toBe(true);
    expect(factValue(r, 'complementaire_sante_solidaire_date_debut_droit')).toBe(c2s.date_debut_droit);
    expect(factValue(r, 'revenu_solidarite_active_beneficiaire')).toBe(false);
    expect(r?.data?.summary).toBe('Prestations en cours\u00a0: C2S.');
  });

  it('cnaf_quotient_familial: the CAF’s quotient familial, fillable; family members', () => {
    const r = data.test.cnaf_quotient_familial;
    const qf = QF_RECORDS['angela-dubois']!;
    expect(fillable(r)).toEqual({ quotient_familial: qf.valeur });
    expect(factValue(r, 'allocataire_1')).toEqual(expect.any(String));
    expect(r?.data?.summary).toMatch(/^Quotient familial CAF de /);
  });

  it('msa_quotient_familial: the MSA’s, from the same endpoint', () => {
    const r = data.commune_fusionnee.msa_quotient_familial;
    expect(fillable(r)).toEqual({ quotient_familial: QF_RECORDS['sophie-girard']!.valeur });
    expect(factValue(r, 'enfant_3')).toBe('ROSE FAVRE');
    expect(r?.data?.summary).toMatch(/^Quotient familial MSA de 735 /);
  });

  it('men_scolarite: found by the certified identity, with the school bourse', () => {
    const r = data.eleve.men_scolarite;
    const year = MEN_PUPILS['lea-moreau-lambert']!.years[0]!;
    expect(fillable(r)).toEqual({ statut_boursier: year.est_boursier, echelon_bourse: String(year.echelon_bourse) });
    expect(factValue(r, 'formation')).toBe(year.module_elementaire_formation.libelle);
    expect(factValue(r, 'est_scolarise')).toBe(true);
  });

  it('france_travail_statut: registration and category', () => {
    const r = data.nom_usage.france_travail_statut;
    const s = FRANCE_TRAVAIL_RECORDS['claire-rousseau']!.statut.situationInscription;
    expect(fillable(r)).toEqual({ statut_demandeur_emploi: true });
    expect(factValue(r, 'date_inscription')).toBe(s.dateInscription);
    expect(factValue(r, 'categorie')).toMatch(/^1 \(/);
  });

  it('france_travail_indemnites: the payments, newest first', () => {
    const r = data.nom_usage.france_travail_indemnites;
    const paid = [...FRANCE_TRAVAIL_RECORDS['claire-rousseau']!.paiements.listePaiement].sort((a, b) => b.date_paiement.localeCompare(a.date_paiement));
    expect(factValue(r, 'inscrit')).toBe(true);
    expect(factValue(r, 'paiement_1_montant')).toBe(paid[0]!.montant_paiement);
    expect(factValue(r, 'paiement_1_date')).toBe(paid[0]!.date_paiement.slice(0, 10));
    expect(r?.data?.sections).toHaveLength(1 + paid.length);
  });

  it('famille_nombreuse: the card number, fillable', () => {
    const r = data.commune_fusionnee.famille_nombreuse;
    const card = FAMILLE_NOMBREUSE_CARDS['sophie-girard']!;
    expect(fillable(r)).toEqual({ numero_carte_famille_nombreuse: card.numero_carte });
    expect(factValue(r, 'date_fin_validite')).toBe(card.date_fin_validite);
    expect(factValue(r, 'nombre_enfants')).toBe(card.nombre_enfants);
  });
});

describe('unknown citizens', () => {
  it('presume_ne_jour is known nowhere: twelve not_found, and the login still succeeds', () => {
    expect(new Set(Object.values(statuses(data.presume_ne_jour)))).toEqual(new Set(['not_found']));
  });
});

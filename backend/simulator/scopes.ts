// FranceConnect v2 (FC low) scopes and the claims each one releases (franceconnect.md §4.1),
// plus the data-provider scopes FC knows (§7.4): each of those is a scope with no identity claim,
// carried in the access token so that a data provider can read it back through /checktoken.

export const IDENTITY_CLAIMS = [
  'given_name',
  'given_name_array',
  'family_name',
  'preferred_username',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'email',
  'idp_birthdate',
] as const;
export type IdentityClaim = (typeof IDENTITY_CLAIMS)[number];

/** Scope → claims, in oidc-provider's `claims` configuration shape. */
export const IDENTITY_SCOPES: Record<string, readonly string[]> = {
  openid: ['sub'],
  profile: ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'preferred_username'],
  birth: ['birthplace', 'birthcountry'],
  identite_pivot: ['given_name', 'given_name_array', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
  given_name: ['given_name', 'given_name_array'],
  family_name: ['family_name'],
  preferred_username: ['preferred_username'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email'],
  idp_birthdate: ['idp_birthdate'],
  amr: ['amr'],
};

const expand = (prefix: string, names: string[]) => names.map((n) => `${prefix}${n}`);

/** Data-provider scopes known to FranceConnect, grouped by the provider FC names in its consent page. */
export const DATA_PROVIDER_SCOPES: Record<string, { label: string; scopes: readonly string[] }> = {
  dgfip: {
    label: 'Direction générale des Finances publiques',
    scopes: [
      ...expand('dgfip_', [
        'rfr', 'annee_n_moins_1', 'annee_n_moins_2', 'annee_n_moins_3', 'annee_n_moins_2_si_indispo_n_moins_1',
        'nbpart', 'sitfam', 'aft', 'nbpac', 'inddeficit', 'pariso', 'decl', 'pac', 'pac_nbPac',
        'locaux_th', 'locaux_th_ident', 'locaux_th_Nat', 'locaux_th_Tax', 'locaux_th_Aff',
        'nmUsaDec1', 'nmNaiDec1', 'prnmDec1', 'dateNaisDec1', 'nmUsaDec2', 'nmNaiDec2', 'prnmDec2', 'dateNaisDec2',
        'mntRevbareme', 'indiIFI', 'PaDeduc_EnfMaj', 'PaDeduc_Autres', 'EpargRetrDeduc',
      ]),
      ...['RevDecl', 'RevNets'].flatMap((kind) =>
        expand(`dgfip_${kind}_`, ['Cat1_Tspr', 'Cat1_RentOn', 'Cat2_Rcm', 'Cat3_PMV', 'Cat4_Ref', 'Cat5_NonSal']),
      ),
    ],
  },
  cnam: {
    label: 'Caisse nationale de l’assurance maladie',
    scopes: [
      'droits_assurance_maladie', 'cnam_beneficiaires', 'cnam_contrats', 'cnam_caisse', 'cnam_exonerations',
      'cnam_medecin_traitant', 'cnam_presence_medecin_traitant', 'cnam_paiements_ij',
    ],
  },
  dss: { label: 'Sécurité sociale', scopes: ['complementaire_sante_solidaire'] },
  cnaf: {
    label: 'Caisse nationale des allocations familiales et Mutualité sociale agricole',
    scopes: [
      'cnaf_quotient_familial', 'cnaf_allocataires', 'cnaf_enfants', 'cnaf_adresse', 'allocation_adulte_handicape',
      'allocation_soutien_familial', 'prime_activite', 'prime_activite_majoration', 'revenu_solidarite_active',
      'revenu_solidarite_active_majoration',
    ],
  },
  cnous: {
    label: 'Centre national des œuvres universitaires et scolaires',
    scopes: [
      'cnous_statut_boursier', 'cnous_echelon_bourse', 'cnous_email', 'cnous_periode_versement', 'cnous_statut_bourse',
      'cnous_ville_etudes', 'cnous_identite',
    ],
  },
  mesri: {
    label: 'Ministère de l’Enseignement supérieur et de la Recherche',
    scopes: [
      'mesri_identite', 'mesri_admissions', 'mesri_admission_inscrit', 'mesri_admission_regime_formation',
      'mesri_admission_commune_etudes', 'mesri_admission_etablissement_etude',
    ],
  },
  francetravail: { label: 'France Travail', scopes: ['api_fc-liste-paiementsv1', 'api_fc-statutaugmentev1'] },
  mi: { label: 'Ministère de l’Intérieur', scopes: ['mi_siv_carte_grise'] },
  ants: {
    label: 'Agence nationale des titres sécurisés',
    scopes: expand('ants_extrait_immatriculation_vehicule_', [
      'identite_particulier', 'adresse_particulier', 'statut_rattachement', 'donnees_immatriculation_vehicule',
      'caracteristiques_techniques_vehicule',
    ]),
  },
  dsnj: { label: 'Direction du Service national et de la Jeunesse', scopes: ['dsnj_statut_service_national'] },
  asc: {
    label: 'Agence du service civique',
    scopes: expand('gip_mds_service_civique_', ['statut_actuel', 'statut_passe', 'organisme_accueil', 'dates']),
  },
  // Not in FranceConnect: the family-card API has no public specification (data-apis.md §11); the
  // scope name is the one CONTRACTS.md settles on, for the simulated provider of issue 6.
  famille_nombreuse: { label: 'Ministère chargé des transports', scopes: ['famille_nombreuse_carte'] },
};

export const ALL_DATA_PROVIDER_SCOPES: readonly string[] = Object.values(DATA_PROVIDER_SCOPES).flatMap((g) => g.scopes);

/**
 * French labels of the data-provider scopes, as FranceConnect shows them on its consent page (FCS
 * back/libs/scopes/src/i18n/fr-FR.i18n.ts), with French typography. Scopes without a label are shown by name.
 */
export const SCOPE_LABELS: Record<string, string> = {
  droits_assurance_maladie: 'Droits Assurance Maladie',
  cnam_beneficiaires: 'Liste de vos ayant-droits',
  cnam_contrats: 'Vos droits de base',
  cnam_caisse: 'Votre caisse gestionnaire',
  cnam_exonerations: 'Vos exonérations ou modulations éventuelles',
  cnam_medecin_traitant: 'Votre médecin traitant',
  cnam_presence_medecin_traitant: 'Présence d’un médecin traitant',
  cnam_paiements_ij: 'Paiements d’indemnités journalières versées par l’Assurance Maladie',
  complementaire_sante_solidaire: 'Statut bénéficiaire C2S',
  cnous_statut_boursier: 'Statut étudiant boursier',
  cnous_echelon_bourse: 'Échelon de la bourse',
  cnous_email: 'E-mail',
  cnous_periode_versement: 'Période de versement',
  cnous_statut_bourse: 'Statut définitif de la bourse',
  cnous_ville_etudes: 'Ville d’études et établissement',
  cnous_identite: 'Identité',
  dgfip_rfr: 'Revenu fiscal de référence',
  dgfip_annee_n_moins_1: 'Dernière année de revenu',
  dgfip_annee_n_moins_2: 'Avant-dernière année de revenu',
  dgfip_annee_n_moins_3: 'Avant-avant-dernière année de revenu',
  dgfip_annee_n_moins_2_si_indispo_n_moins_1: 'Avant-dernière année de revenu, si la dernière année de revenu est indisponible',
  dgfip_nbpart: 'Nombre de parts du foyer fiscal',
  dgfip_sitfam: 'Situation de famille (marié, pacsé, célibataire, veuf, divorcé)',
  dgfip_aft: 'Adresse déclarée au 1er janvier',
  dgfip_nbpac: 'Nombre de personnes à charge',
  dgfip_pac_nbPac: 'Nombre de personnes à charge',
  dgfip_inddeficit: 'Indicateur de l’existence d’un déficit',
  dgfip_pariso: 'Parent isolé (case T)',
  dgfip_decl: 'État civil des déclarants du foyer fiscal',
  dgfip_pac: 'Détail des personnes à charge et rattachées',
  dgfip_locaux_th: 'Données issues de la taxe d’habitation',
  dgfip_locaux_th_ident: 'Données du local – identifiant du logement',
  dgfip_locaux_th_Nat: 'Données du local – nature (maison, appartement, etc.)',
  dgfip_locaux_th_Tax: 'Données du local – régime de taxation (résidence principale uniquement)',
  dgfip_locaux_th_Aff: 'Données du local – affectation («\u00a0H\u00a0» pour habitation)',
  dgfip_nmUsaDec1: 'Nom déclarant 1',
  dgfip_nmNaiDec1: 'Nom de naissance déclarant 1',
  dgfip_prnmDec1: 'Prénom déclarant 1',
  dgfip_dateNaisDec1: 'Date de naissance déclarant 1',
  dgfip_nmUsaDec2: 'Nom déclarant 2',
  dgfip_nmNaiDec2: 'Nom de naissance déclarant 2',
  dgfip_prnmDec2: 'Prénom déclarant 2',
  dgfip_dateNaisDec2: 'Date de naissance déclarant 2',
  dgfip_mntRevbareme: 'Montant de l’impôt sur les revenus soumis au barème (ligne 14)',
  dgfip_indiIFI: 'Indicateur ISF/IFI',
  dgfip_RevDecl_Cat1_Tspr: 'Catégorie 1 – Salaires, pensions, rentes',
  dgfip_RevDecl_Cat1_RentOn: 'Catégorie 1 – Rentes viagères à titre onéreux',
  dgfip_RevDecl_Cat2_Rcm: 'Catégorie 2 – Revenus de capitaux mobiliers',
  dgfip_RevDecl_Cat3_PMV: 'Catégorie 3 – Plus ou moins-values',
  dgfip_RevDecl_Cat4_Ref: 'Catégorie 4 – Revenus fonciers',
  dgfip_RevDecl_Cat5_NonSal: 'Catégorie 5 – Revenus des professions non salariées',
  dgfip_RevNets_Cat1_Tspr: 'Catégorie 1 – Salaires, pensions, rentes',
  dgfip_RevNets_Cat1_RentOn: 'Catégorie 1 – Rentes viagères à titre onéreux',
  dgfip_RevNets_Cat2_Rcm: 'Catégorie 2 – Revenus de capitaux mobiliers',
  dgfip_RevNets_Cat3_PMV: 'Catégorie 3 – Plus ou moins-values',
  dgfip_RevNets_Cat4_Ref: 'Catégorie 4 – Revenus fonciers',
  dgfip_RevNets_Cat5_NonSal: 'Catégorie 5 – Revenus des professions non salariées',
  dgfip_PaDeduc_EnfMaj: 'Pensions alimentaires déductibles – Pension alimentaire versée à un enfant majeur',
  dgfip_PaDeduc_Autres: 'Pensions alimentaires déductibles – Autres pensions alimentaires versées (enfants mineurs, ascendants, etc.)',
  dgfip_EpargRetrDeduc: 'Versement épargne retraite',
  mesri_identite: 'Identité de l’étudiant',
  mesri_admissions: 'Liste des admissions de l’étudiant',
  mesri_admission_inscrit: 'Pour chacune des admissions retournées, indique si le statut de l’étudiant est passé à inscrit',
  mesri_admission_regime_formation: 'Régime de formation',
  mesri_admission_commune_etudes: 'Code COG Insee de la commune de l’établissement',
  mesri_admission_etablissement_etude: 'Appellation et code UAI de l’établissement',
  'api_fc-liste-paiementsv1': 'Indemnités de Pôle emploi ou Montants et dates des paiements France Travail',
  'api_fc-statutaugmentev1': 'Statut demandeur d’emploi ou Statut demandeur d’emploi et identité',
  mi_siv_carte_grise: 'Informations de la carte grise\u00a0: titulaire et véhicule',
  allocation_adulte_handicape: 'Statut bénéficiaire AAH',
  allocation_soutien_familial: 'Statut bénéficiaire ASF',
  prime_activite: 'Statut bénéficiaire prime d’activité',
  prime_activite_majoration: 'Statut bénéficiaire majoration',
  revenu_solidarite_active: 'Statut bénéficiaire RSA',
  revenu_solidarite_active_majoration: 'Statut bénéficiaire majoration',
  cnaf_quotient_familial: 'Quotient familial CAF & MSA et composition familiale',
  cnaf_allocataires: 'Identités allocataire et conjoint',
  cnaf_enfants: 'Identités enfants',
  cnaf_adresse: 'Adresse du foyer',
  famille_nombreuse_carte: 'Carte famille nombreuse (numéro, validité, nombre d’enfants)',
};

/** The French label of a data-provider scope (its name when FranceConnect has none). */
export function scopeLabel(scope: string): string {
  return SCOPE_LABELS[scope] ?? scope;
}

/** Every scope the simulator recognises (unknown scopes in a request are silently ignored, as FC does). */
export function knownScopes(extraDataProviderScopes: Iterable<string> = []): string[] {
  return [...new Set([...Object.keys(IDENTITY_SCOPES), ...ALL_DATA_PROVIDER_SCOPES, ...extraDataProviderScopes])];
}

/** French labels of the identity claims, as shown on the consent page. */
export const CLAIM_LABELS: Record<string, string> = {
  given_name: 'Prénoms',
  family_name: 'Nom de naissance',
  preferred_username: 'Nom d’usage',
  birthdate: 'Date de naissance',
  gender: 'Sexe',
  birthplace: 'Lieu de naissance',
  birthcountry: 'Pays de naissance',
  email: 'Adresse électronique',
  idp_birthdate: 'Date de naissance transmise par le fournisseur d’identité',
};

/** Identity claims released by a set of granted scopes (given_name_array is shown with given_name). */
export function claimsForScopes(scopes: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const scope of scopes) for (const claim of IDENTITY_SCOPES[scope] ?? []) out.add(claim);
  return IDENTITY_CLAIMS.filter((c) => out.has(c));
}

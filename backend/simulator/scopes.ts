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
};

export const ALL_DATA_PROVIDER_SCOPES: readonly string[] = Object.values(DATA_PROVIDER_SCOPES).flatMap((g) => g.scopes);

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

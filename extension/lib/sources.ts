/**
 * The twelve data sources the backend can read at login (README "Data sources"), as the extension
 * presents them: the fixed order of the « Mes données » cards, and the groups, labels and one-line
 * descriptions of the choice made before login. Ids are the backend's (backend/data/types.ts).
 */

export const DATA_SOURCE_IDS = [
  'impot_particulier',
  'cnam_droits',
  'cnam_ij',
  'mesri_statut_etudiant',
  'cnous_boursier',
  'dss_prestations',
  'cnaf_quotient_familial',
  'msa_quotient_familial',
  'men_scolarite',
  'france_travail_statut',
  'france_travail_indemnites',
  'famille_nombreuse',
] as const;
export type DataSourceId = (typeof DATA_SOURCE_IDS)[number];

export function isDataSourceId(value: unknown): value is DataSourceId {
  return typeof value === 'string' && (DATA_SOURCE_IDS as readonly string[]).includes(value);
}

export interface SourceInfo {
  id: DataSourceId;
  /** The backend's label, used when a card comes without a readable one. */
  label: string;
  /** One line on what the source gives, for the choice before login. */
  gives: string;
}

export interface SourceGroup {
  title: string;
  sources: SourceInfo[];
}

export const SOURCE_GROUPS: readonly SourceGroup[] = [
  {
    title: 'Impôts',
    sources: [
      {
        id: 'impot_particulier',
        label: 'Impôt sur le revenu (DGFiP)',
        gives: 'Revenu fiscal de référence, nombre de parts et situation de famille des trois dernières années.',
      },
    ],
  },
  {
    title: 'Santé',
    sources: [
      {
        id: 'cnam_droits',
        label: 'Droits à l’Assurance maladie',
        gives: 'Numéro de sécurité sociale, droits ouverts et personnes rattachées.',
      },
      {
        id: 'cnam_ij',
        label: 'Indemnités journalières (Assurance maladie)',
        gives: 'Périodes d’arrêt indemnisées et montants journaliers.',
      },
    ],
  },
  {
    title: 'Études',
    sources: [
      {
        id: 'mesri_statut_etudiant',
        label: 'Statut étudiant',
        gives: 'Inscription dans l’enseignement supérieur et établissement.',
      },
      {
        id: 'cnous_boursier',
        label: 'Bourse étudiante (Crous)',
        gives: 'Statut de boursier, échelon et période de versement.',
      },
      {
        id: 'men_scolarite',
        label: 'Scolarité (Éducation nationale)',
        gives: 'Scolarité au collège ou au lycée et bourse de l’élève.',
      },
    ],
  },
  {
    title: 'Emploi',
    sources: [
      {
        id: 'france_travail_statut',
        label: 'Inscription à France Travail',
        gives: 'Inscription comme demandeur d’emploi, catégorie et dates.',
      },
      {
        id: 'france_travail_indemnites',
        label: 'Paiements de France Travail',
        gives: 'Dates et montants des derniers paiements.',
      },
    ],
  },
  {
    title: 'Prestations et famille',
    sources: [
      {
        id: 'dss_prestations',
        label: 'Prestations sociales (C2S, RSA, prime d’activité, AAH, ASF)',
        gives: 'Droits ouverts à ces cinq prestations, et depuis quand.',
      },
      {
        id: 'cnaf_quotient_familial',
        label: 'Quotient familial (CAF)',
        gives: 'Quotient familial, allocataires et enfants du dossier CAF.',
      },
      {
        id: 'msa_quotient_familial',
        label: 'Quotient familial (MSA)',
        gives: 'Quotient familial du dossier MSA (régime agricole).',
      },
      {
        id: 'famille_nombreuse',
        label: 'Carte famille nombreuse',
        gives: 'Numéro de carte, validité et enfants pris en compte.',
      },
    ],
  },
];

const BY_ID = new Map(SOURCE_GROUPS.flatMap((group) => group.sources.map((source) => [source.id, source] as const)));

export function sourceInfo(id: DataSourceId): SourceInfo {
  // Every id is in a group (checked by a test).
  return BY_ID.get(id) as SourceInfo;
}

import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, isoDate, isoDateString, joinParts, optionalText, plural } from '../format';
import type { DataSource, SourceData } from '../types';
import { API_PARTICULIER_IDENTITY_SCOPES, apiParticulier } from './api_particulier';

/**
 * API Statut étudiant (MESRI) through API Particulier (data-apis.md §4):
 * GET /v3/mesri/statut_etudiant/france_connect?recipient=… → data.admissions[].
 */

export const statutEtudiantSchema = z.looseObject({
  admissions: z.array(
    z.looseObject({
      date_debut: isoDateString.nullish(),
      date_fin: isoDateString.nullish(),
      est_inscrit: z.boolean().nullish(),
      regime_formation: z.looseObject({ libelle: optionalText, code: optionalText }).nullish(),
      code_cog_insee_commune: optionalText,
      etablissement_etudes: z.looseObject({ uai: optionalText, nom: optionalText }).nullish(),
    }),
  ),
});
export type StatutEtudiant = z.output<typeof statutEtudiantSchema>;
type Admission = StatutEtudiant['admissions'][number];

/** Enrolled today: an admission marked inscrit whose dates (when given) cover today. */
function current(a: Admission, today: string): boolean {
  if (a.est_inscrit !== true) return false;
  const start = a.date_debut ? isoDate(a.date_debut) : undefined;
  const end = a.date_fin ? isoDate(a.date_fin) : undefined;
  return (!start || start <= today) && (!end || today <= end);
}

function schoolYear(a: Admission): string | undefined {
  const start = a.date_debut?.slice(0, 4);
  const end = a.date_fin?.slice(0, 4);
  return start && end && start !== end ? `${start}-${end}` : start;
}

export function normalise(body: StatutEtudiant, now: Date): SourceData {
  const today = now.toISOString().slice(0, 10);
  const admissions = [...body.admissions].sort((a, b) => (b.date_debut ?? '').localeCompare(a.date_debut ?? ''));
  const enrolled = admissions.find((a) => current(a, today));
  const status = new Facts().add('statut_etudiant', 'Inscrit dans l’enseignement supérieur', enrolled !== undefined, 'boolean', 'statut_etudiant');
  const sections = [{ title: 'Statut étudiant', facts: status.list }];
  admissions.forEach((a, i) => {
    const n = i + 1;
    const facts = new Facts()
      .add(`periode_${n}`, 'Période', a.date_debut || a.date_fin ? `${a.date_debut ? (isoDate(a.date_debut) ?? '') : ''}/${a.date_fin ? (isoDate(a.date_fin) ?? '') : ''}` : undefined, 'period')
      .add(`inscrit_${n}`, 'Inscription confirmée', a.est_inscrit, 'boolean')
      .add(`regime_${n}`, 'Régime de formation', a.regime_formation?.libelle, 'text')
      .add(`etablissement_${n}`, 'Établissement', joinParts([a.etablissement_etudes?.nom, a.etablissement_etudes?.uai ? `(UAI ${a.etablissement_etudes.uai})` : undefined]), 'text')
      .add(`commune_${n}`, 'Commune des études (code Insee)', a.code_cog_insee_commune, 'text');
    const year = schoolYear(a);
    sections.push({ title: year ? fr`Admission ${year}` : fr`Admission ${n}`, facts: facts.list });
  });
  const where = enrolled?.etablissement_etudes?.nom;
  const summary = enrolled
    ? where
      ? fr`Inscription en cours dans l’enseignement supérieur (${where}).`
      : fr`Inscription en cours dans l’enseignement supérieur.`
    : admissions.length > 0
      ? fr`Aucune inscription en cours ; ${plural(admissions.length, 'admission connue', 'admissions connues')}.`
      : fr`Aucune admission dans l’enseignement supérieur.`;
  return { summary, sections };
}

export const mesriStatutEtudiant: DataSource = {
  id: 'mesri_statut_etudiant',
  label: 'Statut étudiant',
  provider: 'api_particulier',
  defaultScopes: [
    'mesri_identite',
    'mesri_admissions',
    'mesri_admission_inscrit',
    'mesri_admission_regime_formation',
    'mesri_admission_commune_etudes',
    'mesri_admission_etablissement_etude',
  ],
  identityScopes: API_PARTICULIER_IDENTITY_SCOPES,
  async fetch(ctx) {
    const body = await apiParticulier(ctx, '/v3/mesri/statut_etudiant/france_connect', statutEtudiantSchema);
    return normalise(body, new Date(ctx.clock.now()));
  },
};

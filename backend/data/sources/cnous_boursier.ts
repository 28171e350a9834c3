import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatDate, isoDateString, numeric, optionalText } from '../format';
import type { DataSource, SourceData } from '../types';
import { API_PARTICULIER_IDENTITY_SCOPES, apiParticulier } from './api_particulier';

/**
 * API Statut étudiant boursier (CNOUS) through API Particulier (data-apis.md §5), v3:
 * GET /v3/cnous/etudiant_boursier/france_connect?recipient=… . Fields are filtered by scope in
 * production, so every field is optional; at least one must be there.
 */

export const boursierSchema = z
  .looseObject({
    est_boursier: z.boolean().nullish(),
    echelon_bourse: z
      .looseObject({
        echelon: z.union([z.string(), z.number().transform(String)]),
        echelon_bourse_regionale_provisoire: z.boolean().nullish(),
      })
      .nullish(),
    email: optionalText,
    periode_versement_bourse: z.looseObject({ date_rentree: isoDateString.nullish(), duree: numeric.nullish() }).nullish(),
    etablissement_etudes: z.looseObject({ nom_commune: optionalText, nom_etablissement: optionalText }).nullish(),
  })
  .refine((d) => d.est_boursier != null || d.echelon_bourse != null || d.periode_versement_bourse != null || d.etablissement_etudes != null, 'no known field');
export type Boursier = z.output<typeof boursierSchema>;

export function normalise(d: Boursier): SourceData {
  const bourse = new Facts()
    .add('statut_boursier', 'Boursier sur critères sociaux', d.est_boursier, 'boolean', 'statut_boursier')
    .add('echelon_bourse', 'Échelon de la bourse', d.echelon_bourse?.echelon, 'text', 'echelon_bourse')
    .add('echelon_provisoire', 'Échelon provisoire (bourse régionale)', d.echelon_bourse?.echelon_bourse_regionale_provisoire, 'boolean')
    .add('date_rentree', 'Date de rentrée', d.periode_versement_bourse?.date_rentree, 'date')
    .add('duree_versement', 'Durée de versement (mois)', d.periode_versement_bourse?.duree, 'number');
  const etudes = new Facts()
    .add('etablissement', 'Établissement', d.etablissement_etudes?.nom_etablissement, 'text')
    .add('ville_etudes', 'Ville d’études', d.etablissement_etudes?.nom_commune, 'text')
    .add('email', 'Adresse électronique connue du Crous', d.email, 'text');
  const sections = [{ title: 'Bourse', facts: bourse.list }];
  if (etudes.list.length > 0) sections.push({ title: 'Études', facts: etudes.list });

  let summary: string;
  if (d.est_boursier === false) summary = fr`Pas de bourse sur critères sociaux.`;
  else {
    const parts: string[] = [];
    if (d.echelon_bourse?.echelon) parts.push(fr`échelon ${d.echelon_bourse.echelon}`);
    const p = d.periode_versement_bourse;
    if (p?.duree != null && p.date_rentree) parts.push(fr`versée ${p.duree} mois à partir du ${formatDate(p.date_rentree)}`);
    summary = parts.length > 0 ? fr`Bourse sur critères sociaux : ${parts.join(', ')}.` : fr`Bourse sur critères sociaux.`;
  }
  return { summary, sections };
}

export const cnousBoursier: DataSource = {
  id: 'cnous_boursier',
  label: 'Bourse étudiante (Crous)',
  provider: 'api_particulier',
  defaultScopes: ['cnous_statut_boursier', 'cnous_echelon_bourse', 'cnous_periode_versement', 'cnous_statut_bourse', 'cnous_ville_etudes'],
  identityScopes: API_PARTICULIER_IDENTITY_SCOPES,
  async fetch(ctx) {
    return normalise(await apiParticulier(ctx, '/v3/cnous/etudiant_boursier/france_connect', boursierSchema));
  },
};

import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, isoDateString, numeric, optionalText } from '../format';
import { failureMessages } from '../http';
import type { JsonValue } from '../../sessions/store';
import { type DataSource, type SourceData, SourceFailure } from '../types';
import { apiParticulier } from './api_particulier';

/**
 * API scolarité de l'élève (MEN) through API Particulier (data-apis.md §9). Not FranceConnected:
 * there is no FranceConnect scope, the call is made with Pivot's own API Particulier token
 * (API_PARTICULIER_TOKEN) and the identity FranceConnect certified (CONTRACTS.md):
 *   GET /v3/men/scolarites/identite?recipient=…&nomNaissance=…&prenoms[]=…&sexeEtatCivil=M|F
 *       &anneeDateNaissance=…&moisDateNaissance=…&jourDateNaissance=…&anneeScolaire=AAAA-AAAA
 * The school year is the current one (it starts on 1 September).
 */

export const scolariteSchema = z.looseObject({
  identite: z.looseObject({ nom: optionalText, prenom: optionalText, sexe: optionalText, date_naissance: isoDateString.nullish() }).nullish(),
  module_elementaire_formation: z.looseObject({ code_mef_stat: optionalText, libelle: optionalText }).nullish(),
  etablissement: z.looseObject({ code_uai: optionalText, code_ministere_tutelle: optionalText }).nullish(),
  annee_scolaire: optionalText,
  est_scolarise: z.boolean(),
  statut_eleve: z.looseObject({ code: optionalText, libelle: optionalText }).nullish(),
  est_boursier: z.boolean().nullish(),
  echelon_bourse: numeric.nullish(),
});
export type Scolarite = z.output<typeof scolariteSchema>;

/** "2024-2025" for any date from 1 September 2024 to 31 August 2025. */
export function schoolYear(now: Date): string {
  const y = now.getUTCFullYear();
  return now.getUTCMonth() >= 8 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/** The query parameters from the FranceConnect identity, or a SourceFailure naming what is missing. */
export function identityQuery(identity: Record<string, JsonValue>): [string, string][] {
  const family = typeof identity.family_name === 'string' ? identity.family_name : undefined;
  const givenArray = Array.isArray(identity.given_name_array) ? identity.given_name_array.filter((g): g is string => typeof g === 'string') : [];
  const given = givenArray.length > 0 ? givenArray : typeof identity.given_name === 'string' ? identity.given_name.split(' ').filter(Boolean) : [];
  const sexe = identity.gender === 'male' ? 'M' : identity.gender === 'female' ? 'F' : undefined;
  const birth = typeof identity.birthdate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(identity.birthdate) : null;
  if (!family || given.length === 0 || !sexe || !birth || birth[2] === '00' || birth[3] === '00') {
    throw new SourceFailure(
      'error',
      'identity_incomplete',
      fr`L’Éducation nationale recherche les élèves par nom, prénoms, sexe et date de naissance complète : votre identité FranceConnect n’en donne pas assez.`,
    );
  }
  return [
    ['nomNaissance', family],
    ...given.map((g): [string, string] => ['prenoms[]', g]),
    ['sexeEtatCivil', sexe],
    ['anneeDateNaissance', birth[1]!],
    ['moisDateNaissance', String(Number(birth[2]))],
    ['jourDateNaissance', String(Number(birth[3]))],
  ];
}

export function normalise(d: Scolarite): SourceData {
  const year = d.annee_scolaire ?? undefined;
  const facts = new Facts()
    .add('annee_scolaire', 'Année scolaire', year, 'text')
    .add('est_scolarise', 'Scolarisé', d.est_scolarise, 'boolean')
    .add('statut_eleve', 'Statut', d.statut_eleve?.libelle, 'text')
    .add('formation', 'Formation', d.module_elementaire_formation?.libelle, 'text')
    .add('etablissement', 'Établissement (UAI)', d.etablissement?.code_uai, 'text')
    .add('est_boursier', 'Boursier', d.est_boursier, 'boolean', 'statut_boursier')
    .add('echelon_bourse', 'Échelon de la bourse', d.echelon_bourse != null ? String(d.echelon_bourse) : undefined, 'text', 'echelon_bourse');
  const bourse = d.est_boursier && d.echelon_bourse != null ? fr`, bourse de l’échelon ${d.echelon_bourse}` : d.est_boursier ? fr`, boursier` : '';
  const summary = d.est_scolarise
    ? fr`Scolarisation confirmée${year ? fr` pour ${year}` : ''}${bourse}.`
    : fr`Aucune scolarisation enregistrée${year ? fr` pour ${year}` : ''}.`;
  return { summary, sections: [{ title: 'Scolarité', facts: facts.list }] };
}

export const menScolarite: DataSource = {
  id: 'men_scolarite',
  label: 'Scolarité (Éducation nationale)',
  provider: 'api_particulier',
  defaultScopes: [],
  identityScopes: ['given_name', 'family_name', 'birthdate', 'gender'],
  async fetch(ctx) {
    const query: [string, string][] = [...identityQuery(ctx.identity), ['anneeScolaire', schoolYear(new Date(ctx.clock.now()))]];
    try {
      const body = await apiParticulier(ctx, '/v3/men/scolarites/identite', scolariteSchema, {
        query,
        token: ctx.providers.api_particulier.token,
      });
      return normalise(body);
    } catch (err) {
      // Here the refused token is Pivot's own, not the citizen's FranceConnect authorisation.
      if (err instanceof SourceFailure && err.reason === 'http_401') {
        throw new SourceFailure('error', err.reason, failureMessages.credentials('api_particulier'));
      }
      throw err;
    }
  },
};

import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatDate, isoDate, isoDateString, joinParts, numeric, optionalText } from '../format';
import { providerUrl, requestJson } from '../http';
import type { DataSource, SourceData } from '../types';

/**
 * API statut demandeur d'emploi, "statut augmenté" (France Travail, data-apis.md §6):
 * GET {base}/partenaire/fc-statutaugmente/v1/statut with the FC access token as Bearer.
 */

export const statutSchema = z.looseObject({
  etatCivil: z
    .looseObject({ civilite: optionalText, nom: optionalText, nomUsage: optionalText, prenom: optionalText, sexe: optionalText, dateNaissance: optionalText })
    .nullish(),
  modalitesContact: z.looseObject({ telephone: optionalText, telephone2: optionalText, email: optionalText }).nullish(),
  adresse: z
    .looseObject({
      ligneNom: optionalText,
      ligneComplementDestinataire: optionalText,
      ligneComplementAdresse: optionalText,
      ligneVoie: optionalText,
      ligneComplementDistribution: optionalText,
      codePostal: optionalText,
      localite: optionalText,
      inseecommune: optionalText,
    })
    .nullish(),
  situationInscription: z.looseObject({
    dateInscription: isoDateString.nullish(),
    dateCessationInscription: isoDateString.nullish(),
    categorieInscription: z.union([z.string(), numeric.transform(String)]).nullish(),
    libellecategorieInscription: optionalText,
  }),
});
export type Statut = z.output<typeof statutSchema>;

export function normalise(d: Statut, now: Date): SourceData {
  const s = d.situationInscription;
  const today = now.toISOString().slice(0, 10);
  const start = s.dateInscription ? isoDate(s.dateInscription) : undefined;
  const end = s.dateCessationInscription ? isoDate(s.dateCessationInscription) : undefined;
  const registered = start !== undefined && start <= today && (end === undefined || end >= today);
  const category = joinParts([s.categorieInscription, s.libellecategorieInscription ? `(${s.libellecategorieInscription.toLowerCase()})` : undefined]);
  const inscription = new Facts()
    .add('inscrit', 'Inscrit comme demandeur d’emploi', registered, 'boolean', 'statut_demandeur_emploi')
    .add('date_inscription', 'Date d’inscription', start, 'date')
    .add('date_cessation', 'Fin d’inscription', end, 'date')
    .add('categorie', 'Catégorie', category, 'text');
  const contact = new Facts()
    .add('telephone', 'Téléphone', d.modalitesContact?.telephone, 'text')
    .add('telephone_2', 'Autre téléphone', d.modalitesContact?.telephone2, 'text')
    .add('email', 'Adresse électronique', d.modalitesContact?.email, 'text')
    .add(
      'adresse',
      'Adresse',
      joinParts(
        [
          d.adresse?.ligneComplementDestinataire,
          d.adresse?.ligneComplementAdresse,
          d.adresse?.ligneVoie,
          d.adresse?.ligneComplementDistribution,
          joinParts([d.adresse?.codePostal, d.adresse?.localite]),
        ],
        ', ',
      ),
      'text',
    );
  const sections = [{ title: 'Inscription', facts: inscription.list }];
  if (contact.list.length > 0) sections.push({ title: 'Coordonnées connues de France Travail', facts: contact.list });
  const summary = registered
    ? fr`Inscription à France Travail depuis le ${formatDate(start)}${s.categorieInscription ? fr`, catégorie ${s.categorieInscription}` : ''}.`
    : end
      ? fr`Inscription à France Travail terminée le ${formatDate(end)}.`
      : fr`Pas d’inscription en cours à France Travail.`;
  return { summary, sections };
}

export const franceTravailStatut: DataSource = {
  id: 'france_travail_statut',
  label: 'Inscription à France Travail',
  provider: 'france_travail',
  defaultScopes: ['api_fc-statutaugmentev1'],
  identityScopes: [],
  async fetch(ctx) {
    const url = providerUrl(ctx.providers.france_travail.baseUrl, '/partenaire/fc-statutaugmente/v1/statut');
    const body = await requestJson(ctx, { provider: 'france_travail', url, headers: { authorization: `Bearer ${ctx.accessToken}` } }, statutSchema);
    return normalise(body, new Date(ctx.clock.now()));
  },
};

import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatDate, isoDateString, numeric, optionalText, plural } from '../format';
import { providerUrl, requestJson } from '../http';
import type { DataSource, SourceData } from '../types';

/**
 * Carte famille nombreuse (ministère chargé des transports; no public API, data-apis.md §11: path,
 * scope and shape inferred, as in CONTRACTS.md): GET {base}/v1/carte with the FC access token as
 * Bearer → { est_titulaire, date_fin_validite, nombre_enfants, numero_carte }.
 */

export const carteSchema = z.looseObject({
  est_titulaire: z.boolean(),
  date_fin_validite: isoDateString.nullish(),
  nombre_enfants: numeric.nullish(),
  numero_carte: optionalText,
});
export type Carte = z.output<typeof carteSchema>;

export function normalise(d: Carte): SourceData {
  const facts = new Facts()
    .add('est_titulaire', 'Titulaire d’une carte famille nombreuse', d.est_titulaire, 'boolean')
    .add('numero_carte', 'Numéro de carte', d.numero_carte, 'text', 'numero_carte_famille_nombreuse')
    .add('date_fin_validite', 'Valable jusqu’au', d.date_fin_validite, 'date')
    .add('nombre_enfants', 'Enfants pris en compte', d.nombre_enfants, 'number');
  const children = d.nombre_enfants != null ? fr` (${plural(d.nombre_enfants, 'enfant', 'enfants')})` : '';
  const summary = d.est_titulaire
    ? d.date_fin_validite
      ? fr`Carte famille nombreuse valable jusqu’au ${formatDate(d.date_fin_validite)}${children}.`
      : fr`Carte famille nombreuse en cours${children}.`
    : fr`Pas de carte famille nombreuse en cours.`;
  return { summary, sections: [{ title: 'Carte famille nombreuse', facts: facts.list }] };
}

export const familleNombreuse: DataSource = {
  id: 'famille_nombreuse',
  label: 'Carte famille nombreuse',
  provider: 'famille_nombreuse',
  defaultScopes: ['famille_nombreuse_carte'],
  identityScopes: [],
  async fetch(ctx) {
    const url = providerUrl(ctx.providers.famille_nombreuse.baseUrl, '/v1/carte');
    return normalise(await requestJson(ctx, { provider: 'famille_nombreuse', url, headers: { authorization: `Bearer ${ctx.accessToken}` } }, carteSchema));
  },
};

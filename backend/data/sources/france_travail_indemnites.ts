import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatDate, formatEuros, isoDate, isoDateString, numeric, plural } from '../format';
import { providerUrl, requestJson } from '../http';
import type { DataSource, SourceData } from '../types';

/**
 * API Indemnités / liste des paiements (France Travail, data-apis.md §7):
 * GET {base}/partenaire/fc-liste-paiements/v1/ with the FC access token as Bearer. Payments of
 * the current registration period; the 12 most recent are shown.
 */

export const paiementsSchema = z
  .looseObject({
    statutInscription: z.boolean().nullish(),
    listePaiement: z
      .array(
        z.looseObject({
          date_paiement: isoDateString,
          montant_paiement: numeric,
          allocations: numeric.nullish(),
          aides: numeric.nullish(),
          autres_paiements: numeric.nullish(),
        }),
      )
      .nullish(),
  })
  .refine((d) => d.statutInscription != null || d.listePaiement != null, 'no known field');
export type Paiements = z.output<typeof paiementsSchema>;

const MAX_SHOWN = 12;

export function normalise(d: Paiements): SourceData {
  const all = [...(d.listePaiement ?? [])].sort((a, b) => b.date_paiement.localeCompare(a.date_paiement));
  const sections: SourceData['sections'] = [];
  const status = new Facts().add('inscrit', 'Inscrit à France Travail', d.statutInscription, 'boolean');
  if (status.list.length > 0) sections.push({ title: 'Inscription', facts: status.list });
  all.slice(0, MAX_SHOWN).forEach((p, i) => {
    const n = i + 1;
    const facts = new Facts()
      .add(`paiement_${n}_date`, 'Date du paiement', isoDate(p.date_paiement), 'date')
      .add(`paiement_${n}_montant`, 'Montant versé', p.montant_paiement, 'euros')
      .add(`paiement_${n}_allocations`, 'Dont allocations', p.allocations, 'euros')
      .add(`paiement_${n}_aides`, 'Dont aides', p.aides, 'euros')
      .add(`paiement_${n}_autres`, 'Dont autres paiements', p.autres_paiements, 'euros');
    sections.push({ title: fr`Paiement du ${formatDate(p.date_paiement)}`, facts: facts.list });
  });
  const last = all[0];
  const summary = last
    ? fr`${plural(all.length, 'paiement', 'paiements')} de France Travail ; le dernier, de ${formatEuros(last.montant_paiement)}, le ${formatDate(last.date_paiement)}.`
    : fr`Aucun paiement de France Travail sur la période d’inscription en cours.`;
  return { summary, sections };
}

export const franceTravailIndemnites: DataSource = {
  id: 'france_travail_indemnites',
  label: 'Paiements de France Travail',
  provider: 'france_travail',
  defaultScopes: ['api_fc-liste-paiementsv1'],
  identityScopes: [],
  async fetch(ctx) {
    const url = providerUrl(ctx.providers.france_travail.baseUrl, '/partenaire/fc-liste-paiements/v1/');
    return normalise(await requestJson(ctx, { provider: 'france_travail', url, headers: { authorization: `Bearer ${ctx.accessToken}` } }, paiementsSchema));
  },
};

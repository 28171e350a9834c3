import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatDate, isoDate, isoDateString, numeric, plural } from '../format';
import { providerUrl, requestJson } from '../http';
import type { DataSource, SourceData } from '../types';
import { cnamHeaders } from './cnam_droits';

/**
 * API Indemnités journalières (CNAM, data-apis.md §2, vague: path and shape inferred, as in
 * CONTRACTS.md): GET {base}/v1/indemnites-journalieres/me/paiements with the FC access token as
 * Bearer and X-API-Key. The 12 most recent periods are shown.
 */

export const paiementsSchema = z.looseObject({
  paiements: z.array(
    z.looseObject({
      date_debut: isoDateString,
      date_fin: isoDateString.nullish(),
      nombre_jours: numeric.nullish(),
      montant_journalier: numeric.nullish(),
      montant_csg: numeric.nullish(),
      montant_crds: numeric.nullish(),
    }),
  ),
});
export type Paiements = z.output<typeof paiementsSchema>;

const MAX_SHOWN = 12;

export function normalise(body: Paiements): SourceData {
  const periods = [...body.paiements].sort((a, b) => b.date_debut.localeCompare(a.date_debut)).slice(0, MAX_SHOWN);
  const sections = periods.map((p, i) => {
    const n = i + 1;
    const start = isoDate(p.date_debut) ?? p.date_debut;
    const end = p.date_fin ? (isoDate(p.date_fin) ?? p.date_fin) : '';
    const facts = new Facts()
      .add(`periode_${n}`, 'Période indemnisée', `${start}/${end}`, 'period')
      .add(`jours_${n}`, 'Jours indemnisés', p.nombre_jours, 'number')
      .add(`montant_journalier_${n}`, 'Montant journalier', p.montant_journalier, 'euros')
      .add(`csg_${n}`, 'Retenue CSG', p.montant_csg, 'euros')
      .add(`crds_${n}`, 'Retenue CRDS', p.montant_crds, 'euros');
    const title = p.date_fin ? fr`Du ${formatDate(p.date_debut)} au ${formatDate(p.date_fin)}` : fr`Depuis le ${formatDate(p.date_debut)}`;
    return { title, facts: facts.list };
  });
  const total = body.paiements.length;
  const last = periods[0];
  const summary = last
    ? fr`${plural(total, 'période indemnisée', 'périodes indemnisées')} ; la plus récente commence le ${formatDate(last.date_debut)}.`
    : fr`Aucune indemnité journalière versée.`;
  return { summary, sections };
}

export const cnamIj: DataSource = {
  id: 'cnam_ij',
  label: 'Indemnités journalières (Assurance maladie)',
  provider: 'cnam',
  defaultScopes: ['cnam_paiements_ij'],
  identityScopes: [],
  async fetch(ctx) {
    const url = providerUrl(ctx.providers.cnam.baseUrl, '/v1/indemnites-journalieres/me/paiements');
    return normalise(await requestJson(ctx, { provider: 'cnam', url, headers: cnamHeaders(ctx) }, paiementsSchema));
  },
};

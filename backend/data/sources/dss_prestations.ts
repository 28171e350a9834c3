import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, isoDateString } from '../format';
import { type DataSource, type SourceContext, type SourceData, SourceFailure } from '../types';
import { API_PARTICULIER_IDENTITY_SCOPES, apiParticulier } from './api_particulier';

/**
 * API Prestations sociales (DSS family of API Particulier, data-apis.md §8): one source, one call
 * per benefit whose scope is configured, in parallel:
 *   GET /v3/dss/{complementaire_sante_solidaire, revenu_solidarite_active, prime_activite,
 *                allocation_adulte_handicape, allocation_soutien_familial}/france_connect?recipient=…
 * A benefit the provider has no file for (404) is left out; all of them 404 → not_found. Any other
 * failure of one call makes the whole source fail with it (no half-answers).
 */

export const prestationSchema = z.looseObject({
  est_beneficiaire: z.boolean(),
  avec_participation: z.boolean().nullish(),
  avec_majoration: z.boolean().nullish(),
  date_debut_droit: isoDateString.nullish(),
});
export type Prestation = z.output<typeof prestationSchema>;

export interface Benefit {
  id: string;
  /** Scopes any of which grants the endpoint (data-apis.md §0.5). */
  scopes: string[];
  label: string;
  /** Short name for the summary. */
  short: string;
  extra?: { field: 'avec_participation' | 'avec_majoration'; label: string };
}

export const BENEFITS: Benefit[] = [
  {
    id: 'complementaire_sante_solidaire',
    scopes: ['complementaire_sante_solidaire'],
    label: 'Complémentaire santé solidaire (C2S)',
    short: 'C2S',
    extra: { field: 'avec_participation', label: 'Avec participation financière' },
  },
  {
    id: 'revenu_solidarite_active',
    scopes: ['revenu_solidarite_active', 'revenu_solidarite_active_majoration'],
    label: 'Revenu de solidarité active (RSA)',
    short: 'RSA',
    extra: { field: 'avec_majoration', label: 'Avec majoration' },
  },
  {
    id: 'prime_activite',
    scopes: ['prime_activite', 'prime_activite_majoration'],
    label: 'Prime d’activité',
    short: 'prime d’activité',
    extra: { field: 'avec_majoration', label: 'Avec majoration' },
  },
  { id: 'allocation_adulte_handicape', scopes: ['allocation_adulte_handicape'], label: 'Allocation aux adultes handicapés (AAH)', short: 'AAH' },
  { id: 'allocation_soutien_familial', scopes: ['allocation_soutien_familial'], label: 'Allocation de soutien familial (ASF)', short: 'ASF' },
];

/** The benefits the configured scopes cover (all of them when none of their scopes is configured). */
export function benefitsFor(scopes: string[]): Benefit[] {
  const chosen = BENEFITS.filter((b) => b.scopes.some((s) => scopes.includes(s)));
  return chosen.length > 0 ? chosen : BENEFITS;
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}

export function normalise(answers: { benefit: Benefit; data: Prestation }[]): SourceData {
  const sections = answers.map(({ benefit, data }) => {
    const facts = new Facts()
      .add(`${benefit.id}_beneficiaire`, 'Bénéficiaire', data.est_beneficiaire, 'boolean')
      .add(`${benefit.id}_date_debut_droit`, 'Droit ouvert depuis le', data.date_debut_droit, 'date');
    if (benefit.extra) facts.add(`${benefit.id}_${benefit.extra.field}`, benefit.extra.label, data[benefit.extra.field], 'boolean');
    return { title: benefit.label, facts: facts.list };
  });
  const received = answers.filter((a) => a.data.est_beneficiaire).map((a) => a.benefit.short);
  const summary =
    received.length > 0
      ? fr`Prestations en cours : ${list(received)}.`
      : fr`Aucune des prestations consultées n’est en cours.`;
  return { summary, sections };
}

async function ask(ctx: SourceContext, benefit: Benefit): Promise<{ benefit: Benefit; data: Prestation } | undefined> {
  try {
    return { benefit, data: await apiParticulier(ctx, `/v3/dss/${benefit.id}/france_connect`, prestationSchema) };
  } catch (err) {
    if (err instanceof SourceFailure && err.status === 'not_found') return undefined;
    throw err;
  }
}

export const dssPrestations: DataSource = {
  id: 'dss_prestations',
  label: 'Prestations sociales (C2S, RSA, prime d’activité, AAH, ASF)',
  provider: 'api_particulier',
  defaultScopes: ['complementaire_sante_solidaire', 'revenu_solidarite_active', 'prime_activite', 'allocation_adulte_handicape', 'allocation_soutien_familial'],
  identityScopes: API_PARTICULIER_IDENTITY_SCOPES,
  async fetch(ctx) {
    const answers = (await Promise.all(benefitsFor(ctx.scopes).map((b) => ask(ctx, b)))).filter((a) => a !== undefined);
    if (answers.length === 0) throw new SourceFailure('not_found', 'http_404');
    return normalise(answers);
  },
};

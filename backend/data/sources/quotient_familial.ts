import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatMonth, formatNumber, isoDateString, joinParts, numeric, optionalText } from '../format';
import { type DataSource, type SourceData, SourceFailure } from '../types';
import { API_PARTICULIER_IDENTITY_SCOPES, apiParticulier } from './api_particulier';

/**
 * API quotient familial (CNAF & MSA) through API Particulier (data-apis.md §10):
 * GET /v3/dss/quotient_familial/france_connect?recipient=… . One endpoint for both organisations:
 * `quotient_familial.fournisseur` says which one answered. Two Pivot sources read it (one call per
 * login, shared): the CNAF one is `ok` when the answer is the CNAF's (or does not say), the MSA one
 * when it is the MSA's; the other one is `not_found`.
 */

const personSchema = z.looseObject({
  nom_naissance: optionalText,
  nom_usage: optionalText,
  prenoms: optionalText,
  date_naissance: isoDateString.nullish(),
  sexe: optionalText,
});
type Person = z.output<typeof personSchema>;

export const quotientFamilialSchema = z
  .looseObject({
    allocataires: z.array(personSchema).nullish(),
    enfants: z.array(personSchema).nullish(),
    adresse: z
      .looseObject({
        destinataire: optionalText,
        complement_information: optionalText,
        complement_information_geographique: optionalText,
        numero_libelle_voie: optionalText,
        lieu_dit: optionalText,
        code_postal_ville: optionalText,
        pays: optionalText,
      })
      .nullish(),
    quotient_familial: z
      .looseObject({
        fournisseur: z.string(),
        valeur: numeric,
        annee: numeric.nullish(),
        mois: numeric.nullish(),
        annee_calcul: numeric.nullish(),
        mois_calcul: numeric.nullish(),
      })
      .nullish(),
  })
  .refine((d) => d.quotient_familial != null || d.allocataires != null || d.enfants != null || d.adresse != null, 'no known field');
export type QuotientFamilial = z.output<typeof quotientFamilialSchema>;

type Organisation = 'CNAF' | 'MSA';
const ORGANISATION_NAME: Record<Organisation, string> = { CNAF: 'CAF', MSA: 'MSA' };

function personName(p: Person): string | undefined {
  return joinParts([p.prenoms, p.nom_usage ?? p.nom_naissance]);
}

export function normalise(d: QuotientFamilial, organisation: Organisation): SourceData {
  const qf = d.quotient_familial;
  const sections: SourceData['sections'] = [];
  if (qf) {
    const facts = new Facts()
      .add('quotient_familial', 'Quotient familial', qf.valeur, 'number', 'quotient_familial')
      .add('mois', 'Mois concerné', qf.annee != null && qf.mois != null ? formatMonth(qf.annee, qf.mois) : undefined, 'text')
      .add('mois_calcul', 'Calculé en', qf.annee_calcul != null && qf.mois_calcul != null ? formatMonth(qf.annee_calcul, qf.mois_calcul) : undefined, 'text');
    sections.push({ title: 'Quotient familial', facts: facts.list });
  }
  for (const [group, title, label] of [
    [d.allocataires, 'Allocataires', 'Allocataire'],
    [d.enfants, 'Enfants', 'Enfant'],
  ] as const) {
    if (!group || group.length === 0) continue;
    const facts = new Facts();
    const key = title === 'Allocataires' ? 'allocataire' : 'enfant';
    group.forEach((p, i) => {
      facts
        .add(`${key}_${i + 1}`, label, personName(p), 'text')
        .add(`${key}_${i + 1}_date_naissance`, 'Date de naissance', p.date_naissance, 'date');
    });
    sections.push({ title, facts: facts.list });
  }
  const a = d.adresse;
  if (a) {
    const address = joinParts(
      [a.destinataire, a.complement_information, a.complement_information_geographique, a.numero_libelle_voie, a.lieu_dit, a.code_postal_ville, a.pays],
      ', ',
    );
    const facts = new Facts().add('adresse', 'Adresse du foyer', address, 'text');
    if (facts.list.length > 0) sections.push({ title: 'Adresse', facts: facts.list });
  }
  const name = ORGANISATION_NAME[organisation];
  const summary = qf
    ? qf.annee != null && qf.mois != null
      ? fr`Quotient familial ${name} de ${formatNumber(qf.valeur)} pour ${formatMonth(qf.annee, qf.mois)}.`
      : fr`Quotient familial ${name} de ${formatNumber(qf.valeur)}.`
    : fr`Composition familiale connue de la ${name}.`;
  return { summary, sections };
}

function quotientFamilialSource(id: 'cnaf_quotient_familial' | 'msa_quotient_familial', organisation: Organisation, label: string): DataSource {
  return {
    id,
    label,
    provider: 'api_particulier',
    defaultScopes: ['cnaf_quotient_familial', 'cnaf_allocataires', 'cnaf_enfants'],
    identityScopes: API_PARTICULIER_IDENTITY_SCOPES,
    async fetch(ctx) {
      const body = await ctx.shared.once('api_particulier:quotient_familial', () =>
        apiParticulier(ctx, '/v3/dss/quotient_familial/france_connect', quotientFamilialSchema),
      );
      const from = body.quotient_familial?.fournisseur.toUpperCase();
      const mine = organisation === 'CNAF' ? from === undefined || from === 'CNAF' : from === 'MSA';
      if (!mine) throw new SourceFailure('not_found', `fournisseur_${from === 'MSA' ? 'msa' : from === 'CNAF' ? 'cnaf' : 'other'}`);
      return normalise(body, organisation);
    },
  };
}

export const cnafQuotientFamilial = quotientFamilialSource('cnaf_quotient_familial', 'CNAF', 'Quotient familial (CAF)');
export const msaQuotientFamilial = quotientFamilialSource('msa_quotient_familial', 'MSA', 'Quotient familial (MSA)');

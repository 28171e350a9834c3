import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, isoDateString, joinParts, numeric, optionalText, plural } from '../format';
import { providerUrl, requestJson } from '../http';
import { type DataSource, type SourceContext, type SourceData, SourceFailure } from '../types';

/**
 * API de droits à l'Assurance Maladie (CNAM, data-apis.md §3): GET {base}/v1/droits/beneficiaires/me
 * (the citizen) and /me/beneficiaires (ayants droit), with Authorization: Bearer <FC access token>
 * and X-API-Key: <CNAM key>. /me unknown (404) → not_found; no ayants droit (404) → none.
 */

export const beneficiaireSchema = z.looseObject({
  nir: optionalText,
  nom_famille: z.string(),
  nom_usage: optionalText,
  prenom: z.string(),
  date_naissance: isoDateString.nullish(),
  rang_naissance: numeric.nullish(),
  qualite: optionalText,
  medecin_traitant_choisi: z.boolean().nullish(),
  presence_CMUC_ACS: z.boolean().nullish(),
});
export type Beneficiaire = z.output<typeof beneficiaireSchema>;
export const beneficiairesSchema = z.array(beneficiaireSchema);

export const QUALITES: Record<string, string> = {
  assure: 'Assuré',
  concubin: 'Concubin',
  concubin_en_rupture: 'Concubin (en rupture)',
  pacse: 'Partenaire de Pacs',
  ex_pacse: 'Ancien partenaire de Pacs',
  conjoint: 'Conjoint',
  conjoint_separe: 'Conjoint séparé',
  conjoint_divorce: 'Conjoint divorcé',
  conjoint_veuf: 'Conjoint veuf',
  parent: 'Parent',
  enfant: 'Enfant',
  autre: 'Autre',
};

export function cnamHeaders(ctx: SourceContext): Record<string, string> {
  return { authorization: `Bearer ${ctx.accessToken}`, 'x-api-key': ctx.providers.cnam.apiKey };
}

function sameBeneficiaire(a: Beneficiaire, b: Beneficiaire): boolean {
  return a.nir === b.nir && a.prenom === b.prenom && a.date_naissance === b.date_naissance && a.rang_naissance === b.rang_naissance;
}

export function normalise(me: Beneficiaire, others: Beneficiaire[]): SourceData {
  const ayantsDroit = others.filter((b) => !sameBeneficiaire(b, me));
  const assure = new Facts()
    .add('nir', 'Numéro de sécurité sociale', me.nir, 'text', 'numero_securite_sociale')
    .add('nom', 'Nom de famille', me.nom_famille, 'text')
    .add('nom_usage', 'Nom d’usage', me.nom_usage, 'text')
    .add('prenom', 'Prénom', me.prenom, 'text')
    .add('date_naissance', 'Date de naissance', me.date_naissance, 'date')
    .add('qualite', 'Qualité', me.qualite ? (QUALITES[me.qualite] ?? me.qualite) : undefined, 'text')
    .add('medecin_traitant', 'Médecin traitant déclaré', me.medecin_traitant_choisi, 'boolean')
    .add('cmuc_acs', 'Complémentaire santé solidaire (ex-CMU-C ou ACS)', me.presence_CMUC_ACS, 'boolean');
  const sections = [{ title: 'Assuré', facts: assure.list }];
  ayantsDroit.forEach((b, i) => {
    const n = i + 1;
    const facts = new Facts()
      .add(`ayant_droit_${n}_nom`, 'Nom', joinParts([b.prenom, b.nom_usage ?? b.nom_famille]), 'text')
      .add(`ayant_droit_${n}_date_naissance`, 'Date de naissance', b.date_naissance, 'date')
      .add(`ayant_droit_${n}_qualite`, 'Qualité', b.qualite ? (QUALITES[b.qualite] ?? b.qualite) : undefined, 'text')
      .add(`ayant_droit_${n}_nir`, 'Numéro de sécurité sociale de rattachement', b.nir, 'text');
    sections.push({ title: fr`Ayant droit ${n}`, facts: facts.list });
  });
  const summary =
    ayantsDroit.length > 0
      ? fr`Affiliation à l’Assurance maladie confirmée, avec ${plural(ayantsDroit.length, 'ayant droit rattaché', 'ayants droit rattachés')}.`
      : fr`Affiliation à l’Assurance maladie confirmée.`;
  return { summary, sections };
}

export const cnamDroits: DataSource = {
  id: 'cnam_droits',
  label: 'Droits à l’Assurance maladie',
  provider: 'cnam',
  defaultScopes: ['droits_assurance_maladie'],
  identityScopes: [],
  async fetch(ctx) {
    const base = ctx.providers.cnam.baseUrl;
    const [me, others] = await Promise.all([
      requestJson(ctx, { provider: 'cnam', url: providerUrl(base, '/v1/droits/beneficiaires/me'), headers: cnamHeaders(ctx) }, beneficiaireSchema),
      requestJson(
        ctx,
        { provider: 'cnam', url: providerUrl(base, '/v1/droits/beneficiaires/me/beneficiaires'), headers: cnamHeaders(ctx) },
        beneficiairesSchema,
      ).catch((err: unknown) => {
        if (err instanceof SourceFailure && err.status === 'not_found') return [];
        throw err;
      }),
    ]);
    return normalise(me, others);
  },
};

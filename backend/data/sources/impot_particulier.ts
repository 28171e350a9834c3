import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fr } from '../../http/french';
import { Facts, formatEuros, formatNumber, joinParts, numeric, optionalText } from '../format';
import { discard, failureForStatus, failureMessages, parseBody, providerUrl, requestJson, send } from '../http';
import { type DataSource, type SourceContext, type SourceData, SourceFailure } from '../types';

/**
 * API Impôt particulier (DGFiP), FranceConnect variant (data-apis.md §1): two tokens.
 *   1. POST {tokenUrl} grant_type=client_credentials&scope=RessourceIR, HTTP Basic id:secret → DGFiP's token
 *      (reused until shortly before it expires);
 *   2. GET {base}/impotparticulier/1.0/situations/ir/assiettes/annrev/{year} per income year granted
 *      (dgfip_annee_n_moins_1|2|3) with Authorization: Bearer <DGFiP token>, X-FranceConnect-OAuth:
 *      <FC access token>, X-Correlation-ID: <uuid>.
 * A year the DGFiP does not know (404) is skipped; no year at all → not_found.
 */

const dateParts = z.object({ jour: numeric.or(z.string()), mois: numeric.or(z.string()), annee: numeric.or(z.string()) }).partial();

const KNOWN_FIELDS = ['rfr', 'sitFam', 'nbPart', 'pac', 'nmNaiDec1', 'prnmDec1', 'aft', 'aftDetail', 'revenuBrutGlobal', 'revImposable'] as const;

export const situationSchema = z
  .looseObject({
    rfr: numeric.nullish(),
    sitFam: optionalText,
    nbPart: numeric.nullish(),
    pac: z.looseObject({ nbPac: numeric.nullish() }).nullish(),
    nmNaiDec1: optionalText,
    nmUsaDec1: optionalText,
    prnmDec1: optionalText,
    dateNaisDec1: dateParts.nullish(),
    nmNaiDec2: optionalText,
    nmUsaDec2: optionalText,
    prnmDec2: optionalText,
    dateNaisDec2: dateParts.nullish(),
    aft: optionalText,
    // The swagger's JAXB names (getcommune, getcodePostal) and FC's example DP's (commune, codePostal).
    aftDetail: z
      .looseObject({
        complementAdresse: optionalText,
        voie: optionalText,
        getcommune: optionalText,
        getcodePostal: optionalText,
        commune: optionalText,
        codePostal: optionalText,
      })
      .nullish(),
    sitParIso: optionalText,
    indDeficit: optionalText,
    revenuBrutGlobal: numeric.nullish(),
    revImposable: numeric.nullish(),
  })
  .refine((s) => KNOWN_FIELDS.some((f) => s[f] !== undefined && s[f] !== null), 'no known field');
export type Situation = z.output<typeof situationSchema>;

const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: numeric.optional(),
});

export const SITUATION_FAMILLE: Record<string, string> = {
  M: 'Marié(e)',
  O: 'Pacsé(e)',
  C: 'Célibataire',
  D: 'Divorcé(e) ou séparé(e)',
  V: 'Veuf ou veuve',
};

/** Income years granted by the scopes (N-1 = last year), newest first; N-1 when no year scope is configured. */
export function incomeYears(scopes: string[], now: Date): number[] {
  const current = now.getUTCFullYear();
  const years = [1, 2, 3].filter((n) => scopes.includes(`dgfip_annee_n_moins_${n}`)).map((n) => current - n);
  return years.length > 0 ? years : [current - 1];
}

async function dgfipToken(ctx: SourceContext): Promise<string> {
  const d = ctx.providers.dgfip;
  return ctx.shared.providerToken(`dgfip:${d.tokenUrl}:${d.clientId}`, async () => {
    const response = await send(ctx, {
      provider: 'dgfip',
      url: new URL(d.tokenUrl),
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${d.clientId}:${d.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: d.tokenScope }).toString(),
    });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      await discard(response);
      throw new SourceFailure('error', `token_http_${response.status}`, failureMessages.credentials('dgfip'));
    }
    if (response.status < 200 || response.status > 299) {
      await discard(response);
      const failure = failureForStatus('dgfip', response.status);
      throw new SourceFailure(failure.status === 'not_found' ? 'unavailable' : failure.status, `token_${failure.reason}`, failureMessages.down('dgfip'));
    }
    const body = await parseBody(ctx, 'dgfip', response, tokenSchema);
    return { token: body.access_token, expiresInS: body.expires_in ?? 60 };
  });
}

async function situation(ctx: SourceContext, token: string, year: number): Promise<Situation | undefined> {
  const d = ctx.providers.dgfip;
  try {
    return await requestJson(
      ctx,
      {
        provider: 'dgfip',
        url: providerUrl(d.baseUrl, `/impotparticulier/1.0/situations/ir/assiettes/annrev/${year}`),
        headers: {
          accept: 'application/prs.dgfip.part.situations.ir.assiettes.v1+json, application/json',
          authorization: `Bearer ${token}`,
          'x-franceconnect-oauth': ctx.accessToken,
          'x-correlation-id': ctx.correlationId ?? randomUUID(),
          ...(d.idTeleservice ? { id_teleservice: d.idTeleservice } : {}),
        },
      },
      situationSchema,
    );
  } catch (err) {
    if (err instanceof SourceFailure && err.status === 'not_found') return undefined;
    if (err instanceof SourceFailure && err.reason === 'http_401') {
      // Either token may be the one refused: do not reuse DGFiP's.
      ctx.shared.dropProviderToken(`dgfip:${d.tokenUrl}:${d.clientId}`);
    }
    throw err;
  }
}

export function normalise(byYear: { year: number; situation: Situation }[]): SourceData {
  const sorted = [...byYear].sort((a, b) => b.year - a.year);
  const sections = sorted.map(({ year, situation: s }, index) => {
    const latest = index === 0;
    const address =
      s.aft ??
      joinParts([
        s.aftDetail?.complementAdresse,
        s.aftDetail?.voie,
        s.aftDetail?.getcodePostal ?? s.aftDetail?.codePostal,
        s.aftDetail?.getcommune ?? s.aftDetail?.commune,
      ]);
    const facts = new Facts()
      .add(`revenu_fiscal_reference_${year}`, 'Revenu fiscal de référence', s.rfr, 'euros', latest ? 'revenu_fiscal_reference' : undefined)
      .add(`nombre_parts_${year}`, 'Nombre de parts', s.nbPart, 'number', latest ? 'nombre_parts' : undefined)
      .add(`situation_famille_${year}`, 'Situation de famille', s.sitFam ? (SITUATION_FAMILLE[s.sitFam] ?? s.sitFam) : undefined, 'text')
      .add(`personnes_a_charge_${year}`, 'Personnes à charge', s.pac?.nbPac, 'number')
      .add(`declarant_1_${year}`, 'Déclarant 1', joinParts([s.prnmDec1, s.nmUsaDec1 ?? s.nmNaiDec1]), 'text')
      .add(`declarant_2_${year}`, 'Déclarant 2', joinParts([s.prnmDec2, s.nmUsaDec2 ?? s.nmNaiDec2]), 'text')
      .add(`adresse_${year}`, 'Adresse au 1er janvier', address, 'text')
      .add(`revenu_brut_global_${year}`, 'Revenu brut global', s.revenuBrutGlobal, 'euros')
      .add(`revenu_imposable_${year}`, 'Revenu imposable', s.revImposable, 'euros');
    return { title: fr`Revenus ${year} (déclarés en ${year + 1})`, facts: facts.list };
  });

  const latest = sorted[0];
  const parts: string[] = [];
  if (latest?.situation.rfr != null) parts.push(fr`revenu fiscal de référence de ${formatEuros(latest.situation.rfr)}`);
  if (latest?.situation.nbPart != null) {
    const n = latest.situation.nbPart;
    parts.push(`${formatNumber(n)} ${n >= 2 ? 'parts' : 'part'}`);
  }
  const summary = latest
    ? parts.length > 0
      ? fr`Revenus ${latest.year} : ${parts.join(', ')}.`
      : fr`Situation fiscale des revenus ${latest.year} transmise par la DGFiP.`
    : fr`Aucune situation fiscale transmise.`;
  return { summary, sections };
}

export const impotParticulier: DataSource = {
  id: 'impot_particulier',
  label: 'Impôt sur le revenu (DGFiP)',
  provider: 'dgfip',
  defaultScopes: ['dgfip_rfr', 'dgfip_nbpart', 'dgfip_sitfam', 'dgfip_nbpac', 'dgfip_annee_n_moins_1', 'dgfip_annee_n_moins_2', 'dgfip_annee_n_moins_3'],
  identityScopes: [],
  async fetch(ctx) {
    const token = await dgfipToken(ctx);
    const years = incomeYears(ctx.scopes, new Date(ctx.clock.now()));
    const answers = await Promise.all(years.map(async (year) => ({ year, situation: await situation(ctx, token, year) })));
    const known = answers.filter((a): a is { year: number; situation: Situation } => a.situation !== undefined);
    if (known.length === 0) throw new SourceFailure('not_found', 'http_404');
    return normalise(known);
  },
};

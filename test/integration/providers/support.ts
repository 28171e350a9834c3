import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { releasedIdentity } from '../../../backend/simulator/citizens/index.js';
import { CITIZENS } from '../../../backend/simulator/citizens/data.js';
import type { ProviderId, RunningSimulator } from '../../../backend/simulator/index.js';
import {
  API_PARTICULIER_TOKEN,
  CNAM_API_KEY,
  DGFIP_API_CLIENT,
  RECIPIENT_SIRET,
} from '../../../backend/simulator/providers/fixtures/index.js';
import { exchangeCode, loginAndGetCode } from '../simulator/support.js';

// Clients of the simulated data providers, as the backend will call them (CONTRACTS.md "Data sources").

/** The scopes CONTRACTS.md gives each source by default. */
export const SOURCE_SCOPES = {
  impot_particulier: [
    'dgfip_rfr', 'dgfip_nbpart', 'dgfip_sitfam', 'dgfip_nbpac',
    'dgfip_annee_n_moins_1', 'dgfip_annee_n_moins_2', 'dgfip_annee_n_moins_3',
  ],
  cnam_droits: ['droits_assurance_maladie'],
  cnam_ij: ['cnam_paiements_ij'],
  mesri_statut_etudiant: [
    'mesri_identite', 'mesri_admissions', 'mesri_admission_inscrit', 'mesri_admission_regime_formation',
    'mesri_admission_commune_etudes', 'mesri_admission_etablissement_etude',
  ],
  cnous_boursier: ['cnous_statut_boursier', 'cnous_echelon_bourse', 'cnous_periode_versement', 'cnous_statut_bourse', 'cnous_ville_etudes'],
  dss_prestations: [
    'complementaire_sante_solidaire', 'revenu_solidarite_active', 'prime_activite', 'allocation_adulte_handicape',
    'allocation_soutien_familial',
  ],
  cnaf_quotient_familial: ['cnaf_quotient_familial', 'cnaf_allocataires', 'cnaf_enfants'],
  france_travail_statut: ['api_fc-statutaugmentev1'],
  france_travail_indemnites: ['api_fc-liste-paiementsv1'],
  famille_nombreuse: ['famille_nombreuse_carte'],
} as const;

/** What the Pivot backend asks FranceConnect for by default: identity + every source's scopes. */
export const PIVOT_SCOPE = ['openid', 'identite_pivot', ...new Set(Object.values(SOURCE_SCOPES).flat())].join(' ');

export const scopeWith = (...extra: string[]) => `${PIVOT_SCOPE} ${extra.join(' ')}`;

/** A fresh FranceConnect access token for a test account, through the simulator's code flow. */
export async function fcToken(sim: RunningSimulator, login: string, scope = PIVOT_SCOPE): Promise<string> {
  const { code } = await loginAndGetCode(sim, { scope }, { login });
  return (await exchangeCode(sim, code)).access_token;
}

/** Caches one token per (simulator, login, scope) for 30 s of wall time (they live 60 s). */
export function tokenCache(sim: () => RunningSimulator) {
  const cache = new Map<string, { token: string; at: number }>();
  return async (login: string, scope = PIVOT_SCOPE): Promise<string> => {
    const key = `${login}|${scope}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < 30_000) return hit.token;
    const token = await fcToken(sim(), login, scope);
    cache.set(key, { token, at: Date.now() });
    return token;
  };
}

export function baseUrl(sim: RunningSimulator, id: ProviderId): string {
  const info = sim.providers.find((p) => p.id === id);
  if (!info) throw new Error(`provider ${id} is not running`);
  return info.baseUrl;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** POST {DGFiP}/token with the default API client (or `authorization` / `form` overrides). */
export function dgfipTokenRequest(sim: RunningSimulator, form: Record<string, string> = {}, authorization?: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const auth = authorization === undefined ? basic(DGFIP_API_CLIENT.client_id, DGFIP_API_CLIENT.client_secret) : authorization;
  if (auth !== null) headers.authorization = auth;
  return fetch(`${baseUrl(sim, 'dgfip')}/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'RessourceIR', ...form }),
  });
}

export async function dgfipApiToken(sim: RunningSimulator, scope = 'RessourceIR'): Promise<string> {
  const response = await dgfipTokenRequest(sim, { scope });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function dgfipSituation(
  sim: RunningSimulator,
  year: number | string,
  headers: { apiToken?: string | null; fcToken?: string | null; correlationId?: string | null },
) {
  const h: Record<string, string> = {};
  if (headers.apiToken) h.authorization = `Bearer ${headers.apiToken}`;
  if (headers.fcToken) h['x-franceconnect-oauth'] = headers.fcToken;
  if (headers.correlationId !== null) h['x-correlation-id'] = headers.correlationId ?? randomUUID();
  return fetch(`${baseUrl(sim, 'dgfip')}/impotparticulier/1.0/situations/ir/assiettes/annrev/${year}`, { headers: h });
}

export function cnamGet(sim: RunningSimulator, path: string, fcToken: string | null, apiKey: string | null = CNAM_API_KEY) {
  const headers: Record<string, string> = {};
  if (fcToken) headers.authorization = `Bearer ${fcToken}`;
  if (apiKey) headers['x-api-key'] = apiKey;
  return fetch(`${baseUrl(sim, 'cnam')}${path}`, { headers });
}

/** GET an API Particulier path with `recipient` (unless null) and extra query parameters. */
export function apiParticulierGet(
  sim: RunningSimulator,
  path: string,
  token: string | null,
  query: Record<string, string | string[]> = {},
  recipient: string | null = RECIPIENT_SIRET,
) {
  const params = new URLSearchParams();
  if (recipient !== null) params.set('recipient', recipient);
  for (const [k, v] of Object.entries(query)) for (const value of [v].flat()) params.append(k, value);
  return fetch(`${baseUrl(sim, 'api-particulier')}${path}?${params}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** The MEN query the backend builds from a citizen's FranceConnect identity. */
export function menQuery(login: string, anneeScolaire: string): Record<string, string | string[]> {
  const citizen = CITIZENS.find((c) => c.login === login);
  const identity = citizen && releasedIdentity(citizen);
  if (!identity) throw new Error(`no identity for ${login}`);
  const [annee = '', mois = '', jour = ''] = identity.birthdate.split('-');
  return {
    nomNaissance: identity.family_name,
    'prenoms[]': identity.given_name_array,
    sexeEtatCivil: identity.gender === 'female' ? 'F' : 'M',
    anneeDateNaissance: annee,
    moisDateNaissance: String(Number(mois)),
    jourDateNaissance: String(Number(jour)),
    anneeScolaire,
  };
}

export const MEN_PATH = '/v3/men/scolarites/identite';
export { API_PARTICULIER_TOKEN };

export function bearerGet(url: string, token: string | null) {
  return fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
}

/** API Particulier's error code of a response. */
export async function apCode(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { errors?: { code: string }[] };
  return body.errors?.[0]?.code;
}

/** A token FranceConnect never issued. */
export const BOGUS_TOKEN = 'this-access-token-was-never-issued-by-franceconnect';

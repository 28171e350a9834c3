import type { Clock } from '../clock';
import type { JsonValue } from '../sessions/store';

/**
 * The "API FranceConnectées" as Pivot sees them: one module per source (sources/<id>.ts), each
 * turning a provider's answer into the one normalised shape the extension shows (SourceData), and
 * a fan-out (fanout.ts) that runs the chosen ones in parallel while FranceConnect's access token
 * is valid. CONTRACTS.md, "Data sources (issue 6)", is the shared contract.
 */

export const SOURCE_IDS = [
  'impot_particulier',
  'cnam_droits',
  'cnam_ij',
  'mesri_statut_etudiant',
  'cnous_boursier',
  'dss_prestations',
  'cnaf_quotient_familial',
  'msa_quotient_familial',
  'men_scolarite',
  'france_travail_statut',
  'france_travail_indemnites',
  'famille_nombreuse',
] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export function isSourceId(value: string): value is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(value);
}

/** The organisations Pivot talks to; each has one base URL and its own credentials. */
export const PROVIDER_IDS = ['dgfip', 'cnam', 'api_particulier', 'france_travail', 'famille_nombreuse'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Keys the autofill engine knows how to put into a form field. */
export type FillKey =
  | 'revenu_fiscal_reference'
  | 'nombre_parts'
  | 'quotient_familial'
  | 'echelon_bourse'
  | 'numero_allocataire'
  | 'statut_etudiant'
  | 'statut_boursier'
  | 'numero_carte_famille_nombreuse'
  | 'numero_securite_sociale'
  | 'statut_demandeur_emploi';

export type FactType = 'text' | 'euros' | 'number' | 'date' | 'boolean' | 'period';

/**
 * One value shown to the citizen. `date` values are ISO dates (AAAA-MM-JJ); `period` values are
 * ISO 8601 intervals "AAAA-MM-JJ/AAAA-MM-JJ" (either end may be empty: "2024-01-08/"); `euros` are
 * numbers in euros; null means the provider answered without this value.
 */
export interface Fact {
  key: string;
  label: string;
  value: string | number | boolean | null;
  type: FactType;
  fillKey?: FillKey;
}

export interface SourceData {
  /** One French sentence. */
  summary: string;
  sections: { title: string; facts: Fact[] }[];
}

export type SourceStatus = 'ok' | 'not_found' | 'not_requested' | 'unavailable' | 'error';

/** One entry of GET /api/data. */
export interface SourceResult {
  id: SourceId;
  label: string;
  status: SourceStatus;
  data?: SourceData;
  /** French sentence, for `error` and `unavailable`. */
  error?: string;
  /** ISO 8601 instant the answer was received (or the fan-out ran, for sources not requested). */
  fetchedAt: string;
}

/** Resolved settings of one provider (configuration, with the base URL resolved). */
export interface ProviderSettings {
  dgfip: { baseUrl: string; tokenUrl: string; clientId: string; clientSecret: string; tokenScope: string; idTeleservice?: string };
  cnam: { baseUrl: string; apiKey: string };
  api_particulier: { baseUrl: string; recipient: string; token: string };
  france_travail: { baseUrl: string };
  famille_nombreuse: { baseUrl: string };
}

/** What a source module gets for one call. */
export interface SourceContext {
  /** FranceConnect's access token (valid 60 s from the token response). */
  accessToken: string;
  /** The verified FranceConnect identity (userinfo claims). */
  identity: Record<string, JsonValue>;
  /** Scopes configured for this source (those requested at /authorize). */
  scopes: string[];
  providers: ProviderSettings;
  fetch: typeof fetch;
  /** Aborted when the source's time is up. */
  signal: AbortSignal;
  /**
   * Sent to every provider as X-Correlation-ID (a UUID): the request id of the login's callback
   * when it is a UUID, so a provider's logs and ours can be matched; absent, none is sent (DGFiP
   * then gets a fresh UUID, as it requires one).
   */
  correlationId?: string;
  clock: Clock;
  /**
   * Runs `fn` once per fan-out for a given key and shares its promise (two sources reading the same
   * endpoint, e.g. the CNAF and MSA quotient familial, make one call), and caches provider tokens.
   */
  shared: SharedCalls;
}

export interface SharedCalls {
  /** One call per key within a fan-out. */
  once<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** A provider's own access token (DGFiP's client-credentials token), reused until shortly before it expires. */
  providerToken(key: string, fetchToken: () => Promise<{ token: string; expiresInS: number }>): Promise<string>;
  /** Forgets a provider token the provider refused. */
  dropProviderToken(key: string): void;
}

/** One data source: what it asks FranceConnect for, and how it reads its provider. */
export interface DataSource {
  id: SourceId;
  /** French name shown in the extension. */
  label: string;
  provider: ProviderId;
  /** FranceConnect scopes requested for it, unless configuration says otherwise (<ID>_SCOPES). */
  defaultScopes: readonly string[];
  /** FranceConnect identity scopes the call depends on (requested along with the source's scopes). */
  identityScopes: readonly string[];
  /** Calls the provider and returns the normalised data; throws SourceFailure for anything else. */
  fetch(ctx: SourceContext): Promise<SourceData>;
}

/** Why a source has no data: a status, a reason code for logs (no values), and a French sentence. */
export class SourceFailure extends Error {
  constructor(
    readonly status: 'not_found' | 'unavailable' | 'error',
    /** Machine reason for logs and tests, e.g. "http_503", "timeout", "schema" — never a value. */
    readonly reason: string,
    /** French sentence for the citizen (for `error` and `unavailable`). */
    readonly userMessage?: string,
  ) {
    super(`${status}: ${reason}`);
    this.name = 'SourceFailure';
  }
}

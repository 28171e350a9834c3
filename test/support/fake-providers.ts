import { parseDataConfig, resolveProviders } from '../../backend/data/config';
import { createSharedCalls, ProviderTokenCache } from '../../backend/data/fanout';
import type { ProviderSettings, SourceContext } from '../../backend/data/types';
import type { Clock } from '../../backend/clock';
import * as R from '../fixtures/data/provider-responses';

/**
 * In-process stand-ins for the data providers, for unit tests of the source modules and the
 * fan-out: a fetch that routes by "METHOD /path", records every call (URL, headers, body) and
 * honours the AbortSignal like the real fetch.
 */

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

export type Route = (call: RecordedCall) => Response | Promise<Response>;

export const ISSUER = 'http://localhost:3100/api/v2';
export const SIM = 'http://localhost:3100/providers';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Never answers (until the request is aborted). */
export const hang: Route = () => new Promise<Response>(() => {});

export function fakeProviders(routes: Record<string, Route>) {
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : '',
    };
    calls.push(call);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw new DOMException('This operation was aborted', 'AbortError');
    const route = routes[`${call.method} ${url.pathname}`];
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const answer = Promise.resolve(route ? route(call) : json({ error: 'not_found' }, 404));
      if (!signal) return await answer;
      return await new Promise<Response>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')), { once: true });
        answer.then(resolve, reject);
      });
    } finally {
      inFlight--;
    }
  }) as typeof fetch;
  return {
    fetch: fetchImpl,
    calls,
    /** Calls whose path starts with `prefix`. */
    callsTo: (prefix: string) => calls.filter((c) => c.url.pathname.startsWith(prefix)),
    maxInFlight: () => maxInFlight,
  };
}

export function defaultProviders(env: Record<string, string> = {}): ProviderSettings {
  const { config } = parseDataConfig(env, ISSUER);
  if (!config) throw new Error('bad test configuration');
  return resolveProviders(config, ISSUER);
}

/** 15 June 2025, noon UTC: income years 2024, 2023, 2022; school year 2024-2025. */
export const FIXED_NOW = Date.UTC(2025, 5, 15, 12);
export const fixedClock: Clock = { now: () => FIXED_NOW };

export function sourceContext(fetchImpl: typeof fetch, overrides: Partial<SourceContext> = {}): SourceContext {
  return {
    accessToken: 'fc-access-token',
    identity: {
      sub: 'abc',
      given_name: 'Angela Claire Louise',
      given_name_array: ['Angela', 'Claire', 'Louise'],
      family_name: 'DUBOIS',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
    },
    scopes: [],
    providers: defaultProviders(),
    fetch: fetchImpl,
    signal: new AbortController().signal,
    clock: fixedClock,
    shared: createSharedCalls(new ProviderTokenCache(fixedClock)),
    ...overrides,
  };
}

/** Every provider answering for a known citizen (the recorded answers of test/fixtures/data). */
export function knownCitizenRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {
    'POST /providers/dgfip/token': () => json(R.DGFIP_TOKEN),
    'GET /providers/cnam/v1/droits/beneficiaires/me': () => json(R.CNAM_ME),
    'GET /providers/cnam/v1/droits/beneficiaires/me/beneficiaires': () => json(R.CNAM_BENEFICIAIRES),
    'GET /providers/cnam/v1/indemnites-journalieres/me/paiements': () => json(R.CNAM_IJ),
    'GET /providers/api-particulier/v3/mesri/statut_etudiant/france_connect': () => json(R.MESRI),
    'GET /providers/api-particulier/v3/cnous/etudiant_boursier/france_connect': () => json(R.CNOUS),
    'GET /providers/api-particulier/v3/dss/quotient_familial/france_connect': () => json(R.quotientFamilial('CNAF')),
    'GET /providers/api-particulier/v3/men/scolarites/identite': () => json(R.MEN),
    'GET /providers/france-travail/partenaire/fc-statutaugmente/v1/statut': () => json(R.FRANCE_TRAVAIL_STATUT),
    'GET /providers/france-travail/partenaire/fc-liste-paiements/v1/': () => json(R.FRANCE_TRAVAIL_PAIEMENTS),
    'GET /providers/famille-nombreuse/v1/carte': () => json(R.FAMILLE_NOMBREUSE),
  };
  for (const year of [2022, 2023, 2024]) {
    routes[`GET /providers/dgfip/impotparticulier/1.0/situations/ir/assiettes/annrev/${year}`] = () => json(R.DGFIP_SITUATION);
  }
  for (const [id, body] of Object.entries(R.DSS)) routes[`GET /providers/api-particulier/v3/dss/${id}/france_connect`] = () => json(body);
  return routes;
}

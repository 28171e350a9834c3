import { z } from 'zod';
import { isLoopbackHost, joinUrl } from '../net';
import { SOURCES } from './sources/index';
import { PROVIDER_IDS, type ProviderId, type ProviderSettings, SOURCE_IDS, type SourceId } from './types';

/**
 * Configuration of the data sources, read with the rest of the backend's configuration
 * (backend/config.ts folds it in): base URLs, credentials, scopes, which sources are offered and
 * which are asked for by default, and the per-source time limit. Every default points at the
 * embedded simulator; pointing a source at the real provider is a matter of these variables only.
 */

export interface DataConfig {
  /** Base URL per provider; unset = the simulator's `{FranceConnect issuer without /api/v2}/providers/<segment>`. */
  baseUrls: Partial<Record<ProviderId, string>>;
  /** DGFiP's token endpoint; unset = `${DGFIP base URL}/token`. */
  dgfipTokenUrl: string | undefined;
  credentials: {
    dgfip: { clientId: string; clientSecret: string; tokenScope: string; idTeleservice?: string };
    cnam: { apiKey: string };
    apiParticulier: { recipient: string; token: string };
  };
  /** FranceConnect scopes requested for each source. */
  scopes: Record<SourceId, string[]>;
  /** Sources this backend offers (the others are refused at /auth/login and left out of /api/data). */
  offered: SourceId[];
  /** Sources asked for when /auth/login has no `sources` parameter. */
  defaults: SourceId[];
  /** Per-source time limit, in milliseconds. */
  timeoutMs: number;
}

/** Path segment of each provider in the embedded simulator (`{sim}/providers/<segment>`). */
export const SIMULATOR_SEGMENTS: Record<ProviderId, string> = {
  dgfip: 'dgfip',
  cnam: 'cnam',
  api_particulier: 'api-particulier',
  france_travail: 'france-travail',
  famille_nombreuse: 'famille-nombreuse',
};

export const BASE_URL_VARIABLES: Record<ProviderId, string> = {
  dgfip: 'DGFIP_BASE_URL',
  cnam: 'CNAM_BASE_URL',
  api_particulier: 'API_PARTICULIER_BASE_URL',
  france_travail: 'FRANCE_TRAVAIL_BASE_URL',
  famille_nombreuse: 'FAMILLE_NOMBREUSE_BASE_URL',
};

/**
 * Credentials the embedded simulator's providers accept (public, valid only there). The simulator
 * declares the same values on its side; the two share no code.
 */
export const SIMULATOR_CREDENTIALS = {
  dgfipClientId: 'pivot-simulateur-dgfip',
  dgfipClientSecret: '5f0e9d8c7b6a59483726150f4e3d2c1b0a9f8e7d6c5b4a3928170f6e5d4c3b2a',
  cnamApiKey: 'pivot-simulateur-cnam-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  apiParticulierToken: 'pivot-simulateur-api-particulier-9f8e7d6c5b4a39281706f5e4d3c2b1a0',
  /** SIRET of DINUM, the usual example recipient of API Particulier's documentation. */
  apiParticulierRecipient: '13002526500013',
} as const;

export const DEFAULT_TIMEOUT_MS = 5000;

/** `<ID>_SCOPES`, e.g. IMPOT_PARTICULIER_SCOPES. */
export function scopesVariable(id: SourceId): string {
  return `${id.toUpperCase()}_SCOPES`;
}

/** Variables whose value must never be echoed back in a message. */
export const DATA_SECRET_VARIABLES = ['DGFIP_CLIENT_SECRET', 'CNAM_API_KEY', 'API_PARTICULIER_TOKEN'];

export interface Problem {
  variable: string;
  message: string;
}

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** An absolute http(s) URL, plain http on loopback only, no query/fragment/credentials; trailing slashes dropped. */
const baseUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .transform((raw, ctx) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be an absolute URL, got "${raw}"` });
        return z.NEVER;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got "${raw}"` });
        return z.NEVER;
      }
      if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message: `must use https: plain http is accepted only on loopback (localhost, 127.0.0.1, [::1]), got "${raw}"`,
        });
        return z.NEVER;
      }
      if (url.search || url.hash || url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: `must not carry a query, fragment or credentials, got "${raw}"` });
        return z.NEVER;
      }
      return url.href.replace(/\/+$/, '');
    })
    .optional(),
);

const printable = (what: string) =>
  z.preprocess(blankToUndefined, z.string().trim().regex(/^[\x21-\x7e]{1,200}$/, `must be ${what} (printable characters, no spaces)`).optional());

const secret = z.preprocess(blankToUndefined, z.string().trim().min(16, 'must be at least 16 characters').optional());

const scopeList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'scopes are words separated by spaces'))
        .refine((list) => !list.includes('openid'), 'must not include "openid" (FC_SCOPES has it)'),
    )
    .optional(),
);

/** "all", "none", or source ids separated by commas or spaces (unknown ids refused, order canonical). */
const sourceList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((raw, ctx): SourceId[] | 'all' => {
      const words = raw.split(/[\s,]+/).filter(Boolean);
      if (words.length === 1 && words[0] === 'all') return 'all';
      if (words.length === 1 && words[0] === 'none') return [];
      const unknown = words.filter((w) => !(SOURCE_IDS as readonly string[]).includes(w));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown source "${unknown[0]}"; known sources: ${SOURCE_IDS.join(', ')} (or "all", "none")`,
        });
        return z.NEVER;
      }
      return SOURCE_IDS.filter((id) => words.includes(id));
    })
    .optional(),
);

const timeout = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(50, 'must be at least 50 ms')
        .max(30_000, 'must be at most 30000 ms (FranceConnect’s access token lives 60 s and the login waits for the data)'),
    )
    .optional(),
);

const scopeShape = Object.fromEntries(SOURCE_IDS.map((id) => [scopesVariable(id), scopeList])) as Record<string, typeof scopeList>;

const schema = z.object({
  DGFIP_BASE_URL: baseUrl,
  CNAM_BASE_URL: baseUrl,
  API_PARTICULIER_BASE_URL: baseUrl,
  FRANCE_TRAVAIL_BASE_URL: baseUrl,
  FAMILLE_NOMBREUSE_BASE_URL: baseUrl,
  DGFIP_TOKEN_URL: baseUrl,
  DGFIP_CLIENT_ID: printable('DGFiP’s client id'),
  DGFIP_CLIENT_SECRET: secret,
  DGFIP_TOKEN_SCOPE: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(/^[A-Za-z0-9_]+( [A-Za-z0-9_]+)*$/, 'must be DGFiP scopes separated by spaces (e.g. RessourceIR)').optional(),
  ),
  DGFIP_ID_TELESERVICE: printable('the téléservice id given by the DGFiP'),
  CNAM_API_KEY: secret,
  API_PARTICULIER_RECIPIENT: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{14}$/, 'must be a SIRET (14 digits)').optional()),
  API_PARTICULIER_TOKEN: secret,
  ...scopeShape,
  DATA_SOURCES: sourceList,
  DATA_SOURCES_DEFAULT: sourceList,
  DATA_TIMEOUT_MS: timeout,
});

/** Reads the data-source variables. `issuer` is FC_ISSUER as configured (it decides what is offered by default). */
export function parseDataConfig(env: Record<string, string | undefined>, issuer: string): { config?: DataConfig; problems: Problem[] } {
  const result = schema.safeParse(env);
  if (!result.success) {
    return {
      problems: result.error.issues.map((i) => {
        const variable = String(i.path[0] ?? 'configuration');
        // zod's own messages may quote the received value: never for a secret.
        const quiet = DATA_SECRET_VARIABLES.includes(variable) && i.code !== 'custom' && i.code !== 'too_small';
        return { variable, message: quiet ? 'is invalid' : i.message };
      }),
    };
  }
  const e = result.data as z.output<typeof schema> & Record<string, string[] | undefined>;
  const problems: Problem[] = [];

  const baseUrls: Partial<Record<ProviderId, string>> = {};
  for (const provider of PROVIDER_IDS) {
    const url = e[BASE_URL_VARIABLES[provider] as keyof typeof e] as string | undefined;
    if (url) baseUrls[provider] = url;
  }

  const scopes = {} as Record<SourceId, string[]>;
  for (const id of SOURCE_IDS) scopes[id] = e[scopesVariable(id)] ?? [...SOURCES[id].defaultScopes];

  // Without the embedded simulator, a source is offered only once its provider's base URL is set.
  const simulator = isSimulatorIssuer(issuer);
  const reachable = SOURCE_IDS.filter((id) => simulator || baseUrls[SOURCES[id].provider] !== undefined);
  const offered = e.DATA_SOURCES === undefined ? reachable : e.DATA_SOURCES === 'all' ? [...SOURCE_IDS] : e.DATA_SOURCES;
  if (!simulator) {
    for (const id of offered.filter((id) => !reachable.includes(id))) {
      problems.push({
        variable: 'DATA_SOURCES',
        message: `offers "${id}" but ${BASE_URL_VARIABLES[SOURCES[id].provider]} is not set (needed when FC_ISSUER is not the embedded simulator)`,
      });
    }
  }
  // A real provider gets real credentials: the defaults are the simulator's public values.
  const offeredProviders = new Set(offered.map((id) => SOURCES[id].provider));
  const needs: Record<ProviderId, (keyof typeof e)[]> = {
    dgfip: ['DGFIP_CLIENT_ID', 'DGFIP_CLIENT_SECRET'],
    cnam: ['CNAM_API_KEY'],
    api_particulier: ['API_PARTICULIER_RECIPIENT', ...(offered.includes('men_scolarite') ? (['API_PARTICULIER_TOKEN'] as const) : [])],
    france_travail: [],
    famille_nombreuse: [],
  };
  for (const provider of PROVIDER_IDS) {
    const url = baseUrls[provider];
    if (!url || isLoopbackHost(new URL(url).hostname) || !offeredProviders.has(provider)) continue;
    for (const variable of needs[provider]) {
      if (e[variable] === undefined) {
        problems.push({
          variable: String(variable),
          message: `must be set when ${BASE_URL_VARIABLES[provider]} points at the real provider (the default is the simulator's public value)`,
        });
      }
    }
  }
  const defaults = e.DATA_SOURCES_DEFAULT === undefined || e.DATA_SOURCES_DEFAULT === 'all' ? offered : e.DATA_SOURCES_DEFAULT;
  for (const id of defaults.filter((id) => !offered.includes(id))) {
    problems.push({ variable: 'DATA_SOURCES_DEFAULT', message: `"${id}" is not offered (see DATA_SOURCES)` });
  }

  const config: DataConfig = {
    baseUrls,
    dgfipTokenUrl: e.DGFIP_TOKEN_URL,
    credentials: {
      dgfip: {
        clientId: e.DGFIP_CLIENT_ID ?? SIMULATOR_CREDENTIALS.dgfipClientId,
        clientSecret: e.DGFIP_CLIENT_SECRET ?? SIMULATOR_CREDENTIALS.dgfipClientSecret,
        tokenScope: e.DGFIP_TOKEN_SCOPE ?? 'RessourceIR',
        ...(e.DGFIP_ID_TELESERVICE ? { idTeleservice: e.DGFIP_ID_TELESERVICE } : {}),
      },
      cnam: { apiKey: e.CNAM_API_KEY ?? SIMULATOR_CREDENTIALS.cnamApiKey },
      apiParticulier: {
        recipient: e.API_PARTICULIER_RECIPIENT ?? SIMULATOR_CREDENTIALS.apiParticulierRecipient,
        token: e.API_PARTICULIER_TOKEN ?? SIMULATOR_CREDENTIALS.apiParticulierToken,
      },
    },
    scopes,
    offered,
    defaults: defaults.filter((id) => offered.includes(id)),
    timeoutMs: e.DATA_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS,
  };
  return problems.length > 0 ? { problems } : { config, problems };
}

/** True when the FranceConnect issuer is the embedded simulator (a loopback issuer ending in /api/v2). */
export function isSimulatorIssuer(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return isLoopbackHost(url.hostname) && /\/api\/v2\/?$/.test(url.pathname);
  } catch {
    return false;
  }
}

/**
 * The provider settings with every base URL resolved. Unset base URLs follow the FranceConnect
 * issuer the backend actually uses (npm start passes the simulator's), so the defaults always
 * point at the simulator that issued the token.
 */
export function resolveProviders(data: DataConfig, issuer: string): ProviderSettings {
  const simulatorBase = issuer.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  const base = (p: ProviderId) => data.baseUrls[p] ?? joinUrl(simulatorBase, `/providers/${SIMULATOR_SEGMENTS[p]}`);
  const dgfipBase = base('dgfip');
  const c = data.credentials;
  return {
    dgfip: {
      baseUrl: dgfipBase,
      tokenUrl: data.dgfipTokenUrl ?? joinUrl(dgfipBase, '/token'),
      clientId: c.dgfip.clientId,
      clientSecret: c.dgfip.clientSecret,
      tokenScope: c.dgfip.tokenScope,
      ...(c.dgfip.idTeleservice ? { idTeleservice: c.dgfip.idTeleservice } : {}),
    },
    cnam: { baseUrl: base('cnam'), apiKey: c.cnam.apiKey },
    api_particulier: { baseUrl: base('api_particulier'), recipient: c.apiParticulier.recipient, token: c.apiParticulier.token },
    france_travail: { baseUrl: base('france_travail') },
    famille_nombreuse: { baseUrl: base('famille_nombreuse') },
  };
}

/**
 * The backend's HTTP contract (CONTRACTS.md), as the extension uses it. Every answer is parsed; every
 * failure becomes one of three errors the session logic knows how to show.
 * Called from the background (and from the options page for the health check), never from content
 * scripts: extension pages reach hosts they have permission for without CORS.
 */
import * as z from 'zod/mini';
import { DataResponseSchema, MAX_CARDS, type DataResponse } from './data-api';
import { MeSchema, type Me } from './messages';
import { DATA_SOURCE_IDS, type DataSourceId } from './sources';

/** The backend did not answer (network error, timeout, or a proxy saying it is down). */
export class BackendUnreachableError extends Error {
  override name = 'BackendUnreachableError';
}

/** 401: the session handle is unknown or expired. */
export class SessionRejectedError extends Error {
  override name = 'SessionRejectedError';
}

/** Any other refusal or an answer that does not follow the contract. `message` is French when the backend gave one. */
export class BackendError extends Error {
  override name = 'BackendError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Fetch = typeof fetch;

export interface BackendClientOptions {
  /** The backend's base URL, normalised (no trailing slash). */
  baseUrl: string;
  fetch?: Fetch;
  /** Per request; the default suits a backend on this computer or nearby. */
  timeoutMs?: number;
}

const ErrorBodySchema = z.object({ error: z.string(), message: z.optional(z.string()) });
const ExchangeSchema = z.object({
  session: z.string().check(z.minLength(16), z.maxLength(2000)),
  expires_in: z.number().check(z.positive()),
});
/** `logoutUrl` is null when the backend could not build FranceConnect's logout URL (FranceConnect down). */
const LogoutSchema = z.object({ logoutUrl: z.nullable(z.url({ protocol: /^https?$/ })) });

/**
 * GET /api/sources (public): the sources this backend offers. Parsed to the ids this extension
 * knows, in the fixed order; an id it does not know is left out (it could not show it anyway).
 * Here rather than in data-api.ts, which the popup bundles: only the background reads it.
 */
const OfferedSchema = z.pipe(
  z.object({
    sources: z
      .array(
        z.object({
          id: z.string().check(z.maxLength(60)),
          label: z.optional(z.string().check(z.maxLength(200))),
          provider: z.optional(z.string().check(z.maxLength(60))),
        }),
      )
      .check(z.maxLength(MAX_CARDS)),
  }),
  z.transform(({ sources }): DataSourceId[] => {
    const ids = new Set(sources.map((s) => s.id));
    return DATA_SOURCE_IDS.filter((id) => ids.has(id));
  }),
);

const GENERIC_MESSAGE = 'Le serveur Pivot a refusé la demande.';

export function createBackendClient(options: BackendClientOptions) {
  const { baseUrl, timeoutMs = 8000 } = options;
  const doFetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        ...init,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch {
      throw new BackendUnreachableError(`No answer from ${baseUrl}${path}`);
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 401) throw new SessionRejectedError('Session rejected');
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      throw new BackendUnreachableError(`${baseUrl}${path} answered ${response.status}`);
    }
    if (!response.ok) {
      const body = ErrorBodySchema.safeParse(await readJson(response));
      throw new BackendError(
        response.status,
        body.success ? body.data.error : 'http_' + response.status,
        body.success && body.data.message ? body.data.message : GENERIC_MESSAGE,
      );
    }
    return response;
  }

  async function parse<T>(response: Response, schema: z.ZodMiniType<T>): Promise<T> {
    const result = schema.safeParse(await readJson(response));
    if (!result.success) {
      throw new BackendError(response.status, 'invalid_response', 'Le serveur Pivot a envoyé une réponse inattendue.');
    }
    return result.data;
  }

  const bearer = (session: string) => ({ authorization: `Bearer ${session}` });

  return {
    baseUrl,

    /**
     * The URL the auth window opens (GET /auth/login), with the handoff's S256 challenge. `sources`:
     * the data sources to read at login (an empty list asks for none; absent, the backend's default).
     */
    loginUrl(redirectUri: string, state: string, codeChallenge: string, sources?: readonly string[]): string {
      const query = new URLSearchParams({
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      if (sources) query.set('sources', sources.join(','));
      return `${baseUrl}/auth/login?${query.toString()}`;
    },

    /** GET /health: resolves when the backend answers 2xx. */
    async health(): Promise<void> {
      await send('/health', { method: 'GET' });
    },

    /** POST /auth/exchange: one-time handoff code + PKCE verifier → opaque session handle. */
    async exchange(code: string, codeVerifier: string): Promise<{ session: string; expiresIn: number }> {
      const response = await send('/auth/exchange', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, code_verifier: codeVerifier }),
      });
      const body = await parse(response, ExchangeSchema);
      return { session: body.session, expiresIn: body.expires_in };
    },

    /** GET /api/me: the certified identity of the session. */
    async me(session: string): Promise<Me> {
      return parse(await send('/api/me', { method: 'GET', headers: bearer(session) }), MeSchema);
    },

    /** GET /api/sources (public): the data sources this backend offers, known ids only, in the fixed order. */
    async offeredSources(): Promise<DataSourceId[]> {
      return parse(await send('/api/sources', { method: 'GET' }), OfferedSchema);
    },

    /** GET /api/data: the data each source gave at login, card by card (data-api.ts). */
    async getData(session: string): Promise<DataResponse> {
      return parse(await send('/api/data', { method: 'GET', headers: bearer(session) }), DataResponseSchema);
    },

    /**
     * POST /auth/logout: revokes the session and returns FranceConnect's logout URL. After
     * FranceConnect, the backend sends the browser to `redirectUri?logout=done&state=…`.
     */
    async logout(session: string, back: { redirectUri: string; state: string }): Promise<{ logoutUrl: string | null }> {
      const response = await send('/auth/logout', {
        method: 'POST',
        headers: { ...bearer(session), 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uri: back.redirectUri, state: back.state }),
      });
      return parse(response, LogoutSchema);
    },
  };
}

export type BackendClient = ReturnType<typeof createBackendClient>;

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

import express, { type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { FC_ERRORS, errorPage, redirectWithError, type BackLink, type FcError } from './errors.js';
import { identityProvider } from './interactions/identity-providers.js';
import type { ClientRegistry } from './registry.js';

// FranceConnect's checks in front of oidc-provider's /authorize (franceconnect.md §2.1–§2.3), in
// FranceConnect's order: the strict parameter whitelist (AuthorizeParamsDto, error page Y030007), the
// client (Y04EA6EF), the redirect_uri (Y04C013C), the claims the client may ask for (Y100009), then the
// errors FranceConnect sends back to the client: acr_values (invalid_acr) and idp_hint (invalid_idp_hint).
// What remains (response_type, scope, openid…) is checked by oidc-provider with the same messages as FC.

const PROMPT_VALUES = new Set(['login', 'consent']);

/** Every parameter FranceConnect accepts at /authorize; anything else (PKCE, response_mode…) is refused. */
export const authorizeParamsSchema = z.strictObject({
  client_id: z.string().min(1),
  acr_values: z.string(),
  claims: z.string().optional(),
  response_type: z.string(),
  nonce: z.string().min(22),
  state: z.string(),
  redirect_uri: z.url({ protocol: /^https?$/ }),
  scope: z.string(),
  prompt: z
    .string()
    .refine((p) => p.split(' ').length > 0 && p.split(' ').every((v) => PROMPT_VALUES.has(v)))
    .optional(),
  idp_hint: z.string().optional(),
  ui_locales: z.string().optional(),
});

const ACR_ORDER = ['eidas1', 'eidas2', 'eidas3'];
const ALLOWED_ACR = 'eidas1';

/**
 * acr_values as FranceConnect reads them: unknown values are dropped (default eidas1), the lowest
 * known value is kept. Returns the value to forward, or the value FC low refuses.
 */
export function resolveAcr(acrValues: string): { acr: string; allowed: boolean } {
  const known = acrValues
    .split(' ')
    .filter((v) => ACR_ORDER.includes(v))
    .sort((a, b) => ACR_ORDER.indexOf(a) - ACR_ORDER.indexOf(b));
  const acr = known[0] ?? ALLOWED_ACR;
  return { acr, allowed: acr === ALLOWED_ACR };
}

/**
 * FranceConnect always puts auth_time in the ID token (it forces the login prompt internally). The
 * simulator asks oidc-provider for it through the claims parameter it forwards, rather than with the
 * require_auth_time client metadata, which would change oidc-provider's error messages.
 */
export function withAuthTime(claims: string | undefined): string | undefined {
  let parsed: unknown = {};
  if (claims !== undefined) {
    try {
      parsed = JSON.parse(claims);
    } catch {
      return claims; // oidc-provider answers invalid_request for malformed claims JSON
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return claims;
  const request = parsed as { id_token?: unknown };
  const idToken = typeof request.id_token === 'object' && request.id_token !== null ? request.id_token : {};
  return JSON.stringify({ ...request, id_token: { ...idToken, auth_time: { essential: true } } });
}

function requestsClaim(claims: string | undefined, name: string): boolean {
  if (!claims) return false;
  try {
    const parsed = JSON.parse(claims) as Record<string, unknown>;
    return ['id_token', 'userinfo'].some((k) => {
      const member = parsed[k];
      return typeof member === 'object' && member !== null && name in member;
    });
  } catch {
    return false; // oidc-provider answers invalid_request for malformed claims JSON
  }
}

export interface AuthorizeGuardDependencies {
  clients: ClientRegistry;
  issuer: string;
  /** Path the guard is mounted on, e.g. "/api/v2/authorize". */
  path: string;
}

export function authorizeGuard({ clients, issuer, path }: AuthorizeGuardDependencies): express.Router {
  const router = express.Router();

  function showError(res: Response, error: FcError, backLink?: BackLink) {
    res.status(error.status).set('Cache-Control', 'no-store').type('html').send(errorPage(error, backLink));
  }

  function guard(req: Request, res: Response, next: NextFunction, raw: Record<string, unknown>) {
    const parsed = authorizeParamsSchema.safeParse(raw);
    const clientId = typeof raw.client_id === 'string' ? raw.client_id : undefined;
    const client = clientId ? clients.get(clientId) : undefined;
    const redirectUri = typeof raw.redirect_uri === 'string' ? raw.redirect_uri : undefined;
    const registeredRedirect = client && redirectUri && client.redirect_uris.includes(redirectUri) ? redirectUri : undefined;
    const state = typeof raw.state === 'string' ? raw.state : undefined;
    const backTo = (error: FcError): BackLink | undefined =>
      client && registeredRedirect
        ? {
            href: redirectWithError(registeredRedirect, { error: error.error, error_description: error.error_description, state, iss: issuer }),
            serviceName: client.name,
          }
        : undefined;

    if (!parsed.success) return showError(res, FC_ERRORS.invalidParameters, backTo(FC_ERRORS.invalidParameters));
    const params = parsed.data;
    if (!client) return showError(res, FC_ERRORS.unknownClient);
    if (!registeredRedirect) return showError(res, FC_ERRORS.unregisteredRedirectUri);
    if (requestsClaim(params.claims, 'amr') && !client.claims.includes('amr')) {
      return showError(res, FC_ERRORS.amrNotAllowed, backTo(FC_ERRORS.amrNotAllowed));
    }

    const acr = resolveAcr(params.acr_values);
    if (!acr.allowed) {
      return res.redirect(
        303,
        redirectWithError(params.redirect_uri, {
          error: 'invalid_acr',
          error_description: `acr_value is not valid, should be equal one of these values, expected ${ALLOWED_ACR}, got ${acr.acr}`,
          state: params.state,
          iss: issuer,
        }),
      );
    }
    if (params.idp_hint !== undefined && !identityProvider(params.idp_hint)) {
      return res.redirect(
        303,
        redirectWithError(params.redirect_uri, {
          error: 'invalid_idp_hint',
          error_description: 'An idp_hint was provided but is not allowed',
          state: params.state,
          iss: issuer,
        }),
      );
    }

    // Forward to oidc-provider as a GET with the resolved acr. A POST is forwarded the same way: its
    // body has been read here, and oidc-provider treats both methods alike.
    const forwarded = { ...params, acr_values: acr.acr, claims: withAuthTime(params.claims) };
    const query = new URLSearchParams(
      Object.entries(forwarded).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    req.method = 'GET';
    req.url = `${path}?${query}`;
    req.originalUrl = req.url;
    next();
  }

  router.get(path, (req, res, next) => guard(req, res, next, req.query as Record<string, unknown>));
  router.post(path, express.urlencoded({ extended: false, limit: '56kb' }), (req, res, next) =>
    guard(req, res, next, (req.body ?? {}) as Record<string, unknown>),
  );
  return router;
}

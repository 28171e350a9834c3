import { createHash, randomUUID } from 'node:crypto';
import { html, page } from './html.js';

// FranceConnect's error shapes (franceconnect.md §6.1): an HTML error page with "code erreur : Y…"
// and "id erreur : <uuid>" when FranceConnect cannot (or must not) send the citizen back to the
// service provider, and the code of each error FranceConnect shows.

const RECONNECT = 'Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.';
const SP_COMMUNICATION =
  'Une erreur de communication avec le fournisseur de service est survenue. Veuillez réessayer ultérieurement.';
const TECHNICAL_ABORT = 'authentication aborted due to a technical error on the authorization server';

export interface FcError {
  /** "Y" + scope (2) + code (4), or "Y04" + 5 hex digits for oidc-provider runtime errors. */
  code: string;
  status: number;
  /** What the citizen reads. */
  message: string;
  /** What the back link sends to the service provider, when there is one. */
  error: string;
  error_description: string;
}

export const FC_ERRORS = {
  /** /authorize or /session/end parameters rejected by FranceConnect's strict whitelist (DTO). */
  invalidParameters: { code: 'Y030007', status: 400, message: RECONNECT, error: 'invalid_request', error_description: 'invalid parameter' },
  unknownClient: { code: 'Y04EA6EF', status: 400, message: SP_COMMUNICATION, error: 'invalid_client', error_description: 'client is invalid' },
  unregisteredRedirectUri: {
    code: 'Y04C013C',
    status: 400,
    message: SP_COMMUNICATION,
    error: 'invalid_redirect_uri',
    error_description: "redirect_uri did not match any of the client's registered redirect_uris",
  },
  unregisteredPostLogoutRedirectUri: {
    code: 'Y04CFAEF',
    status: 400,
    message: RECONNECT,
    error: 'invalid_request',
    error_description: 'post_logout_redirect_uri not registered',
  },
  amrNotAllowed: { code: 'Y100009', status: 400, message: RECONNECT, error: 'server_error', error_description: TECHNICAL_ABORT },
  incompleteIdentity: { code: 'Y600006', status: 400, message: RECONNECT, error: 'server_error', error_description: TECHNICAL_ABORT },
  sessionNotFound: {
    code: 'Y190001',
    status: 401,
    message: 'Votre session a expiré ou est invalide, fermez l’onglet de votre navigateur et reconnectez-vous.',
    error: 'access_denied',
    error_description: 'user authentication aborted',
  },
} as const satisfies Record<string, FcError>;

/** Codes FranceConnect gives to some oidc-provider errors (FCS back/_doc/erreurs-oidc-provider.md). */
const KNOWN_RUNTIME_CODES: [RegExp, string][] = [
  [/^client is invalid/, 'Y04EA6EF'],
  [/^redirect_uri did not match/, 'Y04C013C'],
  [/^post_logout_redirect_uri not registered/, 'Y04CFAEF'],
  [/^client authentication failed/, 'Y0434A7B'],
  [/^missing required parameter 'code'/, 'Y048017B'],
  [/authorization code not found/, 'Y049E20B'],
  [/authorization code redirect_uri mismatch/, 'Y04F8199'],
];

/** The "Y04…" code of an oidc-provider error: FranceConnect's own when known, else a stable digest. */
export function runtimeErrorCode(error: string, description = ''): string {
  for (const [pattern, code] of KNOWN_RUNTIME_CODES) if (pattern.test(description)) return code;
  return `Y04${createHash('sha256').update(`${error}:${description}`).digest('hex').slice(0, 5).toUpperCase()}`;
}

/** `error_uri` of FranceConnect's JSON errors. */
export function errorUri(code: string, id: string = randomUUID()): string {
  return `https://docs.partenaires.franceconnect.gouv.fr/fs/fs-technique/fs-technique-erreurs/?code=${code}&id=${id}`;
}

export interface BackLink {
  href: string;
  serviceName: string;
}

/** FranceConnect's technical error page. */
export function errorPage(error: Pick<FcError, 'code' | 'message'>, backLink?: BackLink): string {
  const id = randomUUID();
  return page({
    title: 'Erreur de connexion - FranceConnect',
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<section class="fr-col-12 fr-col-md-9" data-testid="error-section">
  <h1>Une erreur s’est produite</h1>
  <p class="fr-text--sm" data-testid="error-code">code erreur\u00a0: ${error.code}</p>
  <p class="fr-text--sm" data-testid="error-id">id erreur\u00a0: ${id}</p>
  <p class="fr-text--md" data-testid="error-message">${error.message}</p>
  ${
    backLink
      ? html`<p><a class="fr-btn fr-btn--tertiary-no-outline fr-icon-arrow-go-back-fill fr-btn--icon-left" data-testid="back-to-sp-link" href="${backLink.href}">Revenir sur ${backLink.serviceName}</a></p>`
      : ''
  }
</section>`,
  });
}

/** Builds `redirect_uri?error=…&error_description=…&state=…&iss=…` (franceconnect.md §2.4). */
export function redirectWithError(
  redirectUri: string,
  params: { error: string; error_description: string; state?: string; iss: string },
): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', params.error);
  url.searchParams.set('error_description', params.error_description);
  if (params.state !== undefined) url.searchParams.set('state', params.state);
  url.searchParams.set('iss', params.iss);
  return url.href;
}

/**
 * The session state machine, as pure functions: which screen follows from what the background holds,
 * and how each way a login can end becomes an outcome. The background (session-service.ts) does
 * the I/O and calls these.
 *
 *   logged-out ──login──> logging-in ──ok──> logged-in ──logout──> logging-out ──> logged-out
 *        ^                    │                  │
 *        │   cancelled / fc-error / login-error / unreachable     └─401 or past expiry──> expired
 *        └────────────────────┘
 */
import type { SessionView } from './messages';
import type { Outcome, StoredIdentity, StoredSession } from './storage';

export type Activity = 'idle' | 'logging-in' | 'logging-out';

export interface Snapshot {
  activity: Activity;
  session: StoredSession | undefined;
  identity: StoredIdentity | undefined;
  outcome: Outcome | undefined;
  /** The backend currently configured. */
  backendUrl: string;
  now: number;
}

/** A session is usable when it belongs to the configured backend and has not expired. */
export function sessionState(s: Pick<Snapshot, 'session' | 'backendUrl' | 'now'>): 'none' | 'valid' | 'expired' | 'other-backend' {
  if (!s.session) return 'none';
  if (s.session.backendUrl !== s.backendUrl) return 'other-backend';
  if (s.session.expiresAt <= s.now) return 'expired';
  return 'valid';
}

/** The screen for a snapshot. A flow in progress wins, then a live session, then the last outcome. */
export function viewOf(s: Snapshot): SessionView {
  if (s.activity !== 'idle') return { status: s.activity };
  if (sessionState(s) === 'valid' && s.identity) return { status: 'logged-in', me: s.identity.me };
  return outcomeView(s.outcome);
}

export function outcomeView(outcome: Outcome | undefined): SessionView {
  switch (outcome?.kind) {
    case undefined:
      return { status: 'logged-out' };
    case 'cancelled':
    case 'logged-out':
    case 'logged-out-locally':
      return { status: 'logged-out', notice: outcome.kind };
    case 'expired':
      return { status: 'expired' };
    case 'unreachable':
      return { status: 'unreachable', backendUrl: outcome.backendUrl, retry: 'login' };
    case 'fc-error':
    case 'login-error':
      return { status: outcome.kind, code: outcome.code, message: outcome.message };
  }
}

/** What came back to the redirect URL at the end of the auth window. */
export type RedirectResult =
  | { kind: 'code'; code: string }
  | { kind: 'error'; error: string; description: string | undefined }
  | { kind: 'invalid'; reason: 'not-redirect-uri' | 'state-mismatch' | 'no-code' };

/**
 * Reads the URL launchWebAuthFlow resolved with. The client state must come back unchanged, on
 * success and on error alike: otherwise the answer belongs to another login (or to someone else).
 */
export function parseRedirect(responseUrl: string, redirectUri: string, expectedState: string): RedirectResult {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return { kind: 'invalid', reason: 'not-redirect-uri' };
  }
  const expected = new URL(redirectUri);
  if (url.origin !== expected.origin || !url.pathname.startsWith(expected.pathname)) {
    return { kind: 'invalid', reason: 'not-redirect-uri' };
  }
  const params = url.searchParams;
  if (params.get('state') !== expectedState) return { kind: 'invalid', reason: 'state-mismatch' };
  const error = params.get('error');
  if (error) return { kind: 'error', error, description: params.get('error_description') ?? undefined };
  const code = params.get('code');
  if (!code) return { kind: 'invalid', reason: 'no-code' };
  return { kind: 'code', code };
}

/** The end of the logout flow: the backend's `redirectUri?logout=done&state=<ours>`. */
export function isLogoutConfirmation(responseUrl: string, redirectUri: string, expectedState: string): boolean {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return false;
  }
  const expected = new URL(redirectUri);
  return (
    url.origin === expected.origin &&
    url.pathname.startsWith(expected.pathname) &&
    url.searchParams.get('logout') === 'done' &&
    url.searchParams.get('state') === expectedState
  );
}

/** FranceConnect / OAuth error codes, in plain French, for when the backend sent no description. */
const FC_ERROR_MESSAGES: Record<string, string> = {
  access_denied: 'Vous avez annulé la connexion, ou refusé de transmettre vos informations.',
  temporarily_unavailable: 'FranceConnect est momentanément indisponible. Réessayez dans quelques minutes.',
  server_error: 'FranceConnect a rencontré un problème technique. Réessayez dans quelques minutes.',
  login_required: 'FranceConnect demande de vous identifier à nouveau.',
  consent_required: 'FranceConnect demande votre accord pour transmettre vos informations.',
  invalid_request: 'FranceConnect a refusé la demande de connexion envoyée par Pivot.',
  invalid_scope: 'FranceConnect a refusé les informations demandées par Pivot.',
  invalid_acr: 'FranceConnect a refusé le niveau de sécurité demandé par Pivot.',
  invalid_client: 'FranceConnect ne reconnaît pas le service Pivot.',
  unauthorized_client: 'FranceConnect n’autorise pas le service Pivot à se connecter ainsi.',
};

const DEFAULT_FC_MESSAGE = 'FranceConnect n’a pas pu terminer votre connexion. Réessayez dans quelques minutes.';

/** The message shown for an error redirect: the backend's French description, else ours. */
export function fcErrorOutcome(error: string, description: string | undefined): Outcome {
  const cleaned = [...(description ?? '')]
    .map((char) => (char < ' ' || char === '\u007f' ? ' ' : char))
    .join('')
    .trim()
    .slice(0, 500);
  return {
    kind: 'fc-error',
    code: error.slice(0, 100),
    message: cleaned || FC_ERROR_MESSAGES[error] || DEFAULT_FC_MESSAGE,
  };
}

export const LOGIN_ERROR_MESSAGES = {
  'state-mismatch':
    'La réponse reçue ne correspond pas à la connexion que vous avez lancée\u00a0: par sécurité, elle a été ignorée. Recommencez la connexion.',
  'not-redirect-uri': 'La connexion s’est terminée sur une adresse inattendue\u00a0: par sécurité, elle a été ignorée.',
  'no-code': 'Le serveur Pivot n’a pas renvoyé de code de connexion. Recommencez la connexion.',
  'auth-window': 'La fenêtre de connexion n’a pas pu s’ouvrir ou charger la page de FranceConnect.',
  'session-rejected': 'Le serveur Pivot a refusé la session qu’il venait d’ouvrir. Recommencez la connexion.',
  unexpected: 'Une erreur inattendue a interrompu la connexion. Recommencez la connexion.',
} as const;

export function loginErrorOutcome(code: keyof typeof LOGIN_ERROR_MESSAGES): Outcome {
  return { kind: 'login-error', code, message: LOGIN_ERROR_MESSAGES[code] };
}

/**
 * launchWebAuthFlow rejects when the citizen closes the auth window ("The user did not approve
 * access." in Chrome, "User cancelled or denied access." in Firefox).
 */
export function isUserCancellation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /did not approve|cancel+ed|denied access/i.test(message);
}

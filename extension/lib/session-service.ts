/**
 * The background's session logic: login through the auth window, identity refresh, logout, expiry.
 * It owns the only copy of the session handle (storage.session) and is the only code that sends it
 * to the backend. Pages ask through messages (background-messages.ts); nothing here runs in a page.
 */
import { browser } from 'wxt/browser';
import {
  BackendError,
  BackendUnreachableError,
  createBackendClient,
  SessionRejectedError,
  type BackendClient,
  type Fetch,
} from './backend-client';
import type { SessionView } from './messages';
import { randomToken, s256Challenge } from './pkce';
import {
  fcErrorOutcome,
  isLogoutConfirmation,
  isUserCancellation,
  loginErrorOutcome,
  parseRedirect,
  sessionState,
  viewOf,
  type Activity,
} from './session-machine';
import { configStore, preferencesStore, sessionStore, type Outcome, type StoredSession } from './storage';

export interface SessionServiceOptions {
  fetch?: Fetch;
  now?: () => number;
  /** 256 random bits, base64url: client states and the handoff's PKCE verifier. */
  randomToken?: () => string;
  /** How long the hidden FranceConnect logout may take before we stop waiting for it. */
  fcLogoutTimeoutMs?: number;
  /** Called whenever what the popup should show may have changed. */
  onChange?: () => void;
}

export function createSessionService(options: SessionServiceOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const random = options.randomToken ?? randomToken;
  const fcLogoutTimeoutMs = options.fcLogoutTimeoutMs ?? 15_000;
  const client = (baseUrl: string): BackendClient => createBackendClient({ baseUrl, fetch: options.fetch });

  let activity: Activity = 'idle';
  let running: Promise<void> = Promise.resolve();

  function changed(): void {
    options.onChange?.();
  }

  /** Reads storage, drops a session that expired or belongs to another backend, and returns the screen. */
  async function view(): Promise<SessionView> {
    const [session, identity, outcome, backendUrl] = await Promise.all([
      sessionStore.getSession(),
      sessionStore.getIdentity(),
      sessionStore.getOutcome(),
      configStore.getBackendUrl(),
    ]);
    const snapshot = { activity, session, identity, outcome, backendUrl, now: now() };
    const state = sessionState(snapshot);
    if (activity === 'idle' && (state === 'expired' || state === 'other-backend')) {
      await sessionStore.wipeIdentity();
      if (state === 'expired') await sessionStore.setOutcome({ kind: 'expired' });
      return viewOf({ ...snapshot, session: undefined, identity: undefined, outcome: state === 'expired' ? { kind: 'expired' } : outcome });
    }
    return viewOf(snapshot);
  }

  /** Asks the backend whether the session still lives, and reloads the identity. */
  async function refresh(): Promise<SessionView> {
    const current = await view();
    if (current.status !== 'logged-in') return current;
    const session = await sessionStore.getSession();
    if (!session) return view();
    try {
      const me = await client(session.backendUrl).me(session.handle);
      await sessionStore.saveIdentity(me, now());
    } catch (error) {
      if (error instanceof SessionRejectedError) {
        await sessionStore.wipeIdentity();
        await sessionStore.setOutcome({ kind: 'expired' });
        changed();
      } else if (error instanceof BackendUnreachableError) {
        // The session may well be alive: keep it, say the backend does not answer, offer to retry.
        return { status: 'unreachable', backendUrl: session.backendUrl, retry: 'refresh' };
      } else {
        throw error;
      }
    }
    return view();
  }

  /** `sources`: the data sources to read at login; absent, the citizen's last choice (none if never chosen). */
  async function login(sources?: readonly string[]): Promise<SessionView> {
    if (activity !== 'idle') return view();
    activity = 'logging-in';
    running = runLogin(sources).finally(() => {
      activity = 'idle';
      changed();
    });
    changed();
    return view();
  }

  async function runLogin(asked: readonly string[] | undefined): Promise<void> {
    const backendUrl = await configStore.getBackendUrl();
    const chosen = asked ?? (await preferencesStore.getSources()) ?? [];
    const backend = client(backendUrl);
    await sessionStore.wipeIdentity();
    await sessionStore.clearOutcome();
    const stopKeepAlive = keepServiceWorkerAlive();
    try {
      // Fail fast, before opening a window that would only show a browser error page.
      await backend.health();
      // Ask only for sources this backend offers: a choice made for another backend, or before it
      // changed its DATA_SOURCES, must never make /auth/login refuse. The preference stays as it is.
      const offered = await backend.offeredSources().catch((error: unknown) => {
        if (error instanceof BackendUnreachableError) throw error;
        return undefined; // a backend without GET /api/sources: ask as chosen
      });
      const sources = offered ? offered.filter((id) => chosen.includes(id)) : chosen;
      const state = random();
      const verifier = random();
      const redirectUri = browser.identity.getRedirectURL();
      let responseUrl: string;
      try {
        responseUrl =
          (await browser.identity.launchWebAuthFlow({
            url: backend.loginUrl(redirectUri, state, await s256Challenge(verifier), sources),
            interactive: true,
          })) ?? '';
      } catch (error) {
        await sessionStore.setOutcome(isUserCancellation(error) ? { kind: 'cancelled' } : loginErrorOutcome('auth-window'));
        return;
      }
      const result = parseRedirect(responseUrl, redirectUri, state);
      if (result.kind === 'error') {
        await sessionStore.setOutcome(fcErrorOutcome(result.error, result.description));
        return;
      }
      if (result.kind === 'invalid') {
        await sessionStore.setOutcome(loginErrorOutcome(result.reason));
        return;
      }
      const { session, expiresIn } = await backend.exchange(result.code, verifier);
      const me = await backend.me(session);
      const at = now();
      await sessionStore.saveLogin({ handle: session, backendUrl, expiresAt: at + expiresIn * 1000 }, me, at);
    } catch (error) {
      await sessionStore.setOutcome(failureOutcome(error, backendUrl));
    } finally {
      stopKeepAlive();
    }
  }

  async function logout(): Promise<SessionView> {
    if (activity !== 'idle') return view();
    // Wipe first: whatever the backend or FranceConnect answer, nothing personal stays here.
    const session = await sessionStore.getSession();
    await sessionStore.wipeIdentity();
    await sessionStore.clearOutcome();
    activity = 'logging-out';
    running = runLogout(session).finally(() => {
      activity = 'idle';
      changed();
    });
    changed();
    return view();
  }

  async function runLogout(session: StoredSession | undefined): Promise<void> {
    let kind: 'logged-out' | 'logged-out-locally' = 'logged-out-locally';
    if (session) {
      try {
        const back = { redirectUri: browser.identity.getRedirectURL(), state: random() };
        const { logoutUrl } = await client(session.backendUrl).logout(session.handle, back);
        if (logoutUrl && (await endFranceConnectSession(logoutUrl, back))) kind = 'logged-out';
      } catch {
        // Backend unreachable or session already gone: the local wipe stands, and the notice says
        // that the logout could not be confirmed everywhere.
      }
    } else {
      kind = 'logged-out';
    }
    await sessionStore.setOutcome({ kind });
  }

  /**
   * Runs FranceConnect's end-session URL in a hidden auth window (no click needed: FranceConnect
   * logs out through self-submitting pages and redirects), which ends on the backend's logout
   * callback and from there on `redirectUri?logout=done&state=…`. True when it came back so.
   */
  async function endFranceConnectSession(logoutUrl: string, back: { redirectUri: string; state: string }): Promise<boolean> {
    try {
      const returned = await browser.identity.launchWebAuthFlow({
        url: logoutUrl,
        interactive: false,
        // Chrome: keep waiting through the intermediate pages (Firefox has no such options and
        // follows them anyway).
        ...(import.meta.env.FIREFOX ? {} : { abortOnLoadForNonInteractive: false, timeoutMsForNonInteractive: fcLogoutTimeoutMs }),
      });
      return isLogoutConfirmation(returned ?? '', back.redirectUri, back.state);
    } catch {
      return false;
    }
  }

  async function dismiss(): Promise<SessionView> {
    await sessionStore.clearOutcome();
    return view();
  }

  return {
    view,
    refresh,
    login,
    logout,
    dismiss,
    /** Resolves when the login or logout in progress (if any) has finished. For tests and shutdown. */
    settled: () => running,
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

function failureOutcome(error: unknown, backendUrl: string): Outcome {
  if (error instanceof BackendUnreachableError) return { kind: 'unreachable', backendUrl };
  if (error instanceof SessionRejectedError) return loginErrorOutcome('session-rejected');
  if (error instanceof BackendError) return { kind: 'login-error', code: error.code.slice(0, 100), message: error.message.slice(0, 500) };
  return loginErrorOutcome('unexpected');
}

/**
 * Chrome stops an idle extension service worker after 30 s; the auth window can stay open longer
 * while the citizen types. Any extension API call resets the idle timer, so ping one while a login
 * is in progress. Harmless elsewhere (Firefox event pages, tests).
 */
function keepServiceWorkerAlive(): () => void {
  const timer = setInterval(() => {
    browser.runtime.getPlatformInfo().catch(() => undefined);
  }, 20_000);
  return () => clearInterval(timer);
}

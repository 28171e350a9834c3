import { Browser, formSubmission, linkHref } from './browser';

/**
 * A scripted login following the backend's contract, over HTTP only, as the extension and the
 * citizen would do it:
 *   GET /auth/login → follow to FranceConnect (simulator) → post its IdP choice and login forms
 *   → back to /auth/callback → capture the redirect to the extension URL → POST /auth/exchange.
 */

/** The unpacked Chrome extension's redirect URL, allow-listed by default. */
export const CHROME_REDIRECT = 'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/';
export const FIREFOX_REDIRECT = 'https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/';

export interface LoginOptions {
  /** Simulator account; default "test" / "123" (franceconnect.md §1.4). */
  login?: string;
  password?: string;
  /** Text of the IdP choice to press, if several. */
  identityProvider?: string;
  redirectUri?: string;
  /** The extension's own state, returned untouched. */
  state?: string;
  sources?: string;
  codeChallenge?: string;
  /** Stop when FranceConnect redirects to /auth/callback, without following (for replay tests). */
  stopAtCallback?: boolean;
  /** Press FranceConnect's « Revenir sur <service> » link on its first page instead of logging in. */
  cancel?: boolean;
  /** Called after each HTTP exchange (for scripts that show the journey). */
  onStep?: (step: { method: string; url: URL; status: number; location?: string }) => void;
  /** A browser to reuse (cookies, e.g. FranceConnect's SSO session); default a fresh one. */
  browser?: Browser;
}

export type LoginOutcome =
  /** The backend redirected to the extension: `url` carries code and state, or error and error_description. */
  | { kind: 'extension'; url: URL; browser: Browser; callbackUrl: URL | undefined }
  /** Stopped (stopAtCallback) on FranceConnect's redirect to the backend's callback. */
  | { kind: 'callback'; url: URL; browser: Browser }
  /** Ended on a page (an error page of the backend or of FranceConnect). */
  | { kind: 'page'; url: URL; status: number; html: string; browser: Browser };

export function loginUrl(backendUrl: string, options: LoginOptions = {}): URL {
  const url = new URL('/auth/login', backendUrl);
  url.searchParams.set('redirect_uri', options.redirectUri ?? CHROME_REDIRECT);
  if (options.state !== undefined) url.searchParams.set('state', options.state);
  if (options.sources !== undefined) url.searchParams.set('sources', options.sources);
  if (options.codeChallenge !== undefined) {
    url.searchParams.set('code_challenge', options.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

/** Runs the browser part of a login, from /auth/login to the redirect to the extension. */
export async function runLogin(backendUrl: string, options: LoginOptions = {}): Promise<LoginOutcome> {
  const browser = options.browser ?? new Browser();
  return navigate(browser, loginUrl(backendUrl, options), backendUrl, options);
}

/** Follows redirects and posts forms from `start` until the extension URL, the callback (if asked) or a page. */
export async function navigate(browser: Browser, start: URL, backendUrl: string, options: LoginOptions = {}): Promise<LoginOutcome> {
  const callbackPath = new URL('/auth/callback', backendUrl);
  let url = start;
  let init: RequestInit = {};
  let callbackUrl: URL | undefined;
  for (let step = 0; step < 40; step++) {
    if (isExtensionUrl(url)) return { kind: 'extension', url, browser, callbackUrl };
    if (url.origin === callbackPath.origin && url.pathname === callbackPath.pathname) {
      callbackUrl = url;
      if (options.stopAtCallback) return { kind: 'callback', url, browser };
    }
    const response = await browser.request(url, init);
    options.onStep?.({
      method: init.method ?? 'GET',
      url,
      status: response.status,
      ...(response.headers.get('location') ? { location: response.headers.get('location') ?? '' } : {}),
    });
    init = {};
    if (response.status >= 300 && response.status < 400) {
      await response.arrayBuffer();
      url = new URL(response.headers.get('location') ?? '', url);
      continue;
    }
    const html = await response.text();
    const back = options.cancel && response.ok ? linkHref(html, url, 'Revenir sur') : undefined;
    if (back) {
      url = back;
      continue;
    }
    const submission = response.ok
      ? formSubmission(html, url, {
          login: options.login ?? 'test',
          password: options.password ?? '123',
          ...(options.identityProvider ? { prefer: options.identityProvider } : {}),
        })
      : undefined;
    if (!submission) return { kind: 'page', url, status: response.status, html, browser };
    url = submission.action;
    init = {
      method: 'POST',
      body: submission.body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  }
  throw new Error(`login did not finish after 40 steps (last URL ${url.href})`);
}

function isExtensionUrl(url: URL): boolean {
  return url.hostname.endsWith('.chromiumapp.org') || url.hostname.endsWith('.extensions.allizom.org');
}

/** The handoff code of a successful login, or a readable failure. */
export function handoffCode(outcome: LoginOutcome): string {
  if (outcome.kind !== 'extension') {
    throw new Error(`login ended on ${outcome.kind} ${outcome.url.href}${outcome.kind === 'page' ? ` (HTTP ${outcome.status})` : ''}`);
  }
  const code = outcome.url.searchParams.get('code');
  if (!code) {
    throw new Error(
      `login redirected with error=${outcome.url.searchParams.get('error')}: ${outcome.url.searchParams.get('error_description')}`,
    );
  }
  return code;
}

export async function exchange(backendUrl: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(new URL('/auth/exchange', backendUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Logs in and exchanges the handoff code: the session handle the extension would keep. */
export async function loginForSession(backendUrl: string, options: LoginOptions = {}): Promise<{ session: string; expires_in: number }> {
  const code = handoffCode(await runLogin(backendUrl, options));
  const response = await exchange(backendUrl, { code });
  if (response.status !== 200) throw new Error(`exchange failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { session: string; expires_in: number };
}

export async function getMe(backendUrl: string, session: string | undefined, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  else if (session !== undefined) headers.authorization = `Bearer ${session}`;
  return fetch(new URL('/api/me', backendUrl), { headers });
}

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_BACKEND_URL } from '../../../extension/lib/config';
import { createDataService } from '../../../extension/lib/data-service';
import { createSessionService } from '../../../extension/lib/session-service';
import { configStore, KEYS, preferencesStore, sessionStore } from '../../../extension/lib/storage';
import { SIMULATED_DATA } from '../../fixtures/extension/data';
import { ME } from '../../fixtures/extension/me';
import { fakeBackend, json } from '../../support/extension/fake-backend';

const REDIRECT = 'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/';
const HANDLE = 'session-handle-0123456789abcdef';
const LOGOUT_URL = 'http://localhost:3100/api/v2/session/end?id_token_hint=x&state=y&post_logout_redirect_uri=z';
const T0 = Date.parse('2026-11-26T13:05:00Z');

type LaunchDetails = { url: string; interactive?: boolean };

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** What the fake backend remembers between /auth/login (seen by the auth window) and the next calls. */
const flow = { challenge: '', logoutState: '', logoutRedirect: '' };

/** What GET /api/sources answers: the ids offered, a status alone, or undefined (a backend without the route: 404). */
let offered: string[] | number | undefined;

function backendRoutes() {
  return fakeBackend(DEFAULT_BACKEND_URL, {
    'GET /health': () => json(200, { status: 'ok' }),
    'GET /api/sources': () =>
      typeof offered === 'number'
        ? json(offered, { error: 'x', message: 'x' })
        : offered
          ? json(200, { sources: offered.map((id) => ({ id, label: id, provider: 'x' })) })
          : json(404, { error: 'not_found', message: 'Introuvable.' }),
    'POST /auth/exchange': (r) => {
      const body = r.body as { code?: string; code_verifier?: string };
      return body.code === 'HANDOFF' && s256(body.code_verifier ?? '') === flow.challenge
        ? json(200, { session: HANDLE, expires_in: 1800 })
        : json(400, { error: 'invalid_grant', message: 'Ce code de connexion est inconnu, expiré ou déjà utilisé.' });
    },
    'GET /api/me': (r) => (r.headers.get('authorization') === `Bearer ${HANDLE}` ? json(200, ME) : json(401, { error: 'unauthorized', message: 'Session inconnue.' })),
    'GET /api/data': (r) =>
      r.headers.get('authorization') === `Bearer ${HANDLE}` ? json(200, SIMULATED_DATA) : json(401, { error: 'unauthorized', message: 'Session inconnue.' }),
    'POST /auth/logout': (r) => {
      if (r.headers.get('authorization') !== `Bearer ${HANDLE}`) return json(401, { error: 'unauthorized', message: 'Session inconnue.' });
      const body = r.body as { redirect_uri: string; state: string };
      flow.logoutRedirect = body.redirect_uri;
      flow.logoutState = body.state;
      return json(200, { logoutUrl: LOGOUT_URL });
    },
  });
}

/** Answers the auth window the way the backend does after a successful FranceConnect login. */
function succeed(details: LaunchDetails): Promise<string> {
  const params = new URL(details.url).searchParams;
  if (details.url.startsWith(LOGOUT_URL)) return Promise.resolve(`${flow.logoutRedirect}?logout=done&state=${flow.logoutState}`);
  flow.challenge = params.get('code_challenge') ?? '';
  return Promise.resolve(`${REDIRECT}?code=HANDOFF&state=${params.get('state')}`);
}

describe('session service (background)', () => {
  let backend: ReturnType<typeof backendRoutes>;
  let launch: ReturnType<typeof vi.fn>;
  let now: number;
  let changes: number;

  let tokens: number;

  function service() {
    return createSessionService({
      fetch: backend.fetch,
      now: () => now,
      randomToken: () => `token-${++tokens}-`.padEnd(43, 'x'),
      onChange: () => changes++,
    });
  }

  beforeEach(() => {
    fakeBrowser.reset();
    offered = undefined;
    backend = backendRoutes();
    now = T0;
    changes = 0;
    tokens = 0;
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(REDIRECT);
    launch = vi.fn(succeed);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(launch as never);
  });

  afterEach(() => vi.restoreAllMocks());

  async function loggedIn() {
    const s = service();
    await s.login();
    await s.settled();
    return s;
  }

  describe('login', () => {
    it('runs /auth/login in the auth window, exchanges the handoff code and shows the identity', async () => {
      const s = service();
      expect(await s.login()).toEqual({ status: 'logging-in' });
      await s.settled();

      expect(launch).toHaveBeenCalledTimes(1);
      const details = launch.mock.calls[0]?.[0] as LaunchDetails;
      expect(details.interactive).toBe(true);
      const authUrl = new URL(details.url);
      expect(`${authUrl.origin}${authUrl.pathname}`).toBe('http://localhost:3000/auth/login');
      expect(authUrl.searchParams.get('redirect_uri')).toBe(REDIRECT);
      const state = 'token-1-'.padEnd(43, 'x');
      const verifier = 'token-2-'.padEnd(43, 'x');
      expect(authUrl.searchParams.get('state')).toBe(state);
      expect(authUrl.searchParams.get('code_challenge')).toBe(s256(verifier));
      expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');

      expect(backend.calls('POST', '/auth/exchange')[0]?.body).toEqual({ code: 'HANDOFF', code_verifier: verifier });
      expect(backend.calls('GET', '/api/me')[0]?.headers.get('authorization')).toBe(`Bearer ${HANDLE}`);
      expect(await s.view()).toEqual({ status: 'logged-in', me: ME });
      expect(changes).toBeGreaterThanOrEqual(2);
    });

    it('keeps the handle and identity in storage.session and nothing in storage.local', async () => {
      await loggedIn();
      const session = await fakeBrowser.storage.session.get(null);
      expect(Object.keys(session).sort()).toEqual([KEYS.identity, KEYS.session].sort());
      expect(session[KEYS.session]).toEqual({ handle: HANDLE, backendUrl: DEFAULT_BACKEND_URL, expiresAt: T0 + 1800_000 });
      expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    });

    it('asks /auth/login for the data sources chosen, and for none when nothing was ever chosen', async () => {
      const sourcesOf = (call: number) => new URL((launch.mock.calls[call]?.[0] as LaunchDetails).url).searchParams.get('sources');
      const s = service();
      await s.login(['impot_particulier', 'cnam_droits']);
      await s.settled();
      expect(sourcesOf(0)).toBe('impot_particulier,cnam_droits');
      await s.logout();
      await s.settled();

      await s.login();
      await s.settled();
      expect(sourcesOf(2)).toBe('');
      await s.logout();
      await s.settled();

      // « Réessayer » and the other screens log in without a list: the citizen's last choice is used.
      await preferencesStore.setSources(['famille_nombreuse']);
      await s.login();
      await s.settled();
      expect(sourcesOf(4)).toBe('famille_nombreuse');
    });

    it('asks only for the sources the backend offers (GET /api/sources), and keeps the preference as it is', async () => {
      const sourcesOf = (call: number) => new URL((launch.mock.calls[call]?.[0] as LaunchDetails).url).searchParams.get('sources');
      offered = ['impot_particulier', 'cnaf_quotient_familial'];
      const s = service();
      // From the popup: a choice holding sources this backend does not offer.
      await s.login(['cnam_droits', 'cnaf_quotient_familial', 'famille_nombreuse', 'impot_particulier']);
      await s.settled();
      expect(sourcesOf(0)).toBe('impot_particulier,cnaf_quotient_familial');
      expect((await s.view()).status).toBe('logged-in');
      expect(backend.calls('GET', '/api/sources')[0]?.headers.get('authorization')).toBeNull();
      await s.logout();
      await s.settled();

      // From « Réessayer » (no list): the stored preference, intersected, and left untouched.
      await preferencesStore.setSources(['men_scolarite', 'cnaf_quotient_familial']);
      await s.login();
      await s.settled();
      expect(sourcesOf(2)).toBe('cnaf_quotient_familial');
      expect(await preferencesStore.getSources()).toEqual(['men_scolarite', 'cnaf_quotient_familial']);
      await s.logout();
      await s.settled();

      // A backend that offers none: the login asks for none.
      offered = [];
      await s.login(['impot_particulier']);
      await s.settled();
      expect(sourcesOf(4)).toBe('');
      expect((await s.view()).status).toBe('logged-in');
    });

    it('asks as chosen when the backend cannot say what it offers (no GET /api/sources, or a broken answer)', async () => {
      const sourcesOf = (call: number) => new URL((launch.mock.calls[call]?.[0] as LaunchDetails).url).searchParams.get('sources');
      const s = service();
      await s.login(['cnam_ij', 'famille_nombreuse']);
      await s.settled();
      expect(sourcesOf(0)).toBe('cnam_ij,famille_nombreuse');
      await s.logout();
      await s.settled();
      offered = 500;
      await s.login(['cnam_ij']);
      await s.settled();
      expect(sourcesOf(2)).toBe('cnam_ij');
    });

    it('shows the unreachable screen, without opening the auth window, when GET /api/sources gets no answer', async () => {
      offered = 503;
      const s = await loggedIn();
      expect(await s.view()).toEqual({ status: 'unreachable', backendUrl: DEFAULT_BACKEND_URL, retry: 'login' });
      expect(launch).not.toHaveBeenCalled();
    });

    it('generates a random client state and PKCE verifier by default', async () => {
      const s = createSessionService({ fetch: backend.fetch });
      await s.login();
      await s.settled();
      const params = new URL((launch.mock.calls[0]?.[0] as LaunchDetails).url).searchParams;
      expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const verifier = (backend.calls('POST', '/auth/exchange')[0]?.body as { code_verifier: string }).code_verifier;
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(verifier).not.toBe(params.get('state'));
      expect((await s.view()).status).toBe('logged-in');
    });

    it('goes back to not-logged-in with a calm notice when the citizen closes the auth window', async () => {
      launch.mockRejectedValue(new Error('The user did not approve access.'));
      const s = await loggedIn();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'cancelled' });
      expect(backend.calls('POST', '/auth/exchange')).toHaveLength(0);
    });

    it('shows the FranceConnect error in the backend’s French words', async () => {
      launch.mockImplementation((d: LaunchDetails) =>
        Promise.resolve(
          `${REDIRECT}?error=access_denied&error_description=${encodeURIComponent('Vous avez annulé la connexion sur FranceConnect.')}&state=${new URL(d.url).searchParams.get('state')}`,
        ),
      );
      const s = await loggedIn();
      expect(await s.view()).toEqual({ status: 'fc-error', code: 'access_denied', message: 'Vous avez annulé la connexion sur FranceConnect.' });
      expect(backend.calls('POST', '/auth/exchange')).toHaveLength(0);
    });

    it('explains a FranceConnect error code in French when the backend sent no description', async () => {
      launch.mockImplementation((d: LaunchDetails) =>
        Promise.resolve(`${REDIRECT}?error=temporarily_unavailable&state=${new URL(d.url).searchParams.get('state')}`),
      );
      const s = await loggedIn();
      const view = await s.view();
      expect(view).toMatchObject({ status: 'fc-error', code: 'temporarily_unavailable' });
      expect(view.status === 'fc-error' && view.message).toMatch(/momentanément indisponible/);
    });

    it('ignores an answer whose state is not the one it sent (and does not exchange its code)', async () => {
      launch.mockResolvedValue(`${REDIRECT}?code=HANDOFF&state=someone-else`);
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'state-mismatch' });
      expect(backend.calls('POST', '/auth/exchange')).toHaveLength(0);
      expect(await sessionStore.getSession()).toBeUndefined();
    });

    it('ignores an error answer whose state does not match', async () => {
      launch.mockResolvedValue(`${REDIRECT}?error=access_denied&error_description=Faux&state=other`);
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'state-mismatch' });
    });

    it('ignores an answer that is not on its redirect URL', async () => {
      launch.mockImplementation((d: LaunchDetails) =>
        Promise.resolve(`https://evil.example.com/?code=HANDOFF&state=${new URL(d.url).searchParams.get('state')}`),
      );
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'not-redirect-uri' });
    });

    it('refuses an answer without a code', async () => {
      launch.mockImplementation((d: LaunchDetails) => Promise.resolve(`${REDIRECT}?state=${new URL(d.url).searchParams.get('state')}`));
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'no-code' });
    });

    it('says the auth window failed when launchWebAuthFlow rejects for another reason', async () => {
      launch.mockRejectedValue(new Error('Authorization page could not be loaded.'));
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'auth-window' });
    });

    it('shows the backend-unreachable screen, without opening the auth window, when the backend is down', async () => {
      backend.down();
      const s = await loggedIn();
      expect(await s.view()).toEqual({ status: 'unreachable', backendUrl: DEFAULT_BACKEND_URL, retry: 'login' });
      expect(launch).not.toHaveBeenCalled();
    });

    it('shows the backend’s French message when the exchange is refused', async () => {
      launch.mockImplementation((d: LaunchDetails) =>
        Promise.resolve(`${REDIRECT}?code=STALE&state=${new URL(d.url).searchParams.get('state')}`),
      );
      const s = await loggedIn();
      expect(await s.view()).toEqual({
        status: 'login-error',
        code: 'invalid_grant',
        message: 'Ce code de connexion est inconnu, expiré ou déjà utilisé.',
      });
    });

    it('stores nothing when /api/me refuses the new session', async () => {
      backend = fakeBackend(DEFAULT_BACKEND_URL, {
        'GET /health': () => json(200, {}),
        'POST /auth/exchange': () => json(200, { session: HANDLE, expires_in: 60 }),
        'GET /api/me': () => json(401, { error: 'unauthorized', message: 'Non.' }),
      });
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'session-rejected' });
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
    });

    it('refuses an identity that does not follow the contract', async () => {
      backend = fakeBackend(DEFAULT_BACKEND_URL, {
        'GET /health': () => json(200, {}),
        'POST /auth/exchange': () => json(200, { session: HANDLE, expires_in: 60 }),
        'GET /api/me': () => json(200, { identity: { family_name: 'X' } }),
      });
      const s = await loggedIn();
      expect(await s.view()).toMatchObject({ status: 'login-error', code: 'invalid_response' });
      expect(await sessionStore.getIdentity()).toBeUndefined();
    });

    it('does not start a second login while one is running', async () => {
      let finish: (url: string) => void = () => undefined;
      launch.mockImplementation(
        (d: LaunchDetails) =>
          new Promise<string>((resolve) => {
            finish = () => resolve(`${REDIRECT}?code=HANDOFF&state=${new URL(d.url).searchParams.get('state')}`);
          }),
      );
      const s = service();
      await s.login();
      await vi.waitFor(() => expect(launch).toHaveBeenCalledTimes(1));
      expect(await s.login()).toEqual({ status: 'logging-in' });
      expect(await s.logout()).toEqual({ status: 'logging-in' });
      finish('');
      await s.settled();
      expect(launch).toHaveBeenCalledTimes(1);
      expect((await s.view()).status).toBe('logged-in');
    });

    it('logs in against the backend set in the options', async () => {
      await configStore.setBackendUrl('http://127.0.0.1:4000');
      backend = fakeBackend('http://127.0.0.1:4000', {
        'GET /health': () => json(200, {}),
        'POST /auth/exchange': () => json(200, { session: HANDLE, expires_in: 60 }),
        'GET /api/me': () => json(200, ME),
      });
      const s = await loggedIn();
      expect(new URL((launch.mock.calls[0]?.[0] as LaunchDetails).url).origin).toBe('http://127.0.0.1:4000');
      expect((await sessionStore.getSession())?.backendUrl).toBe('http://127.0.0.1:4000');
      expect((await s.view()).status).toBe('logged-in');
    });
  });

  describe('logout', () => {
    it('wipes the identity at once, revokes the backend session, then runs FranceConnect’s logout', async () => {
      const s = await loggedIn();
      expect(await s.logout()).toEqual({ status: 'logging-out' });
      // Before the backend or FranceConnect answer, nothing personal is left.
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
      await s.settled();

      const logout = backend.calls('POST', '/auth/logout')[0];
      expect(logout?.headers.get('authorization')).toBe(`Bearer ${HANDLE}`);
      expect(logout?.body).toEqual({ redirect_uri: REDIRECT, state: expect.stringMatching(/^token-/) });
      expect(launch).toHaveBeenLastCalledWith(
        expect.objectContaining({ url: LOGOUT_URL, interactive: false, abortOnLoadForNonInteractive: false, timeoutMsForNonInteractive: 15_000 }),
      );
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out' });
      expect(await fakeBrowser.storage.session.get(null)).toEqual({ [KEYS.outcome]: { kind: 'logged-out' } });
      expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    });

    it('wipes the data sources’ answers with the identity, and keeps the sources choice', async () => {
      const s = await loggedIn();
      await preferencesStore.setSources(['impot_particulier']);
      const data = await createDataService({ fetch: backend.fetch, now: () => now }).get();
      expect(data.ok).toBe(true);
      expect(Object.keys(await fakeBrowser.storage.session.get(null))).toContain(KEYS.data);
      await s.logout();
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity, KEYS.data])).toEqual({});
      await s.settled();
      expect(await fakeBrowser.storage.session.get(null)).toEqual({ [KEYS.outcome]: { kind: 'logged-out' } });
      expect(await fakeBrowser.storage.local.get(null)).toEqual({ [KEYS.sources]: ['impot_particulier'] });
    });

    it('still wipes everything when the backend is unreachable, and says the logout is not confirmed', async () => {
      const s = await loggedIn();
      backend.down();
      await s.logout();
      await s.settled();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out-locally' });
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
    });

    it('says the logout is not confirmed when FranceConnect’s logout did not come back', async () => {
      const s = await loggedIn();
      launch.mockReset();
      launch.mockRejectedValue(new Error('User interaction required.'));
      await s.logout();
      await s.settled();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out-locally' });
    });

    it('does not take a logout confirmation with another state for its own', async () => {
      const s = await loggedIn();
      launch.mockReset();
      launch.mockResolvedValue(`${REDIRECT}?logout=done&state=forged`);
      await s.logout();
      await s.settled();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out-locally' });
    });

    it('says the logout is not confirmed when the backend has no FranceConnect logout URL', async () => {
      backend = fakeBackend(DEFAULT_BACKEND_URL, {
        'GET /health': () => json(200, {}),
        'POST /auth/exchange': () => json(200, { session: HANDLE, expires_in: 1800 }),
        'GET /api/me': () => json(200, ME),
        'POST /auth/logout': () => json(200, { logoutUrl: null }),
      });
      const s = await loggedIn();
      await s.logout();
      await s.settled();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out-locally' });
      expect(launch).toHaveBeenCalledTimes(1);
    });

    it('without a session, just says the citizen is logged out', async () => {
      const s = service();
      await s.logout();
      await s.settled();
      expect(await s.view()).toEqual({ status: 'logged-out', notice: 'logged-out' });
      expect(backend.seen).toHaveLength(0);
    });
  });

  describe('expiry and refresh', () => {
    it('wipes the identity and shows the expired screen once the session’s lifetime has passed', async () => {
      const s = await loggedIn();
      now = T0 + 1800_000;
      expect(await s.view()).toEqual({ status: 'expired' });
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
      expect(await s.view()).toEqual({ status: 'expired' });
    });

    it('wipes the identity and shows the expired screen when /api/me answers 401', async () => {
      const s = await loggedIn();
      backend = fakeBackend(DEFAULT_BACKEND_URL, { 'GET /api/me': () => json(401, { error: 'unauthorized' }) });
      const fresh = createSessionService({ fetch: backend.fetch, now: () => now });
      expect(await fresh.refresh()).toEqual({ status: 'expired' });
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
      expect(await s.view()).toEqual({ status: 'expired' });
    });

    it('keeps the session but says the backend does not answer when /api/me cannot be reached', async () => {
      const s = await loggedIn();
      backend.down();
      expect(await s.refresh()).toEqual({ status: 'unreachable', backendUrl: DEFAULT_BACKEND_URL, retry: 'refresh' });
      expect(await sessionStore.getSession()).toBeDefined();
      backend.up();
      expect((await s.refresh()).status).toBe('logged-in');
    });

    it('reloads the identity on refresh', async () => {
      const s = await loggedIn();
      now = T0 + 60_000;
      await s.refresh();
      expect((await sessionStore.getIdentity())?.fetchedAt).toBe(T0 + 60_000);
      expect(backend.calls('GET', '/api/me')).toHaveLength(2);
    });

    it('refresh without a session changes nothing and calls nobody', async () => {
      const s = service();
      expect(await s.refresh()).toEqual({ status: 'logged-out' });
      expect(backend.seen).toHaveLength(0);
    });

    it('drops the session when the citizen switched to another backend', async () => {
      const s = await loggedIn();
      await configStore.setBackendUrl('https://pivot.example.fr');
      expect(await s.view()).toEqual({ status: 'logged-out' });
      expect(await fakeBrowser.storage.session.get([KEYS.session, KEYS.identity])).toEqual({});
    });

    it('dismiss forgets the last notice', async () => {
      launch.mockRejectedValue(new Error('The user did not approve access.'));
      const s = await loggedIn();
      expect(await s.dismiss()).toEqual({ status: 'logged-out' });
    });
  });
});

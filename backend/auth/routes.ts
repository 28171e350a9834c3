import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../log';
import { fr } from '../http/french';
import { HttpError } from '../http/errors';
import { bearerHandle, sessionExpired } from '../http/middleware';
import { renderPage } from '../http/pages';
import { currentRequestId } from '../http/request-context';
import { randomToken } from '../sessions/secrets';
import type { SessionData, SessionService } from '../sessions/sessions';
import { type JsonValue, StoreUnavailableError } from '../sessions/store';
import { describeProviderError, LOGIN_ERROR_MESSAGES, LoginError, type LoginErrorCode } from './errors';
import { describeCause, type FranceConnectClient, type LoginResult } from './franceconnect';
import type { Transactions } from './transactions';

/**
 * The login contract with the extension (README, "HTTP contract"):
 *   GET  /auth/login?redirect_uri=…[&state=…][&sources=a,b][&code_challenge=…&code_challenge_method=S256]
 *   GET  /auth/callback                 (FranceConnect's redirect)
 *   POST /auth/exchange { code[, code_verifier] } → { session, expires_in }
 *   POST /auth/logout   (Bearer) [{ redirect_uri, state }] → { logoutUrl }
 *   GET  /auth/logout/callback
 */

/** What the callback hands to the step that runs while FranceConnect's access token is valid (60 s). */
export interface AuthenticatedEvent {
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  scope: string[];
  /** The verified ID token claims. */
  idTokenClaims: Record<string, unknown>;
  /** The verified, certified identity. */
  identity: Record<string, JsonValue>;
  /** Data sources the extension asked for at /auth/login. */
  sources: string[];
  /** The callback's request id (X-Request-Id), passed on to the data providers as their correlation id. */
  correlationId?: string;
}

/**
 * Runs inside the callback, after every check and before the handoff: the place for calls that
 * need the FranceConnect access token (data providers, issue 6). What it returns is kept in the
 * session as `attachments`. It must finish fast and catch its own per-source failures; if it
 * throws anyway, the login still succeeds without attachments.
 */
export type OnAuthenticated = (event: AuthenticatedEvent) => Promise<Record<string, JsonValue> | void>;

/** The data sources a login asks for, and the FranceConnect scopes they add to /authorize. */
export interface SourceSelection {
  sources: string[];
  scopes: string[];
}
/** Parses /auth/login's `sources` (undefined when absent); throws an HttpError to refuse it. */
export type SelectSources = (raw: string | undefined) => SourceSelection;

export interface AuthRoutesDeps {
  config: Pick<Config, 'publicUrl' | 'callbackUrl' | 'extensionRedirectUrls' | 'franceConnect'>;
  franceConnect: FranceConnectClient;
  transactions: Transactions;
  sessions: SessionService;
  logger: Logger;
  onAuthenticated: OnAuthenticated;
  /** Data sources (issue 6); default: the listed ids as given, no extra scope. */
  selectSources?: SelectSources;
}

const COOKIE_PREFIX = 'pivot_login_';
/** Claims of the userinfo JWT that describe the JWT, not the person. */
const TECHNICAL_CLAIMS = new Set(['iss', 'aud', 'iat', 'exp', 'nbf', 'jti', 'azp', 'nonce', 'at_hash', 'c_hash']);

const base64url43 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const loginQuery = z.object({
  redirect_uri: z.string().max(2048),
  // The extension's own state, returned untouched; printable ASCII only.
  state: z.string().regex(/^[\x21-\x7e]{1,512}$/).optional(),
  // Source ids, comma-separated; empty = none.
  sources: z.string().regex(/^([a-z0-9_-]{1,40}(,[a-z0-9_-]{1,40}){0,31})?$/).optional(),
  code_challenge: base64url43.optional(),
  code_challenge_method: z.literal('S256').optional(),
});

const exchangeBody = z.object({
  code: base64url43,
  code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/).optional(),
});

// Our own states are 43 base64url characters; a callback's `state` of any other shape is unknown.
const stateParam = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
/** FranceConnect's redirect to the callback: each parameter at most once, of a sane size. Others are ignored. */
const callbackParams = z.object({
  state: stateParam,
  code: z.string().regex(/^[\x21-\x7e]{1,2048}$/).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

// Our own logout state (43 base64url characters); anything else is treated as absent.
const logoutCallbackQuery = z.object({ state: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional() });

const logoutBody = z
  .object({ redirect_uri: z.string().max(2048).optional(), state: z.string().regex(/^[\x21-\x7e]{1,512}$/).optional() })
  .optional();

export function authRoutes(deps: AuthRoutesDeps): Router {
  const { config, franceConnect, transactions, sessions, logger } = deps;
  const secureCookies = config.publicUrl.startsWith('https:');
  const cookiePath = new URL(config.callbackUrl).pathname;
  const allowed = new Set(config.extensionRedirectUrls);
  const router = Router();

  function allowedRedirect(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    try {
      const href = new URL(value).href;
      return allowed.has(href) ? href : undefined;
    } catch {
      return undefined;
    }
  }

  function redirectBack(res: Response, redirectUri: string, params: Record<string, string | undefined>): void {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(name, value);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, target.href);
  }

  function rejectLogin(
    res: Response,
    login: { redirectUri: string; clientState?: string | undefined },
    code: string,
    description: string,
    reason: string,
  ): void {
    logger.warn({ event: 'login_rejected', error: code, reason }, 'login rejected');
    redirectBack(res, login.redirectUri, { error: code, error_description: description, state: login.clientState });
  }

  router.get('/auth/login', async (req, res) => {
    const redirectUri = allowedRedirect(req.query.redirect_uri);
    if (!redirectUri) {
      logger.warn({ event: 'login_refused', reason: 'redirect_uri' }, 'login refused: redirect_uri not allowed');
      throw new HttpError(
        400,
        'invalid_redirect_uri',
        fr`Cette demande de connexion ne provient pas de l’extension Pivot : son adresse de retour n’est pas autorisée.`,
        { title: fr`Demande de connexion refusée` },
      );
    }
    const query = loginQuery.safeParse(req.query);
    if (!query.success || (query.data.code_challenge && query.data.code_challenge_method !== 'S256')) {
      const field = query.success ? 'code_challenge_method' : String(query.error.issues[0]?.path[0] ?? 'query');
      logger.warn({ event: 'login_refused', reason: field }, 'login refused: bad parameter');
      throw new HttpError(400, 'invalid_request', fr`La demande de connexion est mal formée (paramètre « ${field} »).`, {
        title: fr`Demande de connexion refusée`,
      });
    }
    const q = query.data;
    const selection = deps.selectSources
      ? deps.selectSources(q.sources)
      : { sources: q.sources ? [...new Set(q.sources.split(','))] : [], scopes: [] };
    try {
      await franceConnect.ready();
    } catch {
      const { message } = LOGIN_ERROR_MESSAGES.provider_unavailable;
      rejectLogin(res, { redirectUri, clientState: q.state }, 'provider_unavailable', message, 'discovery');
      return;
    }
    let begun: Awaited<ReturnType<Transactions['beginLogin']>>;
    try {
      begun = await transactions.beginLogin({
        redirectUri,
        ...(q.state !== undefined ? { clientState: q.state } : {}),
        sources: selection.sources,
        ...(q.code_challenge ? { codeChallenge: q.code_challenge } : {}),
      });
    } catch (err) {
      // The extension is waiting for its redirect: tell it, rather than leave a page in its window.
      if (!(err instanceof StoreUnavailableError)) throw err;
      rejectLogin(res, { redirectUri, clientState: q.state }, 'server_error', LOGIN_ERROR_MESSAGES.server_error.message, 'store.unavailable');
      return;
    }
    const { state, nonce, bindingId } = begun;
    const authorizationUrl = await franceConnect.authorizationUrl({ state, nonce, extraScopes: selection.scopes });
    // Binds the login to this browser: the callback must come back with the same cookie.
    res.cookie(COOKIE_PREFIX + transactions.cookieSuffix(state), bindingId, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: cookiePath,
      maxAge: 15 * 60 * 1000,
    });
    res.setHeader('Cache-Control', 'no-store');
    logger.info({ event: 'login_started', sources: selection.sources.length }, 'login started');
    res.redirect(302, authorizationUrl.href);
  });

  router.get('/auth/callback', async (req, res) => {
    const started = Date.now();
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const params = new URLSearchParams(rawQuery);
    const states = params.getAll('state');
    const state = states.length === 1 && stateParam.safeParse(states[0]).success ? states[0] : undefined;
    const login = state ? await transactions.takeLogin(state) : undefined;

    if (!state || !login) {
      // Unknown, replayed or expired state: we cannot trust any redirect, so we explain on a page.
      const reason = states.length === 0 ? 'state.missing' : state ? 'state.unknown' : 'state.malformed';
      logger.warn({ event: 'login_rejected', error: 'login_expired', reason }, 'login rejected');
      const providerError = params.get('error');
      if (providerError) {
        const described = describeProviderError(providerError);
        throw new HttpError(400, described.code, described.message, {
          title: described.title,
          ...providerDetail(params),
        });
      }
      const { title, message } = LOGIN_ERROR_MESSAGES.login_expired;
      throw new HttpError(400, 'login_expired', message, { title });
    }

    const cookieName = COOKIE_PREFIX + transactions.cookieSuffix(state);
    res.clearCookie(cookieName, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: cookiePath });
    if (!transactions.isSameBrowser(login, readCookie(req, cookieName))) {
      // Not the browser that started this login (login CSRF, a forwarded link): no redirect either,
      // since no extension is waiting in this browser.
      logger.warn({ event: 'login_rejected', error: 'browser_mismatch', reason: 'state.browser' }, 'login rejected');
      const { title, message } = LOGIN_ERROR_MESSAGES.browser_mismatch;
      throw new HttpError(403, 'browser_mismatch', message, { title });
    }

    if (!callbackParams.safeParse(singleValued(params)).success) {
      const m = LOGIN_ERROR_MESSAGES.invalid_authorization_response;
      rejectLogin(res, login, 'invalid_authorization_response', m.message, 'authorization_response.malformed');
      return;
    }

    const providerError = params.get('error');
    if (providerError) {
      const iss = params.get('iss');
      if (iss !== null && iss !== franceConnect.issuer) {
        const m = LOGIN_ERROR_MESSAGES.invalid_authorization_response;
        rejectLogin(res, login, 'invalid_authorization_response', m.message, 'authorization_response.iss');
        return;
      }
      const described = describeProviderError(providerError);
      rejectLogin(res, login, described.code, described.message, `provider.${described.code}`);
      return;
    }

    let result: LoginResult;
    try {
      const callbackUrl = new URL(config.callbackUrl);
      callbackUrl.search = rawQuery;
      result = await franceConnect.completeLogin(callbackUrl, { state, nonce: login.nonce });
    } catch (err) {
      const e = err instanceof LoginError ? err : new LoginError('server_error', 'unexpected', err);
      if (!(err instanceof LoginError)) logger.error({ event: 'login_error', cause: describeCause(err) }, 'unexpected error during login');
      rejectLogin(res, login, e.code, LOGIN_ERROR_MESSAGES[e.code as LoginErrorCode].message, e.reason);
      return;
    }

    const identity = certifiedIdentity(result.userinfo);
    const requestId = currentRequestId();
    let attachments: Record<string, JsonValue> | undefined;
    try {
      attachments =
        (await deps.onAuthenticated({
          accessToken: result.accessToken,
          accessTokenExpiresAt: result.accessTokenExpiresAt,
          scope: result.scope,
          idTokenClaims: { ...result.idTokenClaims },
          identity,
          sources: login.sources,
          ...(requestId ? { correlationId: requestId } : {}),
        })) ?? undefined;
    } catch (err) {
      logger.error({ event: 'on_authenticated_failed', cause: describeCause(err) }, 'post-login step failed; continuing without it');
    }

    const claims = result.idTokenClaims;
    const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : claims.iat;
    const session: SessionData = {
      identity,
      acr: String(claims.acr),
      authenticatedAt: new Date(authTime * 1000).toISOString(),
      issuer: franceConnect.issuer,
      idToken: result.idToken,
      accessToken: result.accessToken,
      accessTokenExpiresAt: result.accessTokenExpiresAt,
      sources: login.sources,
      ...(attachments ? { attachments } : {}),
    };
    let code: string;
    try {
      code = await transactions.issueHandoff(session, login.codeChallenge);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      rejectLogin(res, login, 'server_error', LOGIN_ERROR_MESSAGES.server_error.message, 'store.unavailable');
      return;
    }
    logger.info({ event: 'login_completed', ms: Date.now() - started }, 'login completed');
    redirectBack(res, login.redirectUri, { code, state: login.clientState });
  });

  router.post('/auth/exchange', async (req, res) => {
    const body = exchangeBody.safeParse(req.body);
    if (!body.success) {
      throw new HttpError(400, 'invalid_request', fr`Le code de connexion est manquant ou mal formé.`);
    }
    const redeemed = await transactions.redeemHandoff(body.data.code, body.data.code_verifier);
    if (redeemed === undefined || redeemed === 'verifier_mismatch') {
      logger.warn({ event: 'exchange_refused', reason: redeemed ?? 'code.unknown' }, 'handoff exchange refused');
      throw new HttpError(400, 'invalid_grant', fr`Ce code de connexion est inconnu, expiré ou déjà utilisé. Relancez la connexion.`);
    }
    const { handle, expiresIn } = await sessions.create(redeemed);
    logger.info({ event: 'session_opened' }, 'session opened');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ session: handle, expires_in: expiresIn });
  });

  router.post('/auth/logout', async (req, res) => {
    const handle = bearerHandle(req.get('authorization'));
    const body = logoutBody.safeParse(req.body ?? undefined);
    const redirectUri = body.success && body.data?.redirect_uri !== undefined ? allowedRedirect(body.data.redirect_uri) : undefined;
    if (!body.success || (body.data?.redirect_uri !== undefined && !redirectUri)) {
      throw new HttpError(400, 'invalid_request', fr`La demande de déconnexion est mal formée.`);
    }
    // Local session first: whatever happens at FranceConnect, this handle is dead now.
    const session = await sessions.revoke(handle);
    if (!session) throw sessionExpired();
    logger.info({ event: 'session_revoked' }, 'session revoked');

    if (session.accessToken && (session.accessTokenExpiresAt ?? 0) > Date.now()) {
      try {
        await franceConnect.revoke(session.accessToken);
      } catch (err) {
        logger.warn({ event: 'revocation_failed', cause: describeCause(err) }, 'access token revocation failed');
      }
    }

    // The session is already gone: a store failure now must not keep the citizen logged in at
    // FranceConnect. Without a stored state the logout callback cannot come back to the extension,
    // but still shows its « Vous êtes déconnecté » page.
    let logoutState: string;
    try {
      logoutState = await transactions.beginLogout({
        ...(redirectUri ? { redirectUri } : {}),
        ...(body.data?.state !== undefined ? { clientState: body.data.state } : {}),
      });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      logger.warn({ event: 'logout_state_unstored', reason: err.reason }, 'logout state not stored; FranceConnect logout goes on without it');
      logoutState = randomToken(32);
    }
    let logoutUrl: string | null = null;
    try {
      logoutUrl = (await franceConnect.endSessionUrl({ idToken: session.idToken, state: logoutState })).href;
    } catch (err) {
      logger.warn({ event: 'logout_url_failed', cause: describeCause(err) }, 'FranceConnect logout URL unavailable');
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ logoutUrl });
  });

  router.get('/auth/logout/callback', async (req, res) => {
    const query = logoutCallbackQuery.safeParse(req.query);
    const state = query.success ? query.data.state : undefined;
    // FranceConnect has sometimes dropped `state` on this redirect (franceconnect.md §5): still a logout.
    const logout = state ? await transactions.takeLogout(state) : undefined;
    if (logout?.redirectUri) {
      redirectBack(res, logout.redirectUri, { logout: 'done', state: logout.clientState });
      return;
    }
    res
      .status(200)
      .type('html')
      .send(
        renderPage(
          {
            tone: 'success',
            title: fr`Vous êtes déconnecté`,
            message: fr`Votre session Pivot est fermée et vous êtes déconnecté de FranceConnect.`,
          },
          config.publicUrl,
        ),
      );
  });

  return router;
}

/** The parameters as an object; a repeated one becomes an array (which the schemas refuse). */
function singleValued(params: URLSearchParams): Record<string, string | string[]> {
  // fromEntries defines own properties: a parameter named __proto__ stays a plain key.
  return Object.fromEntries(
    [...new Set(params.keys())].map((name) => {
      const values = params.getAll(name);
      return [name, values.length === 1 ? (values[0] as string) : values];
    }),
  );
}

function providerDetail(params: URLSearchParams): { detail?: string } {
  const description = params.get('error_description');
  return description ? { detail: description.slice(0, 200) } : {};
}

/** The cookie's value from the Cookie header (Express 5 has no cookie parser built in). */
function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The userinfo claims that describe the person (sub included), without the JWT's own claims. */
function certifiedIdentity(userinfo: Record<string, unknown>): Record<string, JsonValue> {
  const identity: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(userinfo)) {
    if (!TECHNICAL_CLAIMS.has(name) && value !== undefined) identity[name] = value as JsonValue;
  }
  return identity;
}

import * as oidc from 'openid-client';
import type { Config } from '../config';
import type { Logger } from '../log';
import { isLoopbackHost } from '../net';
import { LoginError } from './errors';

/**
 * The confidential FranceConnect v2 client (openid-client v6), and every check franceconnect.md
 * §6.2 lists. openid-client makes most of them; the ones it leaves to us are made here, and
 * each failure becomes a LoginError with a reason that names the claim or parameter at fault.
 *
 * Checks, in the order they run:
 *  authorization response  `iss` present and equal to the issuer (mix-up defence), `state` equal
 *                          to the stored one (the caller has already consumed it), no `error`;
 *  token response          FranceConnect accepted the code (client_secret_post, no PKCE);
 *  ID token                alg pinned (ES256, or RS256 if configured: `none` and HS256 refused),
 *                          iss, aud == client_id (one audience only), azp if present, exp, iat
 *                          not in the future, nonce, signature against FranceConnect's JWKS
 *                          (enableNonRepudiationChecks), acr == eidas1;
 *  userinfo                a signed JWT (application/jwt; JSON refused), same pinned alg,
 *                          signature, iss and aud present and right, exp, sub == ID token sub.
 *
 * Protocol timestamps (exp, iat) are checked against the system clock, the clock FranceConnect's
 * are compared with; the injected Clock drives only the lifetimes the backend decides itself.
 */

/** The only level FranceConnect v2 ("FC low") issues; requested and required. */
export const REQUIRED_ACR = 'eidas1';
/** Seconds of clock difference tolerated on `iat` (openid-client uses the same on exp/nbf). */
const CLOCK_TOLERANCE_S = 30;

export interface LoginResult {
  /** The raw ID token, kept for the logout's id_token_hint. */
  idToken: string;
  idTokenClaims: oidc.IDToken;
  /** The verified userinfo claims (the certified identity), technical claims included. */
  userinfo: Record<string, unknown>;
  accessToken: string;
  /** Epoch ms after which the access token is expired (60 s at FranceConnect). */
  accessTokenExpiresAt: number;
  scope: string[];
}

export type DiscoveryStatus = 'pending' | 'ready' | 'unavailable';

export interface FranceConnectClient {
  readonly issuer: string;
  /** pending (never tried), ready, or unavailable (last attempt failed; the next call retries). */
  status(): DiscoveryStatus;
  /** Loads the discovery document once; after a failure, each call tries again. */
  ready(): Promise<void>;
  /** `extraScopes` (the data sources' scopes) are added to the configured ones. */
  authorizationUrl(params: { state: string; nonce: string; extraScopes?: readonly string[] }): Promise<URL>;
  /** Runs the token request, then userinfo, with every check; throws LoginError. */
  completeLogin(callbackUrl: URL, expected: { state: string; nonce: string }): Promise<LoginResult>;
  endSessionUrl(params: { idToken: string; state: string }): Promise<URL>;
  /** Revokes an access token (token, client_id, client_secret: nothing else, as FranceConnect requires). */
  revoke(accessToken: string): Promise<void>;
}

export interface FranceConnectDeps {
  config: Pick<Config, 'franceConnect' | 'callbackUrl' | 'logoutCallbackUrl'>;
  fetch?: typeof fetch;
  logger: Logger;
}

export function createFranceConnectClient({ config, fetch: fetchImpl, logger }: FranceConnectDeps): FranceConnectClient {
  const fc = config.franceConnect;
  const issuerUrl = new URL(fc.issuer);
  const insecure = issuerUrl.protocol === 'http:';
  if (insecure && !isLoopbackHost(issuerUrl.hostname)) {
    // loadConfig() already refuses this; keep the guarantee where the requests are made.
    throw new Error('A plain-HTTP FranceConnect issuer is accepted only on loopback');
  }

  // Every call (discovery, JWKS, token, userinfo, revocation) goes through this fetch, cut off
  // after FC_TIMEOUT_MS; openid-client's own timeout (whole seconds) is set to match, as a second guard.
  const timeoutMs = fc.timeoutMs;
  const timed = timedFetch(fetchImpl ?? fetch, timeoutMs);
  const timeoutS = Math.max(1, Math.ceil(timeoutMs / 1000));

  let configuration: oidc.Configuration | undefined;
  let inflight: Promise<oidc.Configuration> | undefined;
  let status: DiscoveryStatus = 'pending';

  async function discover(): Promise<oidc.Configuration> {
    const options: oidc.DiscoveryRequestOptions = {
      timeout: timeoutS,
      execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
      [oidc.customFetch]: timed,
    };
    const c = await oidc.discovery(
      issuerUrl,
      fc.clientId,
      {
        client_secret: fc.clientSecret,
        id_token_signed_response_alg: fc.signingAlg,
        userinfo_signed_response_alg: fc.signingAlg,
        [oidc.clockTolerance]: CLOCK_TOLERANCE_S,
      },
      oidc.ClientSecretPost(fc.clientSecret),
      options,
    );
    c.timeout = timeoutS;
    c[oidc.customFetch] = timed;
    return c;
  }

  function getConfiguration(): Promise<oidc.Configuration> {
    if (configuration) return Promise.resolve(configuration);
    inflight ??= discover().then(
      (c) => {
        configuration = c;
        inflight = undefined;
        if (status !== 'ready') logger.info({ event: 'discovery_ready', issuer: fc.issuer }, 'FranceConnect discovery loaded');
        status = 'ready';
        return c;
      },
      (err: unknown) => {
        inflight = undefined;
        // Say it once when it changes; repeated failures only at debug level.
        (status === 'unavailable' ? logger.debug : logger.warn).call(
          logger,
          { event: 'discovery_failed', issuer: fc.issuer, cause: describeCause(err) },
          'FranceConnect discovery failed; the next request will try again',
        );
        status = 'unavailable';
        throw new LoginError('provider_unavailable', 'discovery', err);
      },
    );
    return inflight;
  }

  return {
    issuer: fc.issuer,
    status: () => status,
    ready: async () => {
      await getConfiguration();
    },

    async authorizationUrl({ state, nonce, extraScopes = [] }) {
      const c = await getConfiguration();
      // Exactly the parameters FranceConnect's /authorize whitelist allows; no PKCE (refused there).
      return oidc.buildAuthorizationUrl(c, {
        redirect_uri: config.callbackUrl,
        scope: [...new Set([...fc.scopes, ...extraScopes])].join(' '),
        state,
        nonce,
        acr_values: REQUIRED_ACR,
      });
    },

    async completeLogin(callbackUrl, expected) {
      const c = await getConfiguration();
      checkAuthorizationResponseIssuer(callbackUrl, c.serverMetadata().issuer);

      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw classifyTokenError(err);
      }
      const idToken = tokens.id_token;
      const claims = tokens.claims();
      if (!idToken || !claims) throw new LoginError('invalid_id_token', 'id_token.missing');
      checkIdTokenClaims(claims, fc.clientId);

      let userinfo: oidc.UserInfoResponse;
      try {
        userinfo = await oidc.fetchUserInfo(c, tokens.access_token, claims.sub);
      } catch (err) {
        throw classifyUserinfoError(err);
      }
      checkUserinfoClaims(userinfo, c.serverMetadata().issuer, fc.clientId);

      return {
        idToken,
        idTokenClaims: claims,
        userinfo: { ...userinfo },
        accessToken: tokens.access_token,
        accessTokenExpiresAt: Date.now() + (tokens.expiresIn() ?? 60) * 1000,
        scope: (tokens.scope ?? '').split(' ').filter(Boolean),
      };
    },

    async endSessionUrl({ idToken, state }) {
      const c = await getConfiguration();
      return oidc.buildEndSessionUrl(c, {
        id_token_hint: idToken,
        state,
        post_logout_redirect_uri: config.logoutCallbackUrl,
      });
    },

    async revoke(accessToken) {
      const c = await getConfiguration();
      await oidc.tokenRevocation(c, accessToken);
    },
  };
}

/** `base` with every call aborted after `ms` (as well as by the caller's own signal, if any). */
function timedFetch(base: typeof fetch, ms: number): oidc.CustomFetch {
  return (url, init) => {
    const deadline = AbortSignal.timeout(ms);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return base(url, { ...(init as RequestInit), signal });
  };
}

/** openid-client checks `iss` too; checking it first gives the precise reason and also covers error responses. */
function checkAuthorizationResponseIssuer(url: URL, issuer: string): void {
  const iss = url.searchParams.get('iss');
  if (iss === null) throw new LoginError('invalid_authorization_response', 'authorization_response.iss_missing');
  if (iss !== issuer) throw new LoginError('invalid_authorization_response', 'authorization_response.iss');
}

function checkIdTokenClaims(claims: oidc.IDToken, clientId: string): void {
  // openid-client accepts several audiences when azp names us; FranceConnect sends exactly one.
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (aud.length !== 1 || aud[0] !== clientId) throw new LoginError('invalid_id_token', 'id_token.aud');
  if (claims.azp !== undefined && claims.azp !== clientId) throw new LoginError('invalid_id_token', 'id_token.azp');
  // openid-client only checks that iat is a number: refuse a token issued in the future.
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat !== 'number' || claims.iat > now + CLOCK_TOLERANCE_S) {
    throw new LoginError('invalid_id_token', 'id_token.iat');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new LoginError('invalid_id_token', 'id_token.sub');
  if (claims.acr !== REQUIRED_ACR) throw new LoginError('insufficient_acr', 'id_token.acr');
}

function checkUserinfoClaims(userinfo: oidc.UserInfoResponse, issuer: string, clientId: string): void {
  // openid-client checks iss and aud only when present; FranceConnect always signs them in.
  if (userinfo.iss !== issuer) throw new LoginError('invalid_userinfo', 'userinfo.iss');
  const aud = userinfo.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (audiences.length !== 1 || audiences[0] !== clientId) throw new LoginError('invalid_userinfo', 'userinfo.aud');
}

interface CodedError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
}

/** The claim named by an openid-client / oauth4webapi error, looking through its causes. */
function claimOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const claim = (e as { claim?: unknown }).claim;
    if (typeof claim === 'string') return claim;
    e = (e as CodedError).cause;
  }
  return undefined;
}

function messages(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    if (typeof (e as CodedError).message === 'string') parts.push((e as CodedError).message as string);
    e = (e as CodedError).cause;
  }
  return parts.join(' / ');
}

function isNetworkError(err: unknown): boolean {
  const text = messages(err);
  const name = (err as CodedError | undefined)?.name;
  return (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket|aborted|timeout/i.test(text) ||
    /unexpected HTTP response status code/.test(text)
  );
}

/** Which JWT check failed, as a reason like "id_token.nonce" (claim names only, never values). */
function jwtReason(prefix: 'id_token' | 'userinfo', err: unknown): string {
  const claim = claimOf(err);
  if (claim) return `${prefix}.${claim}`;
  const text = messages(err);
  if (/"alg" header parameter|unsupported JWS algorithm|JWS "alg"/i.test(text)) return `${prefix}.alg`;
  if (/signature verification failed|signature/i.test(text)) return `${prefix}.signature`;
  if (/Invalid JWT|parse|base64url/i.test(text)) return `${prefix}.malformed`;
  if (/"exp"/.test(text)) return `${prefix}.exp`;
  if (/"iat"/.test(text)) return `${prefix}.iat`;
  if (/"iss"/.test(text)) return `${prefix}.iss`;
  if (/"aud"/.test(text)) return `${prefix}.aud`;
  if (/"sub"/.test(text)) return `${prefix}.sub`;
  if (/"nonce"/.test(text)) return `${prefix}.nonce`;
  return `${prefix}.invalid`;
}

function classifyTokenError(err: unknown): LoginError {
  if (err instanceof LoginError) return err;
  if (err instanceof oidc.ResponseBodyError) {
    // FranceConnect refused the code: expired (30 s), already used, or redirect_uri mismatch.
    return new LoginError('token_rejected', `token.${safeCode(err.error)}`, err);
  }
  if (err instanceof oidc.AuthorizationResponseError) return new LoginError('invalid_authorization_response', 'authorization_response.error', err);
  const text = messages(err);
  if (/"state"/.test(text)) return new LoginError('invalid_authorization_response', 'authorization_response.state', err);
  if (/"iss" \(issuer\) response parameter|parameter "iss"/.test(text)) {
    return new LoginError('invalid_authorization_response', 'authorization_response.iss', err);
  }
  if (isNetworkError(err) && !/JWT|claim/i.test(text)) return new LoginError('provider_unavailable', 'token.unreachable', err);
  return new LoginError('invalid_id_token', jwtReason('id_token', err), err);
}

function classifyUserinfoError(err: unknown): LoginError {
  if (err instanceof LoginError) return err;
  const code = (err as CodedError | undefined)?.code;
  if (code === 'OAUTH_JWT_USERINFO_EXPECTED') return new LoginError('invalid_userinfo', 'userinfo.unsigned', err);
  if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON') return new LoginError('invalid_userinfo', 'userinfo.sub', err);
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.WWWAuthenticateChallengeError) {
    return new LoginError('invalid_userinfo', 'userinfo.refused', err);
  }
  const text = messages(err);
  if (isNetworkError(err) && !/JWT|claim/i.test(text)) return new LoginError('provider_unavailable', 'userinfo.unreachable', err);
  return new LoginError('invalid_userinfo', jwtReason('userinfo', err), err);
}

function safeCode(value: unknown): string {
  return typeof value === 'string' && /^[a-z_]{1,40}$/.test(value) ? value : 'error';
}

/** A short, value-free description of why a call failed (for logs). */
export function describeCause(err: unknown): string {
  const code = (err as CodedError | undefined)?.code;
  const first = err instanceof Error ? err.message : String(err);
  const root = messages(err).split(' / ').at(-1);
  return [typeof code === 'string' ? code : undefined, first, root !== first ? root : undefined]
    .filter(Boolean)
    .join(': ')
    .slice(0, 300);
}

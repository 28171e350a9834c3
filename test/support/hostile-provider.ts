import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * A minimal OpenID provider that behaves like FranceConnect v2 by default and misbehaves on
 * demand: forged, expired or badly signed ID tokens, unsigned or foreign userinfo, a wrong `iss`
 * on the redirect, an error instead of a code. The real simulator stays faithful; this one exists
 * so every rejection path of the backend can be exercised over real HTTP.
 *
 * No login page: /authorize answers at once with a redirect, like an SSO session would.
 */

export type Signer = 'es256' | 'rs256' | 'attacker-es256' | 'hs256-client-secret' | 'none';

export interface JwtForgery {
  /** Which key signs (default: the published ES256 key). */
  signer?: Signer;
  /** Claims merged over the faithful ones; `undefined` values delete the claim. */
  claims?: Record<string, unknown>;
  /** Replace the signature with another valid-looking one (signature of a different payload). */
  tamperPayload?: Record<string, unknown>;
}

export interface Scenario {
  /** Parameters merged over the faithful redirect to the callback (`undefined` deletes one). */
  authorizeRedirect?: Record<string, string | undefined>;
  idToken?: JwtForgery;
  /** 'json' answers userinfo with plain JSON, as FranceConnect v1 did. */
  userinfo?: JwtForgery & { format?: 'jwt' | 'json' };
  /** The token endpoint answers with this OAuth error instead of tokens. */
  tokenError?: string;
}

export interface HostileProvider {
  issuer: string;
  /** The scenario for the next logins (reset with `scenario = {}`). */
  scenario: Scenario;
  /** Authorization requests received, for assertions on what the backend sent. */
  readonly authorizeRequests: URLSearchParams[];
  readonly tokenRequests: URLSearchParams[];
  readonly revocations: URLSearchParams[];
  readonly identity: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startHostileProvider(options: { clientId: string; clientSecret: string; port?: number }): Promise<HostileProvider> {
  const es = await generateKeyPair('ES256', { extractable: true });
  const rs = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const attacker = await generateKeyPair('ES256', { extractable: true });
  const jwks: JWK[] = [
    { ...(await exportJWK(es.publicKey)), kid: 'es', alg: 'ES256', use: 'sig' },
    { ...(await exportJWK(rs.publicKey)), kid: 'rs', alg: 'RS256', use: 'sig' },
  ];

  const app = express();
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/api/v2`;

  const identity = {
    sub: 'b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1',
    given_name: 'Angela Claire Louise',
    given_name_array: ['Angela', 'Claire', 'Louise'],
    family_name: 'DUBOIS',
    preferred_username: '',
    birthdate: '1962-08-24',
    gender: 'female',
    birthplace: '75107',
    birthcountry: '99100',
    email: 'wossewodda-3728@yopmail.com',
  };
  const codes = new Map<string, { nonce: string; redirectUri: string; scope: string }>();
  const accessTokens = new Set<string>();

  const provider: HostileProvider = {
    issuer,
    scenario: {},
    authorizeRequests: [],
    tokenRequests: [],
    revocations: [],
    identity,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function sign(payload: Record<string, unknown>, forgery: JwtForgery | undefined): Promise<string> {
    const claims: Record<string, unknown> = { ...payload };
    for (const [name, value] of Object.entries(forgery?.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    const signer = forgery?.signer ?? 'es256';
    if (signer === 'none') {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
    }
    const [alg, kid, key] =
      signer === 'es256'
        ? (['ES256', 'es', es.privateKey] as const)
        : signer === 'rs256'
          ? (['RS256', 'rs', rs.privateKey] as const)
          : signer === 'attacker-es256'
            ? (['ES256', 'es', attacker.privateKey] as const)
            : (['HS256', undefined, new TextEncoder().encode(options.clientSecret)] as const);
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg, ...(kid ? { kid } : {}), typ: 'JWT' }).sign(key);
    if (!forgery?.tamperPayload) return jwt;
    // Same header and signature, different payload: what an attacker changing one claim produces.
    const [header, , signature] = jwt.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...claims, ...forgery.tamperPayload })).toString('base64url');
    return `${header}.${tampered}.${signature}`;
  }

  const router = express.Router();
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/session/end`,
      revocation_endpoint: `${issuer}/token/revocation`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['pairwise'],
      acr_values_supported: ['eidas1'],
      id_token_signing_alg_values_supported: ['HS256', 'ES256', 'RS256'],
      userinfo_signing_alg_values_supported: ['HS256', 'ES256', 'RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      authorization_response_iss_parameter_supported: true,
      scopes_supported: ['openid', 'given_name', 'family_name', 'preferred_username', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'email'],
    });
  });
  router.get('/jwks', (_req, res) => {
    res.json({ keys: jwks });
  });
  router.get('/authorize', (req, res) => {
    const params = new URL(req.originalUrl, base).searchParams;
    provider.authorizeRequests.push(params);
    const code = randomBytes(32).toString('base64url');
    const redirectUri = params.get('redirect_uri') ?? '';
    codes.set(code, { nonce: params.get('nonce') ?? '', redirectUri, scope: params.get('scope') ?? '' });
    const target = new URL(redirectUri);
    const answer: Record<string, string | undefined> = {
      code,
      state: params.get('state') ?? 'undefined',
      iss: issuer,
      ...provider.scenario.authorizeRedirect,
    };
    for (const [name, value] of Object.entries(answer)) if (value !== undefined) target.searchParams.set(name, value);
    res.redirect(303, target.href);
  });
  router.post('/token', express.urlencoded({ extended: false }), async (req, res) => {
    const body = new URLSearchParams(req.body as Record<string, string>);
    provider.tokenRequests.push(body);
    if (body.get('client_id') !== options.clientId || body.get('client_secret') !== options.clientSecret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'client authentication failed' });
      return;
    }
    const grant = codes.get(body.get('code') ?? '');
    codes.delete(body.get('code') ?? '');
    if (!grant || grant.redirectUri !== body.get('redirect_uri')) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'grant request is invalid' });
      return;
    }
    if (provider.scenario.tokenError) {
      res.status(400).json({ error: provider.scenario.tokenError, error_description: 'refused on purpose' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = await sign(
      { sub: identity.sub, auth_time: now - 5, acr: 'eidas1', nonce: grant.nonce, aud: options.clientId, exp: now + 60, iat: now, iss: issuer },
      provider.scenario.idToken,
    );
    const accessToken = randomBytes(32).toString('base64url');
    accessTokens.add(accessToken);
    res.json({ access_token: accessToken, expires_in: 60, id_token: idToken, scope: grant.scope, token_type: 'Bearer' });
  });
  router.get('/userinfo', async (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !accessTokens.has(token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const forgery = provider.scenario.userinfo;
    const payload = { ...identity, aud: options.clientId, iat: now, exp: now + 60, iss: issuer };
    if (forgery?.format === 'json') {
      res.json({ ...payload, ...forgery.claims });
      return;
    }
    res.type('application/jwt').send(await sign(payload, forgery));
  });
  router.post('/token/revocation', express.urlencoded({ extended: false }), (req, res) => {
    provider.revocations.push(new URLSearchParams(req.body as Record<string, string>));
    res.status(200).end();
  });
  router.get('/session/end', (req, res) => {
    const params = new URL(req.originalUrl, base).searchParams;
    const target = new URL(params.get('post_logout_redirect_uri') ?? `${base}/`);
    if (params.get('state')) target.searchParams.set('state', params.get('state') ?? '');
    res.redirect(303, target.href);
  });
  app.use('/api/v2', router);
  return provider;
}

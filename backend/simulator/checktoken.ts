import express from 'express';
import { CompactEncrypt, CompactSign, importJWK, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { pivotIdentity, releasedIdentity, type CitizenDirectory, type PivotIdentity } from './citizens/index.js';
import type { ResolvedDataProvider } from './config.js';
import type { SigningKeySet } from './keys.js';
import type { DataProviderRegistry } from './registry.js';
import { subFor } from './subject.js';

// POST {issuer}/checktoken — how a data provider (FD) validates the FranceConnect access token a
// service provider sent it (franceconnect.md §7.2; FCS back/apps/core-fcp/src/controllers/data-provider.controller.ts).

export const CHECKTOKEN_CONTENT_TYPE = 'application/token-introspection+jwt';

const requestSchema = z.strictObject({
  token: z.string().min(1),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

const INVALID_REQUEST = { error: 'invalid_request', error_description: 'Required parameter missing or invalid.' };
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };
const SERVER_ERROR = {
  error: 'server_error',
  error_description:
    'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
};

export type TokenIntrospection =
  | { active: false }
  | ({ active: true; aud: string; sub: string; iat: number; exp: number; acr: string; jti: string; scope: string } & PivotIdentity);

export interface ChecktokenDependencies {
  provider: Provider;
  issuer: string;
  citizens: CitizenDirectory;
  dataProviders: DataProviderRegistry;
  keys: SigningKeySet;
  subSecret: string;
  /** Fetch used to read a data provider's jwks_uri. */
  fetch?: typeof fetch;
}

/** Looks the access token up as FranceConnect does: expired, revoked, unknown or logged-out → inactive. */
async function introspect(deps: ChecktokenDependencies, token: string, dp: ResolvedDataProvider): Promise<TokenIntrospection> {
  const { provider } = deps;
  const accessToken = await provider.AccessToken.find(token);
  if (!accessToken || accessToken.isExpired || !accessToken.accountId || !accessToken.grantId) return { active: false };
  if (!(await provider.Grant.find(accessToken.grantId))) return { active: false };
  if (accessToken.expiresWithSession && !(accessToken.sessionUid && (await provider.Session.findByUid(accessToken.sessionUid)))) {
    return { active: false };
  }
  const citizen = deps.citizens.byId(accessToken.accountId);
  const identity = citizen && releasedIdentity(citizen);
  if (!identity) return { active: false };
  const pivot = pivotIdentity(identity);
  const served = new Set(dp.scopes);
  return {
    active: true,
    aud: accessToken.clientId ?? '',
    sub: subFor(dp.client_id, pivot, deps.subSecret),
    iat: accessToken.iat ?? 0,
    exp: accessToken.exp ?? 0,
    acr: 'eidas1',
    jti: accessToken.jti,
    // Only this data provider's scopes: it must not learn what else the service provider asked for.
    scope: (accessToken.scope ?? '').split(' ').filter((s) => served.has(s)).join(' '),
    ...pivot,
  };
}

async function encryptionKey(deps: ChecktokenDependencies, dp: ResolvedDataProvider): Promise<JWK> {
  let keys: JWK[];
  if (dp.jwks) {
    keys = dp.jwks.keys as JWK[];
  } else {
    const response = await (deps.fetch ?? fetch)(dp.jwks_uri as string, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`data provider jwks_uri answered ${response.status}`);
    keys = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) }).parse(await response.json()).keys as JWK[];
  }
  const key = keys.find((k) => k.use === 'enc' && k.alg === dp.checktoken_encrypted_response_alg);
  if (!key) throw new Error(`no "enc" key with alg ${dp.checktoken_encrypted_response_alg} for data provider ${dp.client_id}`);
  return key;
}

/** JWE (alg, enc [, epk] only) wrapping a JWS ({alg, kid}) of { token_introspection, iss, aud, iat }. */
export async function checktokenResponse(
  deps: ChecktokenDependencies,
  introspection: TokenIntrospection,
  dp: ResolvedDataProvider,
): Promise<string> {
  const signingJwk = deps.keys.forAlg(dp.checktoken_signed_response_alg);
  const payload = { token_introspection: introspection, iss: deps.issuer, aud: dp.client_id, iat: Math.floor(Date.now() / 1000) };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: dp.checktoken_signed_response_alg, kid: signingJwk.kid })
    .sign(await importJWK(signingJwk, dp.checktoken_signed_response_alg));
  const encJwk = await encryptionKey(deps, dp);
  const key = await importJWK(encJwk, dp.checktoken_encrypted_response_alg);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: dp.checktoken_encrypted_response_alg, enc: dp.checktoken_encrypted_response_enc })
    .encrypt(key);
}

export function checktokenRouter(deps: ChecktokenDependencies, path: string): express.Router {
  const router = express.Router();
  router.post(path, express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const parsed = requestSchema.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).json(INVALID_REQUEST);
    const dp = deps.dataProviders.authenticate(parsed.data.client_id, parsed.data.client_secret);
    if (!dp) return res.status(401).json(INVALID_CLIENT);
    try {
      const introspection = await introspect(deps, parsed.data.token, dp);
      const jwe = await checktokenResponse(deps, introspection, dp);
      res.status(200).type(CHECKTOKEN_CONTENT_TYPE).send(jwe);
    } catch (error) {
      console.error(`simulator: /checktoken failed for data provider ${dp.client_id}: ${(error as Error).message}`);
      res.status(500).json(SERVER_ERROR);
    }
  });
  return router;
}

import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type CryptoKey } from 'jose';
import { z } from 'zod';
import type { MatchableIdentity } from './identity.js';

// How a simulated data provider checks the FranceConnect access token it was given, exactly as a real
// one does (franceconnect.md §7.2): POST {issuer}/checktoken over HTTP with its own FD credentials, then
// check the JWE header and decrypt it with its own key, verify the JWS with FranceConnect's JWKS, check
// iss and aud, read token_introspection. The caller checks `active`, the scopes and the identity.

export interface ChecktokenClientOptions {
  /** Where to POST (the simulator's own /checktoken, on its listening address). */
  checktokenUrl: string;
  /** FranceConnect's JWKS (the simulator's own, on its listening address). */
  jwksUrl: string;
  /** Expected `iss` (the public issuer). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  decryptionKey: CryptoKey;
  encryptionAlg: 'ECDH-ES' | 'RSA-OAEP-256';
  signingAlg: 'ES256' | 'RS256';
  /** Milliseconds before giving up on FranceConnect. Default 5000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const activeIntrospection = z.looseObject({
  active: z.literal(true),
  aud: z.string(),
  sub: z.string(),
  exp: z.number(),
  scope: z.string(),
  given_name: z.string(),
  given_name_array: z.array(z.string()).optional(),
  family_name: z.string(),
  birthdate: z.string(),
  gender: z.string(),
  birthplace: z.string(),
  birthcountry: z.string(),
});

const payloadSchema = z.looseObject({
  token_introspection: z.union([z.strictObject({ active: z.literal(false) }), activeIntrospection]),
});

export type ChecktokenResult =
  | { status: 'active'; identity: MatchableIdentity; scopes: ReadonlySet<string>; exp: number }
  | { status: 'inactive' }
  /** FranceConnect could not be reached or answered something unusable (detail for logs; no token, no identity). */
  | { status: 'failed'; unreachable: boolean; detail: string };

export interface ChecktokenClient {
  check(token: string): Promise<ChecktokenResult>;
}

export function createChecktokenClient(options: ChecktokenClientOptions): ChecktokenClient {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5000 });
  const doFetch = options.fetch ?? fetch;
  const failed = (detail: string, unreachable = false): ChecktokenResult => ({ status: 'failed', unreachable, detail });

  return {
    async check(token) {
      let response: Response;
      try {
        response = await doFetch(options.checktokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, client_id: options.clientId, client_secret: options.clientSecret }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (error) {
        return failed(`FranceConnect unreachable (${(error as Error).name})`, true);
      }
      const body = await response.text().catch(() => '');
      if (response.status !== 200) {
        // 401 invalid_client: this provider's FD credentials are wrong; 400: a bug; 5xx: FranceConnect is ill.
        const error = /"error"\s*:\s*"([a-z_]+)"/.exec(body)?.[1] ?? 'no error code';
        return failed(`FranceConnect /checktoken answered ${response.status} (${error})`);
      }
      if (!/^application\/token-introspection\+jwt/.test(response.headers.get('content-type') ?? '')) {
        return failed('FranceConnect /checktoken answered an unexpected content type');
      }

      let jws: string;
      try {
        const header = decodeProtectedHeader(body);
        if (header.alg !== options.encryptionAlg || header.enc !== 'A256GCM') {
          return failed(`unexpected JWE header alg=${String(header.alg)} enc=${String(header.enc)}`);
        }
        const { plaintext } = await compactDecrypt(body, options.decryptionKey, {
          keyManagementAlgorithms: [options.encryptionAlg],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        jws = new TextDecoder().decode(plaintext);
      } catch (error) {
        return failed(`the /checktoken JWE could not be decrypted (${(error as Error).name})`);
      }

      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(jws, jwks, {
          issuer: options.issuer,
          audience: options.clientId,
          algorithms: [options.signingAlg],
        }));
      } catch (error) {
        return failed(`the /checktoken JWS did not verify (${(error as Error).name})`);
      }

      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return failed('token_introspection is malformed');
      const introspection = parsed.data.token_introspection;
      if (!introspection.active) return { status: 'inactive' };
      return {
        status: 'active',
        exp: introspection.exp,
        scopes: new Set(introspection.scope.split(' ').filter(Boolean)),
        identity: {
          family_name: introspection.family_name,
          given_name: introspection.given_name,
          ...(introspection.given_name_array ? { given_name_array: introspection.given_name_array } : {}),
          birthdate: introspection.birthdate,
          gender: introspection.gender,
          birthcountry: introspection.birthcountry,
        },
      };
    },
  };
}

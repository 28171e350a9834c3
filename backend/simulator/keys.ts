import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKeys } from './config.js';

export type SigningAlg = 'ES256' | 'RS256';

/** The simulator's signing keys: one P-256 key (ES256) and one RSA key (RS256), as FranceConnect publishes. */
export interface SigningKeySet {
  /** Private JWKs, for oidc-provider and for signing /checktoken responses. */
  privateJwks: { keys: JWK[] };
  /** The private JWK to use for an algorithm. */
  forAlg(alg: SigningAlg): JWK;
}

async function generate(alg: SigningAlg): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, alg === 'RS256' ? { modulusLength: 2048, extractable: true } : { extractable: true });
  return exportJWK(privateKey);
}

/** Completes a key with `alg`, `use` and a `kid` (its RFC 7638 thumbprint unless one is given). */
async function complete(jwk: JWK, alg: SigningAlg): Promise<JWK> {
  return { ...jwk, alg, use: 'sig', kid: jwk.kid ?? (await calculateJwkThumbprint(jwk)) };
}

/** Uses the configured keys, or generates a fresh pair at start-up. */
export async function loadSigningKeys(configured?: SigningKeys): Promise<SigningKeySet> {
  const ec = configured?.keys.find((k) => k.kty === 'EC');
  const rsa = configured?.keys.find((k) => k.kty === 'RSA');
  const es256 = await complete((ec as JWK | undefined) ?? (await generate('ES256')), 'ES256');
  const rs256 = await complete((rsa as JWK | undefined) ?? (await generate('RS256')), 'RS256');
  return {
    privateJwks: { keys: [es256, rs256] },
    forAlg: (alg) => (alg === 'ES256' ? es256 : rs256),
  };
}

import type { Response } from 'express';
import type { ChecktokenClient } from './checktoken-client.js';
import type { Reconciler } from './identity.js';

// Small pieces shared by the simulated providers.

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 token68), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '')?.[1];
}

export function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
}

export const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

export type FcVerdict =
  | { kind: 'ok'; citizenId: string; scopes: ReadonlySet<string> }
  /** /checktoken says the token is expired, revoked, unknown or its session is over. */
  | { kind: 'inactive' }
  /** The token holds none of the scopes the endpoint serves. */
  | { kind: 'insufficient_scope' }
  /** No register entry (or several) for this identity. */
  | { kind: 'not_found'; scopes: ReadonlySet<string> }
  /** FranceConnect unreachable, or answering something unusable (e.g. this provider's FD credentials are wrong). */
  | { kind: 'upstream'; unreachable: boolean };

/**
 * The data provider's checks on a FranceConnect access token, in FranceConnect's order: /checktoken,
 * active, one of the endpoint's scopes, then identity reconciliation against the provider's register.
 */
export async function verifyFcToken(
  provider: string,
  checktoken: ChecktokenClient,
  register: Reconciler,
  token: string,
  anyOf: readonly string[],
): Promise<FcVerdict> {
  const result = await checktoken.check(token);
  if (result.status === 'failed') {
    // Never the token nor the identity: only what went wrong.
    console.error(`simulated provider ${provider}: token check failed: ${result.detail}`);
    return { kind: 'upstream', unreachable: result.unreachable };
  }
  if (result.status === 'inactive') return { kind: 'inactive' };
  if (!anyOf.some((s) => result.scopes.has(s))) return { kind: 'insufficient_scope' };
  const citizenId = register.find(result.identity);
  return citizenId ? { kind: 'ok', citizenId, scopes: result.scopes } : { kind: 'not_found', scopes: result.scopes };
}

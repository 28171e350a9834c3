import { createHash } from 'node:crypto';
import { FRANCE } from './citizens/rnipp.js';
import type { PivotIdentity } from './citizens/rnipp.js';

// FranceConnect's `sub` (franceconnect.md §4.2): sha256(providerRef + identityHash + secret) in hex,
// suffixed with "v1". The identity hash covers the RNIPP pivot identity, so the same person gets the
// same sub whatever identity provider they use; providerRef is the service provider's entityId (pairwise
// per entity) or, for /checktoken, the data provider's client_id.

export function identityHash(identity: PivotIdentity): string {
  const birthplace = identity.birthcountry === FRANCE ? identity.birthplace : '';
  const serial =
    identity.given_name + identity.family_name + identity.birthdate + identity.gender + birthplace + identity.birthcountry;
  return createHash('sha256').update(serial, 'utf8').digest('base64');
}

export function subFor(providerRef: string, identity: PivotIdentity, secret: string): string {
  return `${createHash('sha256').update(providerRef + identityHash(identity) + secret, 'utf8').digest('hex')}v1`;
}

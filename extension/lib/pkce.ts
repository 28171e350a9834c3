/**
 * Random tokens and the S256 challenge that binds the backend's one-time handoff code to this
 * background: /auth/login gets sha256(verifier), /auth/exchange must show the verifier. Someone who
 * reads the redirect URL (another extension, a log) cannot redeem the code without it.
 */

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 256 random bits, base64url (43 characters). */
export function randomToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** base64url(sha256(verifier)), as PKCE's S256 method (RFC 7636 §4.2). */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

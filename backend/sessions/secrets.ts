import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe token: 32 bytes (256 bits) unless told otherwise. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Length of randomToken(32): 43 base64url characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Turns the secrets handed to browsers (session handles, handoff codes, states, binding ids) into
 * the keys and fingerprints kept server-side: HMAC-SHA256 under SESSION_SECRET. Whoever reads the
 * store (a Redis dump, a debugger) gets nothing a browser could present.
 */
export class KeyDeriver {
  readonly #secret: Buffer;

  /** Without a secret, a random one per process: fine for the memory store, which dies with it. */
  constructor(secret: string | undefined) {
    this.#secret = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  /** `<namespace>:<hmac>`: the store key for a value handed out under that namespace. */
  key(namespace: string, value: string): string {
    return `${namespace}:${this.digest(namespace, value)}`;
  }

  digest(namespace: string, value: string): string {
    return createHmac('sha256', this.#secret).update(`${namespace}\0${value}`).digest('base64url');
  }

  /** Constant-time comparison of a presented value with a stored digest. */
  matches(namespace: string, value: string, digest: string): boolean {
    const a = Buffer.from(this.digest(namespace, value));
    const b = Buffer.from(digest);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

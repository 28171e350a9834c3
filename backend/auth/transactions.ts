import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { KeyDeriver, randomToken } from '../sessions/secrets';
import { sessionDataSchema, type SessionData } from '../sessions/sessions';
import type { JsonValue, Store } from '../sessions/store';

/**
 * The one-time items of a login and a logout, each consumed with the store's atomic `take`:
 * - a login transaction, keyed by the FranceConnect `state`, bound to the browser that started it;
 * - a handoff code, what the callback gives the extension to exchange for a session (60 s);
 * - a logout transaction, keyed by the end-session `state`.
 */

/** A login may stay on FranceConnect's pages this long (FranceConnect itself gives up after 10 min on a page). */
export const LOGIN_TTL_MS = 15 * 60 * 1000;
/** A handoff code is valid 60 s, once. */
export const HANDOFF_TTL_MS = 60 * 1000;
export const LOGOUT_TTL_MS = 15 * 60 * 1000;

const loginSchema = z.object({
  nonce: z.string(),
  /** HMAC of the binding id carried by the browser's cookie. */
  binding: z.string(),
  redirectUri: z.string(),
  clientState: z.string().optional(),
  sources: z.array(z.string()),
  /** S256 challenge for the handoff exchange, when the extension sent one. */
  codeChallenge: z.string().optional(),
});
export type LoginTransaction = z.infer<typeof loginSchema>;

const handoffSchema = z.object({
  session: sessionDataSchema,
  codeChallenge: z.string().optional(),
});

const logoutSchema = z.object({
  redirectUri: z.string().optional(),
  clientState: z.string().optional(),
});
export type LogoutTransaction = z.infer<typeof logoutSchema>;

export class Transactions {
  readonly #store: Store;
  readonly #keys: KeyDeriver;

  constructor(store: Store, keys: KeyDeriver) {
    this.#store = store;
    this.#keys = keys;
  }

  /** Starts a login: returns the FranceConnect state and nonce, and the browser-binding id for the cookie. */
  async beginLogin(input: Omit<LoginTransaction, 'nonce' | 'binding'>): Promise<{ state: string; nonce: string; bindingId: string }> {
    // 43 base64url characters each: above FranceConnect's 22-character minimum for state and nonce.
    const state = randomToken(32);
    const nonce = randomToken(32);
    const bindingId = randomToken(32);
    const record: LoginTransaction = { ...input, nonce, binding: this.#keys.digest('binding', bindingId) };
    await this.#store.set(this.#keys.key('login', state), record as JsonValue, LOGIN_TTL_MS);
    return { state, nonce, bindingId };
  }

  /** Consumes the login transaction for `state` (at most once); undefined if unknown, used or expired. */
  async takeLogin(state: string): Promise<LoginTransaction | undefined> {
    const parsed = loginSchema.safeParse(await this.#store.take(this.#keys.key('login', state)));
    return parsed.success ? parsed.data : undefined;
  }

  /** True when the cookie's binding id is the one this login was started with. */
  isSameBrowser(login: LoginTransaction, bindingId: string | undefined): boolean {
    return bindingId !== undefined && this.#keys.matches('binding', bindingId, login.binding);
  }

  /** A short, stable cookie-name suffix for a state, so parallel logins do not overwrite each other. */
  cookieSuffix(state: string): string {
    return this.#keys.digest('cookie', state).slice(0, 16);
  }

  async issueHandoff(session: SessionData, codeChallenge: string | undefined): Promise<string> {
    const code = randomToken(32);
    const record = { session, ...(codeChallenge ? { codeChallenge } : {}) };
    await this.#store.set(this.#keys.key('handoff', code), record as JsonValue, HANDOFF_TTL_MS);
    return code;
  }

  /**
   * Consumes a handoff code. When the login carried a code_challenge, the verifier must match;
   * the code is burnt either way, so a wrong guess cannot be retried.
   */
  async redeemHandoff(code: string, codeVerifier: string | undefined): Promise<SessionData | 'verifier_mismatch' | undefined> {
    const parsed = handoffSchema.safeParse(await this.#store.take(this.#keys.key('handoff', code)));
    if (!parsed.success) return undefined;
    const { session, codeChallenge } = parsed.data;
    if (codeChallenge !== undefined) {
      if (codeVerifier === undefined || !sameString(s256(codeVerifier), codeChallenge)) return 'verifier_mismatch';
    }
    return session;
  }

  async beginLogout(record: LogoutTransaction): Promise<string> {
    const state = randomToken(32);
    await this.#store.set(this.#keys.key('logout', state), record as JsonValue, LOGOUT_TTL_MS);
    return state;
  }

  async takeLogout(state: string): Promise<LogoutTransaction | undefined> {
    const parsed = logoutSchema.safeParse(await this.#store.take(this.#keys.key('logout', state)));
    return parsed.success ? parsed.data : undefined;
  }
}

/** PKCE S256: base64url(sha256(verifier)). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { z } from 'zod';
import type { Clock } from '../clock';
import { KeyDeriver, randomToken, TOKEN_PATTERN } from './secrets';
import type { JsonValue, Store } from './store';

/**
 * Sessions of the extension: an opaque handle (256 random bits) presented as a Bearer token; the
 * store keeps only its HMAC. Two expiries: idle (no use for SESSION_IDLE_TIMEOUT) and absolute
 * (SESSION_MAX_AGE after login, however active). Every use slides the idle timer, never beyond
 * the absolute expiry.
 */

export const jsonSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

/** What a login leaves behind, from the callback to the session. */
export const sessionDataSchema = z.object({
  /** The certified identity: userinfo claims without the JWT's technical claims. */
  identity: z.record(z.string(), jsonSchema),
  acr: z.string(),
  /** ISO 8601 instant of the authentication at FranceConnect (auth_time, else the ID token's iat). */
  authenticatedAt: z.string(),
  issuer: z.string(),
  /** Raw ID token, for the logout's id_token_hint. */
  idToken: z.string(),
  /** FranceConnect access token, kept only to revoke it at logout while it is still valid. */
  accessToken: z.string().optional(),
  accessTokenExpiresAt: z.number().optional(),
  /** Data sources the extension asked for at login (issue 6). */
  sources: z.array(z.string()),
  /** Whatever the onAuthenticated step attached (data fetched while the access token lived). */
  attachments: z.record(z.string(), jsonSchema).optional(),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

const sessionRecordSchema = sessionDataSchema.extend({
  createdAt: z.number(),
  lastSeenAt: z.number(),
  /** Absolute expiry, epoch ms. */
  expiresAt: z.number(),
});
export type Session = z.infer<typeof sessionRecordSchema>;

const NAMESPACE = 'session';

export class SessionService {
  readonly #store: Store;
  readonly #keys: KeyDeriver;
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #maxAgeMs: number;

  constructor(deps: { store: Store; keys: KeyDeriver; clock: Clock; idleTimeoutSeconds: number; maxAgeSeconds: number }) {
    this.#store = deps.store;
    this.#keys = deps.keys;
    this.#clock = deps.clock;
    this.#idleMs = deps.idleTimeoutSeconds * 1000;
    this.#maxAgeMs = deps.maxAgeSeconds * 1000;
  }

  /** Opens a session; returns the handle to give the extension and its lifetime in seconds. */
  async create(data: SessionData): Promise<{ handle: string; expiresIn: number }> {
    const now = this.#clock.now();
    const handle = randomToken(32);
    const record: Session = { ...data, createdAt: now, lastSeenAt: now, expiresAt: now + this.#maxAgeMs };
    const ttl = this.#ttl(record, now);
    await this.#store.set(this.#keys.key(NAMESPACE, handle), record as JsonValue, ttl);
    return { handle, expiresIn: Math.floor(ttl / 1000) };
  }

  /** The live session for a handle, its idle timer restarted; undefined if unknown or expired. */
  async use(handle: string): Promise<Session | undefined> {
    if (!TOKEN_PATTERN.test(handle)) return undefined;
    const key = this.#keys.key(NAMESPACE, handle);
    const record = this.#parse(await this.#store.get(key));
    if (!record) return undefined;
    const now = this.#clock.now();
    if (this.#expired(record, now)) {
      await this.#store.delete(key);
      return undefined;
    }
    const touched: Session = { ...withoutExpiredAccessToken(record), lastSeenAt: now };
    // replace, not set: a logout that raced this request must win.
    const still = await this.#store.replace(key, touched as JsonValue, this.#ttl(touched, now));
    return still ? touched : undefined;
  }

  /** Ends a session at once and returns what it held (for the FranceConnect logout), if it was live. */
  async revoke(handle: string): Promise<Session | undefined> {
    if (!TOKEN_PATTERN.test(handle)) return undefined;
    const record = this.#parse(await this.#store.take(this.#keys.key(NAMESPACE, handle)));
    if (!record || this.#expired(record, this.#clock.now())) return undefined;
    return record;
  }

  #expired(record: Session, now: number): boolean {
    return now >= record.expiresAt || now - record.lastSeenAt >= this.#idleMs;
  }

  #ttl(record: Session, now: number): number {
    return Math.max(1, Math.min(this.#idleMs, record.expiresAt - now));
  }

  #parse(value: JsonValue | undefined): Session | undefined {
    if (value === undefined) return undefined;
    const parsed = sessionRecordSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }
}

/**
 * FranceConnect's access token is kept only while it can still be revoked (60 s): once expired it
 * is dropped at the next use. Its expiry is FranceConnect's, so it is compared with the system clock.
 */
function withoutExpiredAccessToken(record: Session): Session {
  if (record.accessToken === undefined || (record.accessTokenExpiresAt ?? 0) > Date.now()) return record;
  const { accessToken: _token, accessTokenExpiresAt: _expiry, ...rest } = record;
  return rest;
}

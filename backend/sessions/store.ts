/**
 * The one interface every piece of server-side state goes through: login states, handoff codes,
 * sessions. In this process's memory (memory.ts) or in a Redis shared by several instances
 * (redis.ts, values encrypted), so it is shaped for Redis:
 * - every method is async;
 * - every entry has a TTL, and nothing lives forever;
 * - `take` is an atomic read-and-delete (Redis GETDEL) so a one-time item is consumed once even
 *   under concurrent requests or several backend instances;
 * - `replace` writes only over an existing entry (Redis SET … XX), so refreshing a session's idle
 *   timer can never bring back a session that was logged out in the meantime;
 * - values are JSON (what goes in comes back as a copy, never the same object).
 *
 * Implementations take the injected Clock and decide expiry with it (a Redis implementation keeps
 * the expiry instant next to the value and uses PX only to reclaim memory), so the same contract
 * suite (test/support/store-contract.ts) runs against each of them with a fake clock.
 *
 * Keys are opaque strings chosen by callers (namespaced, e.g. "session:<hmac>"); a shared Redis
 * adds its own prefix.
 *
 * A store that cannot be reached throws StoreUnavailableError (never hangs: the Redis client has a
 * timeout on every command); the HTTP layer answers 503.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Store {
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any previous entry. */
  set(key: string, value: JsonValue, ttlMs: number): Promise<void>;
  /** Replaces an existing, unexpired entry and restarts its TTL; returns false (and writes nothing) otherwise. */
  replace(key: string, value: JsonValue, ttlMs: number): Promise<boolean>;
  /** The entry's value, or undefined when absent or expired. */
  get(key: string): Promise<JsonValue | undefined>;
  /** Atomically returns and deletes the entry: among concurrent callers, at most one gets the value. */
  take(key: string): Promise<JsonValue | undefined>;
  /** Deletes the entry if present. */
  delete(key: string): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** Shared argument check: a TTL must be a positive, finite number of milliseconds. */
export function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`TTL must be a positive number of milliseconds, got ${ttlMs}`);
}

/**
 * The store could not be reached or did not answer in time (Redis down, restarting, overloaded).
 * Never carries a key or a value; the HTTP layer answers 503 (backend/http/errors.ts).
 */
export class StoreUnavailableError extends Error {
  constructor(
    /** Short, value-free reason for the logs, e.g. "timeout", "connection". */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`session store unavailable (${reason})`, options);
    this.name = 'StoreUnavailableError';
  }
}

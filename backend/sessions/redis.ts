import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../clock';
import { type Logger, silentLogger } from '../log';
import type { ValueCipher } from './cipher';
import { assertTtl, type JsonValue, type Store, StoreUnavailableError } from './store';

/**
 * Store in a Redis shared by every backend instance (backend/sessions/store.ts for the contract).
 *
 * Each entry is one Redis string `v1:<expiresAt>:<sealed>`: the expiry instant (epoch ms, from the
 * injected clock) in clear so a Lua script can compare it, then the JSON value encrypted with
 * AES-256-GCM (cipher.ts). The additional authenticated data is the full Redis key and the expiry,
 * so a value moved to another key, or given a later expiry, no longer decrypts: it reads as absent
 * and is reported with a warning (never the key or the value).
 *
 * Expiry is decided by the clock, not by Redis: PX (the TTL plus a margin for clock differences
 * between instances) only reclaims memory. Atomicity: `take` is GETDEL, `replace` a Lua script that
 * writes only over a present, unexpired entry. Every failure of Redis (down, timeout, refused)
 * becomes a StoreUnavailableError; the client is expected to fail fast (redis-client.ts).
 */

const FORMAT = 'v1';
/** Redis keeps an entry this much longer than its logical expiry (clock differences between instances). */
export const RECLAIM_MARGIN_MS = 5_000;

/** KEYS[1]; ARGV: now, new value, PX. 1 when written, 0 when the entry is missing or expired. */
const REPLACE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local expiresAt = tonumber(string.match(current, '^${FORMAT}:(%d+):'))
if not expiresAt or expiresAt <= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;
const REPLACE_SHA = createHash('sha1').update(REPLACE_SCRIPT).digest('hex');

export interface RedisStoreOptions {
  /** An ioredis client, owned by the caller (close() leaves it open). Give it a commandTimeout. */
  redis: Redis;
  cipher: ValueCipher;
  /** Prepended to every key (REDIS_KEY_PREFIX, default "pivot:"). */
  keyPrefix: string;
  clock?: Clock;
  logger?: Logger;
}

export class RedisStore implements Store {
  readonly #redis: Redis;
  readonly #cipher: ValueCipher;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: RedisStoreOptions) {
    this.#redis = options.redis;
    this.#cipher = options.cipher;
    this.#prefix = options.keyPrefix;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    const full = this.#key(key);
    const record = this.#seal(full, value, ttlMs);
    await this.#call(() => this.#redis.set(full, record, 'PX', reclaimAfter(ttlMs)));
  }

  async replace(key: string, value: JsonValue, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const full = this.#key(key);
    const record = this.#seal(full, value, ttlMs);
    const args = [String(this.#clock.now()), record, String(reclaimAfter(ttlMs))];
    const written = await this.#call(async () => {
      try {
        return await this.#redis.evalsha(REPLACE_SHA, 1, full, ...args);
      } catch (err) {
        // First use on this Redis (or after a restart / SCRIPT FLUSH): send the script itself.
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        return await this.#redis.eval(REPLACE_SCRIPT, 1, full, ...args);
      }
    });
    return written === 1;
  }

  async get(key: string): Promise<JsonValue | undefined> {
    const full = this.#key(key);
    return this.#open(full, await this.#call(() => this.#redis.get(full)));
  }

  async take(key: string): Promise<JsonValue | undefined> {
    const full = this.#key(key);
    // GETDEL: among concurrent callers on any instance, one gets the value, the others null.
    return this.#open(full, await this.#call(() => this.#redis.getdel(full)));
  }

  async delete(key: string): Promise<void> {
    const full = this.#key(key);
    await this.#call(() => this.#redis.del(full));
  }

  /** The client belongs to the caller, which closes it after the server (backend/listen.ts). */
  async close(): Promise<void> {}

  #key(key: string): string {
    return this.#prefix + key;
  }

  #seal(fullKey: string, value: JsonValue, ttlMs: number): string {
    const expiresAt = Math.ceil(this.#clock.now() + ttlMs);
    return `${FORMAT}:${expiresAt}:${this.#cipher.seal(JSON.stringify(value), aad(fullKey, expiresAt))}`;
  }

  #open(fullKey: string, record: string | null): JsonValue | undefined {
    if (record === null) return undefined;
    const match = /^v1:(\d+):([A-Za-z0-9+/=]+)$/.exec(record);
    if (!match?.[1] || !match[2]) {
      this.#reject('format');
      return undefined;
    }
    const expiresAt = Number(match[1]);
    if (expiresAt <= this.#clock.now()) return undefined;
    const json = this.#cipher.open(match[2], aad(fullKey, expiresAt));
    if (json === undefined) {
      this.#reject('authentication');
      return undefined;
    }
    try {
      return JSON.parse(json) as JsonValue;
    } catch {
      this.#reject('json');
      return undefined;
    }
  }

  /** A value that does not belong where it was found: tampered, moved, or sealed under another key. */
  #reject(reason: 'format' | 'authentication' | 'json'): void {
    this.#logger.warn(
      { event: 'store_value_rejected', reason },
      'a value in Redis failed its integrity check and was treated as absent (tampered, moved to another key, or encrypted with another SESSION_ENCRYPTION_KEY)',
    );
  }

  async #call<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new StoreUnavailableError(failureReason(err), { cause: err });
    }
  }
}

function aad(fullKey: string, expiresAt: number): string {
  return `pivot-store:${FORMAT}\0${fullKey}\0${expiresAt}`;
}

function reclaimAfter(ttlMs: number): number {
  return Math.ceil(ttlMs) + RECLAIM_MARGIN_MS;
}

/** A value-free word for the logs: what went wrong talking to Redis. */
export function failureReason(err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  const name = err instanceof Error ? err.name : '';
  if (/timed out/i.test(message)) return 'timeout';
  if (
    name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue|Connection is closed|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE|Stream isn't writeable/i.test(message)
  ) {
    return 'connection';
  }
  if (/^(LOADING|BUSY|OOM|READONLY|MASTERDOWN|NOAUTH|WRONGPASS|NOPERM)\b/.test(message)) return message.split(' ')[0]!.toLowerCase();
  return 'error';
}

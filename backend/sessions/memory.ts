import { type Clock, systemClock } from '../clock';
import { assertTtl, type JsonValue, type Store } from './store';

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * Store kept in this process's memory: fine for one instance, lost on restart. Expiry follows the
 * injected clock; expired entries are dropped when read and by a periodic sweep (unref'd timer).
 */
export class MemoryStore implements Store {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { clock?: Clock; sweepIntervalMs?: number } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#sweeper = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweeper.unref();
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    this.#entries.set(key, { json: JSON.stringify(value), expiresAt: this.#clock.now() + ttlMs });
  }

  async replace(key: string, value: JsonValue, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    if (this.#live(key) === undefined) return false;
    this.#entries.set(key, { json: JSON.stringify(value), expiresAt: this.#clock.now() + ttlMs });
    return true;
  }

  async get(key: string): Promise<JsonValue | undefined> {
    const entry = this.#live(key);
    return entry && (JSON.parse(entry.json) as JsonValue);
  }

  async take(key: string): Promise<JsonValue | undefined> {
    // Read and delete in the same synchronous step: no other request can interleave.
    const entry = this.#live(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    return JSON.parse(entry.json) as JsonValue;
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#entries.clear();
  }

  /** Number of live entries (for tests and diagnostics). */
  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
  }
}

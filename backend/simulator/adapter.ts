import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { SimulatorClock } from './clock.js';

interface Entry {
  payload: AdapterPayload;
  /** Simulated time (ms) after which the entry no longer exists, as with a Redis TTL. */
  expiresAt: number | undefined;
}

/**
 * In-memory storage for oidc-provider, one instance per simulator. Entries expire on the simulator
 * clock, like FranceConnect's Redis keys do: an expired code or token is simply "not found", which is
 * exactly the error FranceConnect returns ("authorization code not found", "access token not found").
 */
export function createMemoryAdapterFactory(clock: SimulatorClock) {
  const store = new Map<string, Entry>();
  const uidIndex = new Map<string, string>();
  const userCodeIndex = new Map<string, string>();
  const grantIndex = new Map<string, Set<string>>();

  const key = (model: string, id: string) => `${model}:${id}`;

  // Expired entries are dropped when read; a sweep every few hundred writes keeps a long-running
  // simulator from growing without bound.
  let writes = 0;
  function sweep() {
    const now = clock.now();
    for (const [k, entry] of store) if (entry.expiresAt !== undefined && entry.expiresAt <= now) store.delete(k);
    for (const index of [uidIndex, userCodeIndex]) {
      for (const [k, id] of index) if (!store.has(`${k.slice(0, k.indexOf(':'))}:${id}`)) index.delete(k);
    }
    for (const [grantId, keys] of grantIndex) {
      for (const k of keys) if (!store.has(k)) keys.delete(k);
      if (keys.size === 0) grantIndex.delete(grantId);
    }
  }

  function read(k: string): AdapterPayload | undefined {
    const entry = store.get(k);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= clock.now()) {
      store.delete(k);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      writes += 1;
      if (writes % 500 === 0) sweep();
      const k = key(this.model, id);
      store.set(k, {
        payload: structuredClone(payload),
        expiresAt: expiresIn === undefined ? undefined : clock.now() + expiresIn * 1000,
      });
      if (payload.uid) uidIndex.set(key(this.model, payload.uid), id);
      if (payload.userCode) userCodeIndex.set(key(this.model, payload.userCode), id);
      if (payload.grantId) {
        const set = grantIndex.get(payload.grantId) ?? new Set<string>();
        set.add(k);
        grantIndex.set(payload.grantId, set);
      }
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return read(key(this.model, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = uidIndex.get(key(this.model, uid));
      return id === undefined ? undefined : read(key(this.model, id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = userCodeIndex.get(key(this.model, userCode));
      return id === undefined ? undefined : read(key(this.model, id));
    }

    async consume(id: string): Promise<void> {
      const entry = store.get(key(this.model, id));
      if (entry) entry.payload.consumed = Math.floor(clock.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(key(this.model, id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const k of grantIndex.get(grantId) ?? []) store.delete(k);
      grantIndex.delete(grantId);
    }
  }

  return MemoryAdapter;
}

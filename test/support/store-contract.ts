import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../backend/sessions/store';
import { FakeClock } from './fake-clock';

/**
 * The contract every Store implementation keeps (backend/sessions/store.ts). Run it with a factory
 * that builds the implementation on the given fake clock: MemoryStore
 * (test/unit/backend/sessions/memory-store.test.ts) and RedisStore on a real Redis, with a key
 * prefix unique to each store (test/integration/backend/redis-store.test.ts).
 */
export function describeStoreContract(name: string, create: (clock: FakeClock) => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let clock: FakeClock;
    let store: Store;

    beforeEach(async () => {
      clock = new FakeClock();
      store = await create(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns what was set, as JSON, until the TTL runs out', async () => {
      const value = { a: 1, b: ['x', null, true], c: { d: 'é' } };
      await store.set('k', value, 1000);
      expect(await store.get('k')).toEqual(value);
      clock.advance(999);
      expect(await store.get('k')).toEqual(value);
      clock.advance(1);
      expect(await store.get('k')).toBeUndefined();
    });

    it('returns a copy, never the stored object', async () => {
      const value = { list: [1] };
      await store.set('k', value, 1000);
      value.list.push(2);
      const read = (await store.get('k')) as { list: number[] };
      expect(read).toEqual({ list: [1] });
      read.list.push(3);
      expect(await store.get('k')).toEqual({ list: [1] });
    });

    it('answers undefined for a key never set', async () => {
      expect(await store.get('missing')).toBeUndefined();
      expect(await store.take('missing')).toBeUndefined();
    });

    it('set replaces the value and restarts the TTL', async () => {
      await store.set('k', 'one', 1000);
      clock.advance(800);
      await store.set('k', 'two', 1000);
      clock.advance(800);
      expect(await store.get('k')).toBe('two');
    });

    it('take returns the value once, then the key is gone', async () => {
      await store.set('k', 'v', 1000);
      expect(await store.take('k')).toBe('v');
      expect(await store.take('k')).toBeUndefined();
      expect(await store.get('k')).toBeUndefined();
    });

    it('take gives the value to exactly one of many concurrent callers', async () => {
      await store.set('once', 'v', 1000);
      const results = await Promise.all(Array.from({ length: 25 }, () => store.take('once')));
      expect(results.filter((r) => r === 'v')).toHaveLength(1);
      expect(results.filter((r) => r === undefined)).toHaveLength(24);
    });

    it('take does not return an expired value', async () => {
      await store.set('k', 'v', 1000);
      clock.advance(1000);
      expect(await store.take('k')).toBeUndefined();
    });

    it('replace writes over a live entry and restarts its TTL', async () => {
      await store.set('k', 1, 1000);
      clock.advance(900);
      expect(await store.replace('k', 2, 1000)).toBe(true);
      clock.advance(900);
      expect(await store.get('k')).toBe(2);
    });

    it('replace never brings back a deleted, taken or expired entry', async () => {
      expect(await store.replace('never', 1, 1000)).toBe(false);
      expect(await store.get('never')).toBeUndefined();

      await store.set('deleted', 1, 1000);
      await store.delete('deleted');
      expect(await store.replace('deleted', 2, 1000)).toBe(false);
      expect(await store.get('deleted')).toBeUndefined();

      await store.set('taken', 1, 1000);
      await store.take('taken');
      expect(await store.replace('taken', 2, 1000)).toBe(false);
      expect(await store.get('taken')).toBeUndefined();

      await store.set('expired', 1, 1000);
      clock.advance(1000);
      expect(await store.replace('expired', 2, 1000)).toBe(false);
      expect(await store.get('expired')).toBeUndefined();
    });

    it('delete removes the entry and is harmless on a missing key', async () => {
      await store.set('k', 'v', 1000);
      await store.delete('k');
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
    });

    it('keeps keys apart', async () => {
      await store.set('a', 'A', 1000);
      await store.set('b', 'B', 2000);
      clock.advance(1500);
      expect(await store.get('a')).toBeUndefined();
      expect(await store.get('b')).toBe('B');
    });

    it('refuses an entry without a positive TTL', async () => {
      await expect(store.set('k', 'v', 0)).rejects.toThrow(RangeError);
      await expect(store.set('k', 'v', -1)).rejects.toThrow(RangeError);
      await expect(store.set('k', 'v', Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
      expect(await store.get('k')).toBeUndefined();
    });
  });
}

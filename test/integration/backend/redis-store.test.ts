import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeEncryptionKey, ValueCipher } from '../../../backend/sessions/cipher';
import { RECLAIM_MARGIN_MS, RedisStore } from '../../../backend/sessions/redis';
import { redisReadiness } from '../../../backend/sessions/redis-client';
import { StoreUnavailableError } from '../../../backend/sessions/store';
import { FakeClock } from '../../support/fake-clock';
import { RecordingLogger } from '../../support/recording-logger';
import { cleanPrefix, keysUnder, rawClient, testClient, testEncryptionKey, ThrowawayRedis, uniquePrefix } from '../../support/redis';
import { describeStoreContract } from '../../support/store-contract';

/**
 * RedisStore against a real Redis: the shared one on 127.0.0.1:6379 under a prefix unique to this
 * file (cleaned up at the end), and a throwaway redis-server for the failure cases.
 */

const filePrefix = uniquePrefix('redis-store');
const cipher = new ValueCipher(decodeEncryptionKey(testEncryptionKey())!);
let client: Redis;
let raw: Redis;
let stores = 0;

beforeAll(async () => {
  client = await testClient();
  raw = rawClient();
  await raw.ping();
});
afterAll(async () => {
  await cleanPrefix(raw, filePrefix);
  client.disconnect();
  raw.disconnect();
});

/** Every store of this file gets its own prefix: the contract reuses key names from test to test. */
function newStore(clock: FakeClock, options: { logger?: RecordingLogger; cipher?: ValueCipher; redis?: Redis } = {}) {
  const keyPrefix = `${filePrefix}${++stores}:`;
  const store = new RedisStore({
    redis: options.redis ?? client,
    cipher: options.cipher ?? cipher,
    keyPrefix,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { store, keyPrefix };
}

describeStoreContract('RedisStore', async (clock) => newStore(clock).store);

describe('RedisStore keys and memory', () => {
  it('writes under its prefix only, and lets Redis reclaim an entry shortly after its TTL', async () => {
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()));
    await store.set('session:abc', { a: 1 }, 60_000);
    expect(await keysUnder(raw, keyPrefix)).toEqual([`${keyPrefix}session:abc`]);
    const pttl = await raw.pttl(`${keyPrefix}session:abc`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000 + RECLAIM_MARGIN_MS);
  });

  it('replace restarts the Redis TTL too', async () => {
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()));
    await store.set('k', 1, 1_000);
    expect(await store.replace('k', 2, 600_000)).toBe(true);
    expect(await raw.pttl(`${keyPrefix}k`)).toBeGreaterThan(1_000 + RECLAIM_MARGIN_MS);
  });

  it('sends the replace script again after Redis forgot it (SCRIPT FLUSH, restart)', async () => {
    const throwaway = await ThrowawayRedis.start();
    const redis = await testClient(throwaway.url);
    try {
      const { store } = newStore(new FakeClock(Date.now()), { redis });
      await store.set('k', 1, 10_000);
      expect(await store.replace('k', 2, 10_000)).toBe(true);
      await redis.script('FLUSH');
      expect(await store.replace('k', 3, 10_000)).toBe(true);
      expect(await store.get('k')).toBe(3);
    } finally {
      redis.disconnect();
      await throwaway.stop();
    }
  });
});

describe('RedisStore encryption at rest', () => {
  const identity = { given_name: 'Angela Claire Louise', family_name: 'DUBOIS', birthdate: '1962-08-24', email: 'angela.dubois@example.org' };

  it('never writes a claim in clear', async () => {
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()));
    await store.set('session:x', { identity, idToken: 'eyJhbGciOiJFUzI1NiJ9.payload.signature' }, 60_000);
    const stored = await raw.get(`${keyPrefix}session:x`);
    expect(stored).toMatch(/^v1:\d+:[A-Za-z0-9+/=]+$/);
    for (const secret of ['DUBOIS', 'Angela', '1962-08-24', 'angela.dubois', 'eyJhbGci', 'identity', 'family_name']) {
      expect(stored).not.toContain(secret);
    }
    expect(Buffer.from(stored!.split(':')[2]!, 'base64').toString('latin1')).not.toContain('DUBOIS');
    expect(await store.get('session:x')).toEqual({ identity, idToken: 'eyJhbGciOiJFUzI1NiJ9.payload.signature' });
  });

  it('seals the same value differently each time (fresh nonce)', async () => {
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()));
    await store.set('a', { identity }, 60_000);
    await store.set('b', { identity }, 60_000);
    const [a, b] = await Promise.all([raw.get(`${keyPrefix}a`), raw.get(`${keyPrefix}b`)]);
    expect(a!.split(':')[2]).not.toBe(b!.split(':')[2]);
  });

  it('treats a tampered value as absent and warns without the key or the value', async () => {
    const logger = new RecordingLogger();
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()), { logger });
    await store.set('session:t', { identity }, 60_000);
    const key = `${keyPrefix}session:t`;
    const stored = (await raw.get(key))!;
    const [format, expiry, sealed] = stored.split(':') as [string, string, string];
    const bytes = Buffer.from(sealed, 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    await raw.set(key, `${format}:${expiry}:${bytes.toString('base64')}`, 'PX', 60_000);

    expect(await store.get('session:t')).toBeUndefined();
    expect(await store.take('session:t')).toBeUndefined();
    const warnings = logger.events('store_value_rejected');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]!.level).toBe('warn');
    expect(warnings[0]!.fields.reason).toBe('authentication');
    expect(logger.dump()).not.toContain('session:t');
    expect(logger.dump()).not.toContain(sealed.slice(0, 20));
  });

  it('treats a value moved to another key as absent', async () => {
    const logger = new RecordingLogger();
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()), { logger });
    await store.set('session:victim', { identity }, 60_000);
    await raw.copy(`${keyPrefix}session:victim`, `${keyPrefix}session:attacker`);
    expect(await store.get('session:attacker')).toBeUndefined();
    expect(await store.take('session:attacker')).toBeUndefined();
    expect(await store.get('session:victim')).toEqual({ identity });
    expect(logger.events('store_value_rejected').map((e) => e.fields.reason)).toContain('authentication');
  });

  it('treats a value whose expiry was pushed back as absent', async () => {
    const { store, keyPrefix } = newStore(new FakeClock(Date.now()));
    await store.set('k', 'v', 1_000);
    const key = `${keyPrefix}k`;
    const [format, expiry, sealed] = (await raw.get(key))!.split(':') as [string, string, string];
    await raw.set(key, `${format}:${Number(expiry) + 3_600_000}:${sealed}`, 'PX', 60_000);
    expect(await store.get('k')).toBeUndefined();
  });

  it('cannot read what another SESSION_ENCRYPTION_KEY sealed, nor garbage', async () => {
    const clock = new FakeClock(Date.now());
    const { store, keyPrefix } = newStore(clock);
    await store.set('k', 'v', 60_000);
    const other = new RedisStore({ redis: client, cipher: new ValueCipher(decodeEncryptionKey(testEncryptionKey())!), keyPrefix, clock });
    expect(await other.get('k')).toBeUndefined();
    await raw.set(`${keyPrefix}g`, 'not a Pivot value', 'PX', 60_000);
    expect(await store.get('g')).toBeUndefined();
  });
});

describe('RedisStore under concurrency', () => {
  it('gives a one-time value to exactly one of 50 concurrent takes from two instances', async () => {
    const second = await testClient();
    try {
      const clock = new FakeClock(Date.now());
      const { store: a, keyPrefix } = newStore(clock);
      const b = new RedisStore({ redis: second, cipher, keyPrefix, clock });
      for (let round = 0; round < 5; round++) {
        await a.set(`handoff:${round}`, { round }, 60_000);
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).take(`handoff:${round}`)));
        expect(results.filter((r) => r !== undefined)).toEqual([{ round }]);
      }
    } finally {
      second.disconnect();
    }
  });

  it('never lets a replace bring back a value a concurrent take consumed', async () => {
    const clock = new FakeClock(Date.now());
    const { store } = newStore(clock);
    for (let round = 0; round < 20; round++) {
      await store.set('s', 'live', 60_000);
      const [taken, replaced] = await Promise.all([store.take('s'), store.replace('s', 'refreshed', 60_000)]);
      const left = await store.get('s');
      if (replaced) {
        // The replace ran first: the take then consumed the refreshed value.
        expect(taken).toBe('refreshed');
      } else {
        expect(taken).toBe('live');
      }
      expect(left).toBeUndefined();
    }
  });
});

describe('RedisStore when Redis fails', () => {
  let throwaway: ThrowawayRedis;
  let redis: Redis;
  let store: RedisStore;

  beforeAll(async () => {
    throwaway = await ThrowawayRedis.start();
    redis = await testClient(throwaway.url, 300);
    store = newStore(new FakeClock(Date.now()), { redis }).store;
    await redis.ping();
  });
  afterEach(async () => {
    throwaway.thaw();
    await throwaway.start();
  });
  afterAll(async () => {
    redis.disconnect();
    await throwaway.stop();
  });

  async function everyMethodFails(expectedReason: string): Promise<void> {
    const calls: [string, () => Promise<unknown>][] = [
      ['set', () => store.set('k', 1, 1_000)],
      ['replace', () => store.replace('k', 1, 1_000)],
      ['get', () => store.get('k')],
      ['take', () => store.take('k')],
      ['delete', () => store.delete('k')],
    ];
    for (const [name, call] of calls) {
      const error = await call().then(
        () => new Error(`${name} succeeded`),
        (err: unknown) => err,
      );
      expect(error, name).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).reason, name).toBe(expectedReason);
    }
  }

  /** Redis is back when a write goes through (the client reconnects on its own). */
  async function untilAvailable(): Promise<void> {
    for (;;) {
      try {
        await store.set('probe', 1, 1_000);
        return;
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  it('fails every call with StoreUnavailableError while Redis is down, then recovers on its own', async () => {
    await store.set('before', 'kept?', 60_000);
    await throwaway.stop();
    // Once the client has seen the connection drop (a command in between fails just the same).
    while (redis.status === 'ready') await new Promise((resolve) => setTimeout(resolve, 10));
    await everyMethodFails('connection');
    expect(await redisReadiness(redis, 500)).toEqual({ name: 'redis', ok: false });

    await throwaway.start();
    await untilAvailable();
    // A restarted Redis without persistence has forgotten everything: absent, not an error.
    expect(await store.get('before')).toBeUndefined();
    await store.set('after', 'v', 60_000);
    expect(await store.take('after')).toBe('v');
    expect(await redisReadiness(redis, 500)).toEqual({ name: 'redis', ok: true });
  });

  it('times out instead of hanging when Redis accepts connections but never answers', async () => {
    await untilAvailable();
    throwaway.freeze();
    const error = await store.get('k').then(
      () => new Error('get succeeded'),
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).reason).toBe('timeout');
    expect(await redisReadiness(redis, 500)).toEqual({ name: 'redis', ok: false });
    throwaway.thaw();
    await untilAvailable();
    expect(await store.get('k')).toBeUndefined();
  });
});

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../../backend/http/errors';
import { rateLimiter } from '../../../backend/http/rate-limit';
import { KeyDeriver } from '../../../backend/sessions/secrets';
import { RecordingLogger } from '../../support/recording-logger';
import { ThrowawayRedis, hasRedisServer, testClient } from '../../support/redis';

/**
 * With a Redis client, rate-limit counters are shared: two instances behind one load balancer
 * give a client one budget, not two. Uses the machine's Redis (PIVOT_TEST_REDIS_URL or
 * 127.0.0.1:6379) under a prefix of its own.
 */

const REDIS_URL = process.env.PIVOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `pivot-test:ratelimit:${randomUUID()}:`;
let redis: Redis;
const servers: Server[] = [];
/** Every instance derives its keys from the same SESSION_SECRET. */
const secret = 'rate-limit-test-secret-0123456789abcdef';

async function instance(logger = new RecordingLogger()): Promise<string> {
  const app = express();
  app.use('/api', rateLimiter('api', { windowSeconds: 600, auth: 0, api: 3 }, { logger, redis, redisPrefix: prefix, keys: new KeyDeriver(secret) }));
  app.get('/api/ping', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(logger, 'http://localhost'));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
  await redis.ping();
});
afterAll(async () => {
  for (const server of servers) server.close();
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

describe('rate limits in Redis', () => {
  it('are shared by every instance', async () => {
    const [a, b] = [await instance(), await instance()];
    const statuses: number[] = [];
    for (const url of [a, b, a, b]) statuses.push((await fetch(`${url}/api/ping`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${a}/api/ping`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toBe('rate_limited');
    const keys = await redis.keys(`${prefix}ratelimit:api:*`);
    expect(keys).toHaveLength(1);
    // The client address is personal data: the key is an HMAC of it, never the address itself.
    expect(keys[0]).toMatch(new RegExp(`^${prefix}ratelimit:api:[A-Za-z0-9_-]{43}$`));
    expect(keys[0]).not.toContain('127.0.0.1');
  });

  it('let requests through when Redis fails, and say so in the logs', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    broken.on('error', () => {});
    const logger = new RecordingLogger();
    const app = express();
    app.use('/api', rateLimiter('api', { windowSeconds: 600, auth: 0, api: 1 }, { logger, redis: broken, redisPrefix: prefix }));
    app.get('/api/ping', (_req, res) => {
      res.json({ ok: true });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ping`;
    for (let i = 0; i < 5; i++) expect((await fetch(url)).status).toBe(200);
    // Once when the store starts failing, at warn: not a line per request during an outage.
    expect(logger.events('rate_limit_store_error').map((e) => e.level)).toEqual(['warn']);
    broken.disconnect();
  });

  it.runIf(hasRedisServer())('come back once a Redis that was down at start-up answers, without a restart', async () => {
    const own = await ThrowawayRedis.start();
    const client = await testClient(own.url);
    client.on('error', () => {});
    try {
      await own.stop(); // down before the limiter loads its scripts
      const logger = new RecordingLogger();
      const app = express();
      app.use('/api', rateLimiter('api', { windowSeconds: 600, auth: 0, api: 2 }, { logger, redis: client, redisPrefix: prefix }));
      app.get('/api/ping', (_req, res) => {
        res.json({ ok: true });
      });
      app.use(errorHandler(logger, 'http://localhost'));
      const server = createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ping`;
      expect((await fetch(url)).status).toBe(200); // let through while Redis is down
      expect(logger.events('rate_limit_store_error').length).toBeGreaterThan(0);

      await own.start();
      await expect.poll(async () => (await client.ping().catch(() => 'down')), { timeout: 10_000 }).toBe('PONG');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
      // The first count after recovery may still meet the failed script load; then the budget of 2 holds.
      expect(statuses.slice(-1)).toEqual([429]);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      // One line when it failed, one when it came back.
      expect(logger.events('rate_limit_store_error')).toHaveLength(1);
      expect(logger.events('rate_limit_store_recovered').map((e) => e.level)).toEqual(['warn']);
    } finally {
      client.disconnect();
      await own.stop();
    }
  });
});

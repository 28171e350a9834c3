import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../backend/config';
import { startBackend } from '../../../backend/listen';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index';
import { getMe, loginForSession } from '../../support/login';
import { RecordingLogger } from '../../support/recording-logger';
import { redisEnv, ThrowawayRedis, uniquePrefix } from '../../support/redis';
import { pivotClientAt } from '../../support/stack';

/**
 * backend/listen.ts with REDIS_URL (what `npm run start:backend` runs): it opens its own Redis
 * client, starts even when Redis is down, offers a Redis readiness check, and closes the client
 * after the server on shutdown.
 */

let redis: ThrowawayRedis;
let simulator: RunningSimulator;
let admin: Redis;

beforeAll(async () => {
  redis = await ThrowawayRedis.start();
  admin = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  admin.on('error', () => {});
});
afterAll(async () => {
  admin.disconnect();
  await simulator?.close();
  await redis?.stop();
});

/** Names of the clients connected to the throwaway Redis (CLIENT LIST). */
async function clientNames(): Promise<string[]> {
  const list = (await admin.client('LIST')) as string;
  return list
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter(Boolean);
}

async function start(port: number, logger = new RecordingLogger()) {
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    FC_ISSUER: simulator.issuer,
    DATA_SOURCES_DEFAULT: 'none',
    ...redisEnv(redis.url, uniquePrefix('lifecycle'), 300),
  });
  return { backend: await startBackend({ config, logger }), logger };
}

describe('startBackend with REDIS_URL', () => {
  let port: number;

  beforeAll(async () => {
    // A fixed callback URL for the simulator: reserve a port, register it, free it for the backend.
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    simulator = await startSimulator({
      port: 0,
      includeDefaultClient: false,
      clients: [
        pivotClientAt(`http://localhost:${port}`),
      ],
    });
  });

  it('keeps sessions in Redis, reports readiness, and closes its client after the server', async () => {
    const { backend } = await start(port);
    try {
      expect(backend.sessionStore).toBe('redis');
      expect(await backend.readiness?.()).toEqual([{ name: 'redis', ok: true }]);
      expect(await clientNames()).toContain('pivot-backend');
      const { session } = await loginForSession(`http://localhost:${port}`);
      expect((await getMe(backend.url, session)).status).toBe(200);
    } finally {
      await backend.close();
    }
    expect(await clientNames()).not.toContain('pivot-backend');
  });

  it('starts while Redis is down, answers 503 and says it is not ready, then recovers on its own', async () => {
    await redis.stop();
    const { backend, logger } = await start(port);
    try {
      expect(logger.events('redis_unavailable').length).toBeGreaterThan(0);
      expect(await backend.readiness?.()).toEqual([{ name: 'redis', ok: false }]);
      const unavailable = await getMe(backend.url, 'A'.repeat(43));
      expect(unavailable.status).toBe(503);
      expect(((await unavailable.json()) as { error: string }).error).toBe('session_store_unavailable');
      expect((await fetch(new URL('/health', backend.url))).status).toBe(200);

      await redis.start();
      for (;;) {
        const [check] = (await backend.readiness?.()) ?? [];
        if (check?.ok) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await getMe(backend.url, 'A'.repeat(43))).status).toBe(401);
      expect(logger.events('redis_ready').length).toBe(1);
      expect(logger.dump()).not.toMatch(/redis:\/\/[^ ]*@/);
    } finally {
      await backend.close();
    }
  });
});

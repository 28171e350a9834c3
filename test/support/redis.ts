import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { createRedisClient, waitForRedis } from '../../backend/sessions/redis-client';
import { silentLogger } from '../../backend/log';

/**
 * Redis for tests: the shared system Redis (127.0.0.1:6379, or PIVOT_TEST_REDIS_URL) under a key
 * prefix unique to each test file, and throwaway redis-server processes a test may stop, freeze and
 * restart without disturbing anyone else.
 */

export const SHARED_REDIS_URL = process.env.PIVOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh 32-byte key, base64, as SESSION_ENCRYPTION_KEY takes it. */
export function testEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** `pivot-test:<label>:<uuid>:`: only letters, digits, dashes and colons (safe in a SCAN pattern). */
export function uniquePrefix(label: string): string {
  return `pivot-test:${label.replace(/[^A-Za-z0-9-]/g, '-')}:${randomUUID()}:`;
}

/** A client tuned like the backend's (fail fast, command timeout), once connected. */
export async function testClient(url = SHARED_REDIS_URL, commandTimeoutMs = 2_000): Promise<Redis> {
  const redis = createRedisClient({ url, commandTimeoutMs }, silentLogger);
  if (!(await waitForRedis(redis, 10_000))) {
    redis.disconnect();
    throw new Error(`Redis at ${url} is not reachable: the Redis tests need it (start redis-server, or set PIVOT_TEST_REDIS_URL)`);
  }
  return redis;
}

/** A plain client for inspecting and tampering with raw values (offline queue on: waits for the connection). */
export function rawClient(url = SHARED_REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 5_000 });
}

/** Deletes every key under `prefix`. */
export async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

export function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * A redis-server of the test's own, on a free loopback port, without persistence: `stop()` kills
 * it (its data is gone), `start()` brings a fresh one back on the same port, `freeze()` / `thaw()`
 * stop and resume the process (a Redis that accepts connections but never answers).
 */
export class ThrowawayRedis {
  #process: ChildProcess | undefined;
  #frozen = false;

  private constructor(readonly port: number) {}

  static async start(): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.#process) return;
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      { stdio: 'ignore' },
    );
    this.#process = child;
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`redis-server on port ${this.port} exited (${code})`)));
    });
    exited.catch(() => {});
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on('error', () => {});
    try {
      await Promise.race([probe.ping(), exited]);
    } finally {
      probe.disconnect();
    }
  }

  /** Kills the server (SIGKILL: no goodbye to clients), and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (!child) return;
    this.#process = undefined;
    if (this.#frozen) {
      child.kill('SIGCONT');
      this.#frozen = false;
    }
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await gone;
    }
  }

  /** The process stops answering, its port stays open. */
  freeze(): void {
    if (this.#process && !this.#frozen) {
      this.#process.kill('SIGSTOP');
      this.#frozen = true;
    }
  }

  thaw(): void {
    if (this.#process && this.#frozen) {
      this.#process.kill('SIGCONT');
      this.#frozen = false;
    }
  }
}

/** The environment of instances sharing one Redis: URL, prefix, and the same key and secret everywhere. */
export function redisEnv(url: string, keyPrefix: string, commandTimeoutMs = 2_000): Record<string, string> {
  return {
    REDIS_URL: url,
    REDIS_KEY_PREFIX: keyPrefix,
    SESSION_ENCRYPTION_KEY: testEncryptionKey(),
    SESSION_SECRET: randomBytes(32).toString('base64'),
    REDIS_COMMAND_TIMEOUT_MS: String(commandTimeoutMs),
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { startSimulator } from '../../backend/simulator/index';
import { loginForSession } from '../../test/support/login';
import { hasRedisServer, redisEnv, ThrowawayRedis, uniquePrefix } from '../../test/support/redis';
import { pivotClientAt } from '../../test/support/stack';
import type { Figure, Section } from '../types';

/** The few fields of autocannon's result this section reads (autocannon ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: CannonResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = 10;
const WARMUP_S = 1;
const MEASURE_S = 5;

function cannon(urls: string[], session: string, seconds: number): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        // Several URLs: autocannon spreads the connections over them in turn (5 + 5 for two instances).
        url: urls.map((u) => `${u}/api/me`),
        connections: CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${session}` },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

interface Instance {
  url: string;
  child: ChildProcess;
}

/** `npm run start:backend` in a process of its own (as deployed), ready once FranceConnect's discovery is loaded. */
async function startInstance(root: string, port: number, env: Record<string, string>, deadline: number): Promise<Instance> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['REDIS_URL', 'REDIS_KEY_PREFIX', 'SESSION_ENCRYPTION_KEY', 'SESSION_SECRET', 'PUBLIC_URL', 'PORT', 'HOST']) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/server.ts'], {
    cwd: root,
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_SOURCES_DEFAULT: 'none', RATE_LIMIT_AUTH: '0', RATE_LIMIT_API: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const url = `http://127.0.0.1:${port}`;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend on port ${port} exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      const health = (await (await fetch(`${url}/health`)).json()) as { franceconnect?: string };
      if (health.franceconnect === 'ready') return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`backend on port ${port} not ready in time`);
}

async function stopInstance(instance: Instance): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await gone;
  clearTimeout(timer);
}

function checked(label: string, result: CannonResult): CannonResult {
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts out of ${result.requests.total}`);
  }
  return result;
}

/**
 * GET /api/me (Bearer session: read the session, slide its idle timer, answer the identity) with
 * autocannon, 10 connections: one backend process with sessions in memory (the reference), one
 * with sessions in Redis (GET + the replace script, AES-GCM open and seal), and two processes
 * sharing that Redis with the connections split between them. Each backend runs in its own
 * process, like a deployment; Redis is a throwaway redis-server on loopback.
 */
export const apiMeSection: Section = {
  id: 'api-me',
  title: '/api/me: one instance in memory, one with Redis, two sharing Redis',
  budgetMs: 60_000,
  async run({ root, deadline, log }) {
    if (!hasRedisServer()) return { title: this.title, figures: [], skipped: 'redis-server is not installed' };
    const redis = await ThrowawayRedis.start();
    const [memPort, aPort, bPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const memUrl = `http://127.0.0.1:${memPort}`;
    const sharedUrl = `http://127.0.0.1:${aPort}`;
    const bench = { client_id: 'bench-api-me-memory-'.padEnd(64, '0'), client_secret: 'bench-api-me-memory-secret-'.padEnd(64, '1') };
    const simulator = await startSimulator({
      port: 0,
      includeDefaultClient: false,
      providers: false,
      clients: [
        // The Redis instances share one PUBLIC_URL, as behind a load balancer.
        pivotClientAt(sharedUrl, 'Pivot (Redis)'),
        {
          ...bench,
          name: 'Pivot (memory)',
          redirect_uris: [`${memUrl}/auth/callback`],
          post_logout_redirect_uris: [`${memUrl}/auth/logout/callback`],
        },
      ],
    });
    const instances: Instance[] = [];
    try {
      const shared = { FC_ISSUER: simulator.issuer, PUBLIC_URL: sharedUrl, ...redisEnv(redis.url, uniquePrefix('bench-api-me'), 1_000) };
      const startDeadline = Math.min(deadline - 25_000, Date.now() + 30_000);
      const [memory, a, b] = await Promise.all([
        startInstance(root, memPort, { FC_ISSUER: simulator.issuer, PUBLIC_URL: memUrl, FC_CLIENT_ID: bench.client_id, FC_CLIENT_SECRET: bench.client_secret }, startDeadline),
        startInstance(root, aPort, shared, startDeadline),
        startInstance(root, bPort, shared, startDeadline),
      ]);
      instances.push(memory, a, b);
      const memorySession = (await loginForSession(memory.url)).session;
      const redisSession = (await loginForSession(a.url)).session;

      const measure = async (label: string, urls: string[], session: string) => {
        await cannon(urls, session, WARMUP_S);
        const result = checked(label, await cannon(urls, session, MEASURE_S));
        log(`${label}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
        return result;
      };
      const mem = await measure('one instance, memory', [memory.url], memorySession);
      const one = await measure('one instance, Redis', [a.url], redisSession);
      const two = await measure('two instances, Redis', [a.url, b.url], redisSession);

      const reference = (name: string, value: number) => ({ name, value });
      const detail = `${CONNECTIONS} connections, ${MEASURE_S} s after ${WARMUP_S} s of warm-up`;
      const figures: Figure[] = [
        {
          name: '/api/me requests per second, one instance, sessions in Redis',
          value: one.requests.average,
          unit: 'req/s',
          better: 'higher',
          reference: reference('one instance, sessions in memory', mem.requests.average),
          detail,
        },
        {
          name: '/api/me requests per second, two instances sharing Redis',
          value: two.requests.average,
          unit: 'req/s',
          better: 'higher',
          reference: reference('one instance, sessions in Redis', one.requests.average),
          detail: `${detail}, connections split between the two`,
        },
        {
          name: '/api/me p50 latency, one instance with Redis',
          value: one.latency.p50,
          unit: 'ms',
          better: 'lower',
          reference: reference('one instance, memory', mem.latency.p50),
          detail,
        },
        {
          name: '/api/me p99 latency, one instance with Redis',
          value: one.latency.p99,
          unit: 'ms',
          better: 'lower',
          reference: reference('one instance, memory', mem.latency.p99),
        },
        {
          name: '/api/me p50 latency, two instances sharing Redis',
          value: two.latency.p50,
          unit: 'ms',
          better: 'lower',
          reference: reference('one instance, Redis', one.latency.p50),
        },
        {
          name: '/api/me p99 latency, two instances sharing Redis',
          value: two.latency.p99,
          unit: 'ms',
          better: 'lower',
          reference: reference('one instance, Redis', one.latency.p99),
        },
      ];
      return {
        title: this.title,
        figures,
        notes: [
          'Each /api/me with Redis is two round trips on loopback (GET, then the replace script that slides the idle timer) plus an AES-256-GCM open and seal.',
          'Every backend, autocannon and redis-server share the same few cores here: two instances show the cost of sharing Redis, not the gain of a second machine.',
        ],
      };
    } finally {
      await Promise.allSettled(instances.map(stopInstance));
      await simulator.close();
      await redis.stop();
    }
  },
};

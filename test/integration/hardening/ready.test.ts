import { afterAll, describe, expect, it } from 'vitest';
import type { ReadinessCheck } from '../../../backend/app';
import { type RunningTestBackend, type Stack, startBackend, startStack } from '../../support/stack';

/** GET /health: the process is alive. GET /ready: FranceConnect's discovery is loaded and every added check passes. */

const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const r of running) await r.close();
});

async function stackWith(readiness?: () => Promise<ReadinessCheck[]>): Promise<Stack> {
  const stack = await startStack(readiness ? { readiness } : {});
  running.push(stack);
  return stack;
}

async function ready(url: string): Promise<{ status: number; body: unknown; cache: string | null }> {
  const response = await fetch(new URL('/ready', url));
  return { status: response.status, body: await response.json(), cache: response.headers.get('cache-control') };
}

describe('GET /ready', () => {
  it('is 200 once FranceConnect’s discovery is loaded (it loads it if needed)', async () => {
    const stack = await stackWith();
    expect(await ready(stack.url)).toEqual({ status: 200, body: { status: 'ready', checks: [{ name: 'franceconnect', ok: true }] }, cache: 'no-store' });
    expect(await (await fetch(new URL('/health', stack.url))).json()).toEqual({ status: 'ok', franceconnect: 'ready' });
  });

  it('adds the caller’s checks, and is 503 when one fails', async () => {
    let redisUp = true;
    const stack = await stackWith(async () => [{ name: 'redis', ok: redisUp }]);
    expect((await ready(stack.url)).status).toBe(200);
    redisUp = false;
    expect(await ready(stack.url)).toMatchObject({
      status: 503,
      body: { status: 'not_ready', checks: [{ name: 'franceconnect', ok: true }, { name: 'redis', ok: false }] },
    });
    expect(stack.logs.events('not_ready').at(-1)?.fields.failing).toEqual(['redis']);
  });

  it('is 503 when a check throws', async () => {
    const stack = await stackWith(() => Promise.reject(new Error('down')));
    expect(await ready(stack.url)).toMatchObject({ status: 503, body: { status: 'not_ready', checks: [{ name: 'franceconnect', ok: true }, { name: 'readiness', ok: false }] } });
  });

  it('is 503 while FranceConnect is unreachable, and /health still 200', async () => {
    const backend: RunningTestBackend = await startBackend('http://127.0.0.1:1/api/v2', { env: { FC_TIMEOUT_MS: '200' } });
    running.push(backend);
    expect(await ready(backend.url)).toMatchObject({ status: 503, body: { status: 'not_ready', checks: [{ name: 'franceconnect', ok: false }] } });
    const health = await fetch(new URL('/health', backend.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', franceconnect: 'unavailable' });
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLogin } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/**
 * Every call to FranceConnect has a time limit (FC_TIMEOUT_MS): a FranceConnect that accepts the
 * connection and never answers ends the login with a clear `provider_unavailable` redirect
 * instead of a hanging callback. The test's fetch sends the chosen endpoint to a black hole, a
 * TCP server that accepts and stays silent.
 */

let blackHole: Server;
let blackHoleUrl: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  blackHole = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.resume();
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
});

/** A fetch that sends calls to `${issuer}${path}` into the black hole while `silent` holds that path. */
function silencing(issuer: () => string, silent: Set<string>): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.href.startsWith(issuer()) ? url.href.slice(issuer().length).split('?')[0] : undefined;
    if (path !== undefined && silent.has(path)) {
      return fetch(new URL(url.pathname + url.search, blackHoleUrl), init);
    }
    return fetch(input, init);
  };
}

describe('a FranceConnect that never answers', () => {
  let stack: Stack;
  const silent = new Set<string>();
  beforeAll(async () => {
    stack = await startStack({
      env: { FC_TIMEOUT_MS: '300', DATA_SOURCES_DEFAULT: 'none' },
      fetch: silencing(() => stack.issuer, silent),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each([
    ['the token request', '/token'],
    ['the userinfo request', '/userinfo'],
  ])('on %s: the callback redirects to the extension with provider_unavailable', async (_label, path) => {
    silent.clear();
    silent.add(path);
    const outcome = await runLogin(stack.url, { state: 'timeout-test' });
    silent.clear();
    expect(outcome.kind).toBe('extension');
    if (outcome.kind !== 'extension') return;
    expect(outcome.url.searchParams.get('error')).toBe('provider_unavailable');
    expect(outcome.url.searchParams.get('error_description')).toMatch(/FranceConnect/);
    expect(outcome.url.searchParams.get('state')).toBe('timeout-test');
    expect(stack.logs.lastRejection()).toEqual({ error: 'provider_unavailable', reason: `${path.slice(1)}.unreachable` });

    // The backend keeps serving: the next login goes through.
    const next = await runLogin(stack.url);
    expect(next.kind === 'extension' && next.url.searchParams.get('code')).toBeTruthy();
  });
});

describe('a FranceConnect whose discovery never answers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { FC_TIMEOUT_MS: '300' },
      fetch: silencing(() => stack.issuer, new Set(['/.well-known/openid-configuration'])),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('sends /auth/login back to the extension with provider_unavailable', async () => {
    const outcome = await runLogin(stack.url, { state: 'discovery' });
    expect(outcome.kind).toBe('extension');
    if (outcome.kind !== 'extension') return;
    expect(outcome.url.searchParams.get('error')).toBe('provider_unavailable');
    expect(outcome.url.searchParams.get('state')).toBe('discovery');
  });
});

import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { hardenServer, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from '../../../backend/http/node-server';
import { RecordingLogger } from '../../support/recording-logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, navigate, runLogin } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/** Security headers, CORS for the extension only, body limits and rate limits, over real HTTP. */

const EXTENSION_ORIGIN = 'chrome-extension://ochfhobachhmhddggbhbnbbihocibgpc';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { BODY_LIMIT_BYTES: '1024', RATE_LIMIT_AUTH: '0', RATE_LIMIT_API: '0' } });
});
afterAll(async () => {
  await stack?.close();
});

function post(path: string, body: BodyInit | undefined, headers: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, stack.url), { method: 'POST', headers, ...(body !== undefined ? { body } : {}), ...init });
}

describe('security headers', () => {
  it('come with every answer, and the pages’ DSFR styles stay allowed', async () => {
    const page = await fetch(new URL('/auth/callback?state=unknown', stack.url), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'self' ${stack.url}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-powered-by')).toBeNull();
    const html = await page.text();
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    expect(stylesheet).toBe(`${stack.url}/assets/dsfr/dsfr.min.css`);
    const css = await fetch(stylesheet ?? '');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    await css.arrayBuffer();
  });
});

describe('CORS', () => {
  it('answers the extension’s origin', async () => {
    const response = await fetch(new URL('/api/me', stack.url), { headers: { origin: EXTENSION_ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the extension’s preflight through, with the headers it needs', async () => {
    const response = await fetch(new URL('/auth/exchange', stack.url), {
      method: 'OPTIONS',
      headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it.each(['https://evil.example.org', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'null'])('gives %s no CORS header', async (origin) => {
    const simple = await fetch(new URL('/api/me', stack.url), { headers: { origin } });
    expect(simple.status).toBe(401);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(new URL('/api/me', stack.url), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    // Express answers OPTIONS itself (Allow: …): harmless without CORS headers, the browser refuses the call.
    expect(preflight.status).toBeLessThan(500);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('request bodies', () => {
  it('over the limit: 413 with a clear message, before the body is read', async () => {
    const response = await post('/auth/exchange', JSON.stringify({ code: 'x'.repeat(4096) }), { 'content-type': 'application/json' });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'payload_too_large', message: expect.stringContaining('1 ko') });
  });

  it('over the limit without a Content-Length (chunked): 413 too', async () => {
    const chunk = new TextEncoder().encode(`{"code":"${'y'.repeat(600)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await post('/auth/exchange', stream, { 'content-type': 'application/json' }, { duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('payload_too_large');
  });

  it('of another type: 415', async () => {
    const response = await post('/auth/exchange', 'code=abc', { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('application/json') });
  });

  it('malformed JSON: 400 invalid_request, saying so', async () => {
    const response = await post('/auth/exchange', '{"code": ', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.stringContaining('pas du JSON valide') });
  });

  it('JSON that is not an object, or urlencoded fields of the wrong shape: 400 invalid_request', async () => {
    for (const [body, type] of [
      ['"code"', 'application/json'],
      ['[1,2]', 'application/json'],
      ['code=short', 'application/x-www-form-urlencoded'],
      ['code=a&code=b', 'application/x-www-form-urlencoded'],
    ] as const) {
      const response = await post('/auth/exchange', body, { 'content-type': type });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    }
  });
});

describe('the callback', () => {
  it.each([
    ['a repeated code', (url: URL) => url.searchParams.append('code', 'other')],
    ['a repeated iss', (url: URL) => url.searchParams.append('iss', 'https://evil.example.org')],
    ['a code of 3 kB', (url: URL) => url.searchParams.set('code', 'c'.repeat(3000))],
  ])('with %s: back to the extension with invalid_authorization_response', async (_label, tamper) => {
    const atCallback = await runLogin(stack.url, { state: 'tampered', stopAtCallback: true });
    if (atCallback.kind !== 'callback') throw new Error(`login stopped on ${atCallback.kind}`);
    const url = new URL(atCallback.url);
    tamper(url);
    const outcome = await navigate(atCallback.browser, url, stack.url);
    expect(outcome.kind === 'extension' && Object.fromEntries(outcome.url.searchParams)).toMatchObject({
      error: 'invalid_authorization_response',
      state: 'tampered',
    });
    expect(stack.logs.lastRejection()).toEqual({ error: 'invalid_authorization_response', reason: 'authorization_response.malformed' });
  });

  it('with a repeated or malformed state: the login-expired page', async () => {
    for (const query of ['state=a&state=b', `state=${'%00'.repeat(3)}`, `state=${'s'.repeat(300)}`]) {
      const response = await fetch(new URL(`/auth/callback?${query}&code=x`, stack.url), { headers: { accept: 'text/html' } });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('login_expired');
      expect(stack.logs.lastRejection()).toEqual({ error: 'login_expired', reason: 'state.malformed' });
    }
  });
});

/** Sends raw bytes, half-closes, and returns everything the server answers until it closes. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(stack.url).port), '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('broken HTTP', () => {
  it.each([
    ['an unparseable request', 'GET /api/me HTTP/1.1\r\nBroken header\r\n\r\n', 400, 'invalid_request'],
    ['headers over 16 kB', `GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
    ['CONNECT', 'CONNECT evil.example.org:443 HTTP/1.1\r\nHost: evil.example.org:443\r\n\r\n', 405, 'method_not_allowed'],
  ])('%s: a JSON answer in the usual shape, with a request id', async (_label, bytes, status, error) => {
    const answer = await raw(bytes);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error, message: expect.any(String) });
  });

  it('a broken request pipelined behind one being answered: no raw 400 in the middle of that answer', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first half, ');
      setTimeout(() => res.end('second half'), 150);
    });
    hardenServer(server, new RecordingLogger());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
          socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
          setTimeout(() => socket.write('GET / HTTP/1.1\r\nBroken header\r\n\r\n'), 50);
        });
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('close', () => resolve(received));
        socket.on('error', () => resolve(received));
        setTimeout(() => reject(new Error('the server kept the connection open')), 5000).unref();
      });
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).not.toContain('HTTP/1.1 400');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a client that closes its side after sending still gets an answer that takes time', async () => {
    // Static files are read asynchronously: Node would drop the connection before answering.
    const answer = await raw('GET /assets/dsfr/dsfr.min.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('keep-alive behind a load balancer', () => {
  it('keeps idle connections 65 s by default (KEEP_ALIVE_TIMEOUT_MS), longer than a balancer’s 60 s', () => {
    const server = createServer();
    hardenServer(server, new RecordingLogger());
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    hardenServer(server, new RecordingLogger(), { keepAliveTimeoutMs: 120_000 });
    expect(server.keepAliveTimeout).toBe(120_000);
    expect(stack.config.keepAliveTimeoutMs).toBe(65_000);
  });

  it('a connection idle longer than headersTimeout is not cut by it (so headersTimeout may stay short)', async () => {
    const server = createServer({ connectionsCheckingInterval: 50 }, (_req, res) => res.end('ok'));
    hardenServer(server, new RecordingLogger());
    server.headersTimeout = 200;
    server.requestTimeout = 400;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => {
          socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
          setTimeout(() => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 800);
        });
        let received = '';
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      expect(answer.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('rate limits', () => {
  let limited: Stack;
  beforeAll(async () => {
    limited = await startStack({ env: { RATE_LIMIT_AUTH: '3', RATE_LIMIT_API: '2', RATE_LIMIT_WINDOW_S: '600' } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answer 429 with Retry-After and the usual error shape, per scope', async () => {
    // The first call comes through a proxy that TRUST_PROXY does not name: the limiter says so (once).
    const proxied = await fetch(new URL('/api/me', limited.url), { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.status).toBe(401);
    expect(limited.logs.events('rate_limit_config').map((e) => e.fields.check)).toEqual(['ERR_ERL_UNEXPECTED_X_FORWARDED_FOR']);
    expect((await getMe(limited.url, 'x'.repeat(43))).status).toBe(401);
    const api = await getMe(limited.url, 'x'.repeat(43));
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await api.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^Trop de demandes en peu de temps/) });

    // /auth has its own budget, untouched by the /api calls above.
    const login = new URL('/auth/login', limited.url);
    login.searchParams.set('redirect_uri', 'https://not-allowed.example.org/');
    for (let i = 0; i < 3; i++) expect((await fetch(login, { redirect: 'manual' })).status).toBe(400);
    const page = await fetch(login, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Trop de demandes');

    // Monitoring is never limited.
    expect((await fetch(new URL('/health', limited.url))).status).toBe(200);
    expect(limited.logs.events('rate_limited').map((e) => e.fields.scope)).toEqual(['api', 'auth']);
  });
});

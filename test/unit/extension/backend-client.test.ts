import { describe, expect, it, vi } from 'vitest';
import {
  BackendError,
  BackendUnreachableError,
  createBackendClient,
  SessionRejectedError,
} from '../../../extension/lib/backend-client';
import { ME } from '../../fixtures/extension/me';
import { fakeBackend, json } from '../../support/extension/fake-backend';

const BASE = 'http://localhost:3000';

describe('backend client', () => {
  it('builds the /auth/login URL with the redirect URL, the client state and the S256 challenge', () => {
    const url = new URL(createBackendClient({ baseUrl: BASE }).loginUrl('https://id.chromiumapp.org/', 'abc', 'chal'));
    expect(url.pathname).toBe('/auth/login');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      redirect_uri: 'https://id.chromiumapp.org/',
      state: 'abc',
      code_challenge: 'chal',
      code_challenge_method: 'S256',
    });
  });

  it('keeps a base path', () => {
    expect(createBackendClient({ baseUrl: 'https://example.fr/pivot' }).loginUrl('r', 's', 'c')).toMatch(/^https:\/\/example\.fr\/pivot\/auth\/login\?/);
  });

  it('sends no cookies and follows no redirects', async () => {
    const backend = fakeBackend(BASE, { 'GET /health': () => json(200, {}) });
    await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).health();
    const init = vi.mocked(backend.fetch).mock.calls[0]?.[1];
    expect(init).toMatchObject({ credentials: 'omit', redirect: 'error', cache: 'no-store' });
  });

  it('exchanges a handoff code and its verifier for a session handle', async () => {
    const backend = fakeBackend(BASE, { 'POST /auth/exchange': () => json(200, { session: 'x'.repeat(32), expires_in: 900 }) });
    const result = await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).exchange('code-1', 'verifier-1');
    expect(result).toEqual({ session: 'x'.repeat(32), expiresIn: 900 });
    expect(backend.seen[0]?.body).toEqual({ code: 'code-1', code_verifier: 'verifier-1' });
    expect(backend.seen[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('reads /api/me with the bearer handle, dropping unknown fields', async () => {
    const backend = fakeBackend(BASE, { 'GET /api/me': () => json(200, { ...ME, identity: { ...ME.identity, secret: 'no' }, extra: 1 }) });
    const me = await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).me('h'.repeat(20));
    expect(me.identity).not.toHaveProperty('secret');
    expect(me.identity.family_name).toBe('DUBOIS');
    expect(backend.seen[0]?.headers.get('authorization')).toBe(`Bearer ${'h'.repeat(20)}`);
  });

  it('ignores a source it does not understand rather than refusing the identity', async () => {
    const backend = fakeBackend(BASE, { 'GET /api/me': () => json(200, { ...ME, source: 'franceconnect' }) });
    const me = await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).me('h');
    expect(me.source).toBeUndefined();
    expect(me.identity.family_name).toBe('DUBOIS');
  });

  it('logs out with the bearer handle and where to come back, and returns the FranceConnect logout URL', async () => {
    const backend = fakeBackend(BASE, { 'POST /auth/logout': () => json(200, { logoutUrl: 'http://localhost:3100/api/v2/session/end?x=1' }) });
    const back = { redirectUri: 'https://id.chromiumapp.org/', state: 'st' };
    expect(await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).logout('h', back)).toEqual({
      logoutUrl: 'http://localhost:3100/api/v2/session/end?x=1',
    });
    expect(backend.seen[0]?.headers.get('authorization')).toBe('Bearer h');
    expect(backend.seen[0]?.body).toEqual({ redirect_uri: 'https://id.chromiumapp.org/', state: 'st' });
  });

  it('accepts a logout without FranceConnect URL (FranceConnect unavailable)', async () => {
    const backend = fakeBackend(BASE, { 'POST /auth/logout': () => json(200, { logoutUrl: null }) });
    expect(await createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).logout('h', { redirectUri: 'r', state: 's' })).toEqual({ logoutUrl: null });
  });

  it('turns a 401 into SessionRejectedError', async () => {
    const backend = fakeBackend(BASE, { 'GET /api/me': () => json(401, { error: 'unauthorized', message: 'Non.' }) });
    await expect(createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).me('h')).rejects.toBeInstanceOf(SessionRejectedError);
  });

  it('turns a network failure into BackendUnreachableError', async () => {
    const backend = fakeBackend(BASE, {});
    backend.down();
    await expect(createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).health()).rejects.toBeInstanceOf(BackendUnreachableError);
  });

  it('gives up after the timeout', async () => {
    const hanging = vi.fn(
      (_input: RequestInfo | URL, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    const client = createBackendClient({ baseUrl: BASE, fetch: hanging as unknown as typeof fetch, timeoutMs: 20 });
    await expect(client.health()).rejects.toBeInstanceOf(BackendUnreachableError);
  });

  it.each([502, 503, 504])('treats %i from a proxy as unreachable', async (status) => {
    const backend = fakeBackend(BASE, { 'GET /health': () => new Response('down', { status }) });
    await expect(createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).health()).rejects.toBeInstanceOf(BackendUnreachableError);
  });

  it('carries the backend’s machine code and French message', async () => {
    const backend = fakeBackend(BASE, {
      'POST /auth/exchange': () => json(400, { error: 'invalid_code', message: 'Ce code a déjà servi.' }),
    });
    const error = await createBackendClient({ baseUrl: BASE, fetch: backend.fetch })
      .exchange('x', 'v')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_code', message: 'Ce code a déjà servi.' });
  });

  it('uses a French message when the error body is not the contract’s', async () => {
    const backend = fakeBackend(BASE, { 'POST /auth/exchange': () => new Response('<h1>oops</h1>', { status: 500 }) });
    await expect(createBackendClient({ baseUrl: BASE, fetch: backend.fetch }).exchange('x', 'v')).rejects.toMatchObject({
      code: 'http_500',
      message: 'Le serveur Pivot a refusé la demande.',
    });
  });

  it('refuses an answer that does not follow the contract', async () => {
    const backend = fakeBackend(BASE, {
      'POST /auth/exchange': () => json(200, { session: 'short', expires_in: 60 }),
      'POST /auth/logout': () => json(200, { logoutUrl: 'javascript:alert(1)' }),
      'GET /api/me': () => new Response('not json', { status: 200 }),
    });
    const client = createBackendClient({ baseUrl: BASE, fetch: backend.fetch });
    await expect(client.exchange('x', 'v')).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(client.logout('h', { redirectUri: 'r', state: 's' })).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(client.me('h')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

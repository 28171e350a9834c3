import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../backend/sessions/memory';
import { randomToken } from '../../../backend/sessions/secrets';
import { type JsonValue, StoreUnavailableError } from '../../../backend/sessions/store';
import { Browser } from '../../support/browser';
import { FakeClock } from '../../support/fake-clock';
import { CHROME_REDIRECT, getMe, loginForSession, navigate } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/** Session handles (Bearer), their idle and absolute expiry on the injected clock, and logout. */

let stack: Stack;
const clock = new FakeClock(Date.now());
const MINUTE = 60_000;

beforeAll(async () => {
  stack = await startStack({ clock, env: { SESSION_IDLE_TIMEOUT: '1800', SESSION_MAX_AGE: '7200' } });
});
afterAll(async () => {
  await stack?.close();
});

function logout(session: string | undefined, body?: unknown): Promise<Response> {
  return fetch(new URL('/auth/logout', stack.url), {
    method: 'POST',
    headers: {
      ...(session !== undefined ? { authorization: `Bearer ${session}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

describe('the session handle', () => {
  it('is different for every login', async () => {
    const a = await loginForSession(stack.url);
    const b = await loginForSession(stack.url);
    expect(a.session).not.toBe(b.session);
  });

  it('is required: 401 without Authorization, with a Bearer challenge', async () => {
    const response = await getMe(stack.url, undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="pivot"');
    expect(await response.json()).toEqual({ error: 'unauthenticated', message: expect.stringContaining('FranceConnect') });
  });

  it.each([
    ['an empty Bearer', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['two tokens', 'Bearer abc def'],
    ['odd characters', 'Bearer abc$%^'],
    ['a token of the wrong length', 'Bearer abcdef'],
    ['an unknown handle', `Bearer ${randomToken(32)}`],
  ])('is refused as %s: 401 invalid_token', async (_label, authorization) => {
    const response = await getMe(stack.url, undefined, authorization);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_token');
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('expires after 30 idle minutes, and each use restarts that timer', async () => {
    const { session } = await loginForSession(stack.url);
    clock.advance(29 * MINUTE);
    expect((await getMe(stack.url, session)).status).toBe(200);
    clock.advance(29 * MINUTE);
    expect((await getMe(stack.url, session)).status).toBe(200);
    clock.advance(30 * MINUTE);
    const expired = await getMe(stack.url, session);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toMatch(/expiré/);
  });

  it('expires at the absolute limit however active it is', async () => {
    const { session } = await loginForSession(stack.url);
    for (let elapsed = 0; elapsed < 119; elapsed += 17) {
      clock.advance(17 * MINUTE);
      expect((await getMe(stack.url, session)).status).toBe(200);
    }
    clock.advance(1 * MINUTE); // 120 minutes after login
    expect((await getMe(stack.url, session)).status).toBe(401);
  });
});

describe('logout', () => {
  it('ends the session at once and returns FranceConnect’s end-session URL', async () => {
    const { session } = await loginForSession(stack.url);
    const response = await logout(session);
    expect(response.status).toBe(200);
    const { logoutUrl } = (await response.json()) as { logoutUrl: string };
    const url = new URL(logoutUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${stack.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${stack.url}/auth/logout/callback`);
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(22);

    expect((await getMe(stack.url, session)).status).toBe(401);
    expect((await logout(session)).status).toBe(401);
  });

  it('completes at FranceConnect and comes back to a French page', async () => {
    const { session } = await loginForSession(stack.url);
    const { logoutUrl } = (await (await logout(session)).json()) as { logoutUrl: string };
    // FranceConnect shows a form that posts itself (and works without JavaScript); navigate() posts it.
    const outcome = await navigate(new Browser(), new URL(logoutUrl), stack.url);
    if (outcome.kind !== 'page') throw new Error(`expected a page, got ${outcome.kind}`);
    expect(`${outcome.url.origin}${outcome.url.pathname}`).toBe(`${stack.url}/auth/logout/callback`);
    expect(outcome.status).toBe(200);
    expect(outcome.html).toContain('Vous êtes déconnecté');
  });

  it('can come back to the extension instead, with its state', async () => {
    const { session } = await loginForSession(stack.url);
    const response = await logout(session, { redirect_uri: CHROME_REDIRECT, state: 'bye-1' });
    const { logoutUrl } = (await response.json()) as { logoutUrl: string };
    const state = new URL(logoutUrl).searchParams.get('state') ?? '';
    const back = await fetch(new URL(`/auth/logout/callback?state=${encodeURIComponent(state)}`, stack.url), { redirect: 'manual' });
    expect(back.status).toBe(302);
    const location = new URL(back.headers.get('location') ?? '');
    expect(`${location.origin}/`).toBe(CHROME_REDIRECT);
    expect(location.searchParams.get('logout')).toBe('done');
    expect(location.searchParams.get('state')).toBe('bye-1');
  });

  it('refuses a redirect_uri outside the allow-list, and leaves the session alone', async () => {
    const { session } = await loginForSession(stack.url);
    const response = await logout(session, { redirect_uri: 'https://evil.example.org/' });
    expect(response.status).toBe(400);
    expect((await getMe(stack.url, session)).status).toBe(200);
  });

  it('needs a live session', async () => {
    expect((await logout(undefined)).status).toBe(401);
    expect((await logout(randomToken(32))).status).toBe(401);
  });

  it('shows the logged-out page even when FranceConnect drops the state', async () => {
    const response = await fetch(new URL('/auth/logout/callback', stack.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Vous êtes déconnecté');
  });
});

describe('service routes', () => {
  it('GET /health answers, and says whether FranceConnect is reachable', async () => {
    await loginForSession(stack.url);
    const response = await fetch(new URL('/health', stack.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', franceconnect: 'ready' });
  });

  it('serves the DSFR stylesheet its pages use', async () => {
    const response = await fetch(new URL('/assets/dsfr/dsfr.min.css', stack.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/css');
    await response.arrayBuffer();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const api = await fetch(new URL('/api/nothing', stack.url));
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'not_found', message: expect.any(String) });
  });
});

/** A memory store whose writes of logout states fail, as Redis would while it is unreachable. */
class LogoutStateFailingStore extends MemoryStore {
  override async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (key.includes('logout:')) throw new StoreUnavailableError('timeout');
    return super.set(key, value, ttlMs);
  }
}

describe('logout while the store cannot keep its state', () => {
  let failing: Stack;
  beforeAll(async () => {
    failing = await startStack({ store: new LogoutStateFailingStore() });
  });
  afterAll(async () => {
    await failing?.close();
  });

  it('still returns FranceConnect’s end-session URL (the session is already gone), and the callback says « déconnecté »', async () => {
    const { session } = await loginForSession(failing.url);
    const response = await fetch(new URL('/auth/logout', failing.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uri: CHROME_REDIRECT, state: 'bye-2' }),
    });
    expect(response.status).toBe(200);
    const { logoutUrl } = (await response.json()) as { logoutUrl: string };
    const url = new URL(logoutUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${failing.issuer}/session/end`);
    const state = url.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(22);
    expect((await getMe(failing.url, session)).status).toBe(401);
    expect(failing.logs.events('logout_state_unstored')).toHaveLength(1);

    // Unknown state: no way back to the extension, the generic logged-out page instead.
    const back = await fetch(new URL(`/auth/logout/callback?state=${encodeURIComponent(state)}`, failing.url), { redirect: 'manual' });
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('Vous êtes déconnecté');
  });
});

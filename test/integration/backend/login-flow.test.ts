import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticatedEvent } from '../../../backend/auth/routes';
import { s256 } from '../../../backend/auth/transactions';
import { randomToken } from '../../../backend/sessions/secrets';
import { Browser } from '../../support/browser';
import { FakeClock } from '../../support/fake-clock';
import {
  CHROME_REDIRECT,
  exchange,
  FIREFOX_REDIRECT,
  getMe,
  handoffCode,
  loginForSession,
  loginUrl,
  navigate,
  runLogin,
} from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/**
 * The login contract between the extension and the backend, over real HTTP against the
 * simulator: /auth/login → FranceConnect → /auth/callback → extension URL → /auth/exchange → /api/me.
 */

let stack: Stack;
const clock = new FakeClock(Date.now());
const hookCalls: AuthenticatedEvent[] = [];
let hookFails = false;

beforeAll(async () => {
  stack = await startStack({
    clock,
    onAuthenticated: async (event) => {
      hookCalls.push(event);
      if (hookFails) throw new Error('provider down');
      return { probe: { sources: event.sources } };
    },
  });
});
afterAll(async () => {
  await stack?.close();
});

describe('a full login', () => {
  it('ends with the certified identity on /api/me', async () => {
    const { session, expires_in } = await loginForSession(stack.url, { login: 'test', password: '123' });
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(expires_in).toBe(1800);

    const me = await getMe(stack.url, session);
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const body = (await me.json()) as Record<string, unknown> & { identity: Record<string, unknown> };
    expect(body.identity).toMatchObject({
      given_name: 'Angela Claire Louise',
      family_name: 'DUBOIS',
      birthdate: '1962-08-24',
      gender: 'female',
      birthplace: '75107',
      birthcountry: '99100',
    });
    expect(body.identity.sub).toEqual(expect.any(String));
    for (const technical of ['iss', 'aud', 'iat', 'exp', 'nonce']) expect(body.identity).not.toHaveProperty(technical);
    expect(body.acr).toBe('eidas1');
    expect(new Date(String(body.authenticatedAt)).toISOString()).toBe(body.authenticatedAt);
    expect(body.source).toEqual({ provider: 'franceconnect', issuer: stack.issuer, environment: 'simulator' });
  });

  it('returns the extension’s state untouched, and none when it sent none', async () => {
    const withState = await runLogin(stack.url, { state: 'xyz-123_~.' });
    expect(withState.kind === 'extension' && withState.url.searchParams.get('state')).toBe('xyz-123_~.');
    const without = await runLogin(stack.url);
    expect(without.kind === 'extension' && without.url.searchParams.has('state')).toBe(false);
  });

  it('redirects to Firefox’s extension URL when that is the one given', async () => {
    const outcome = await runLogin(stack.url, { redirectUri: FIREFOX_REDIRECT });
    expect(outcome.kind === 'extension' && `${outcome.url.origin}/`).toBe(FIREFOX_REDIRECT);
    expect(handoffCode(outcome)).toMatch(/^[\w-]{43}$/);
  });

  it('binds the login to the browser with a short-lived HttpOnly, SameSite=Lax cookie scoped to the callback', async () => {
    const response = await new Browser().request(loginUrl(stack.url));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.href.startsWith(`${stack.issuer}/authorize`)).toBe(true);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('pivot_login_'));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/auth\/callback/);
    expect(cookie).toMatch(/Max-Age=900/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('runs the post-login step with the access token and the requested sources, once', async () => {
    hookCalls.length = 0;
    await loginForSession(stack.url, { sources: 'cnous_boursier,impot_particulier,cnous_boursier' });
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]?.sources).toEqual(['impot_particulier', 'cnous_boursier']);
    expect(hookCalls[0]?.accessToken).toEqual(expect.any(String));
    expect(hookCalls[0]?.accessTokenExpiresAt).toBeGreaterThan(Date.now());
    expect(hookCalls[0]?.identity.family_name).toBe('DUBOIS');
  });

  it('still logs in when the post-login step fails', async () => {
    hookFails = true;
    try {
      const { session } = await loginForSession(stack.url);
      expect((await getMe(stack.url, session)).status).toBe(200);
      expect(stack.logs.events('on_authenticated_failed')).not.toHaveLength(0);
    } finally {
      hookFails = false;
    }
  });
});

describe('the redirect_uri allow-list', () => {
  it.each([
    ['another Chrome extension', 'https://aaaabbbbccccddddeeeeffffgggghhhh.chromiumapp.org/'],
    ['another Firefox add-on', 'https://0000000000000000000000000000000000000000.extensions.allizom.org/'],
    ['an extra path', `${CHROME_REDIRECT}evil`],
    ['plain http', CHROME_REDIRECT.replace('https:', 'http:')],
    ['a web site', 'https://evil.example.org/'],
    ['not a URL', 'chromiumapp'],
  ])('refuses %s with a 400 and no redirect', async (_label, redirectUri) => {
    const response = await fetch(loginUrl(stack.url, { redirectUri }), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    const html = await response.text();
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('Demande de connexion refusée');
    expect(html).toContain('invalid_redirect_uri');
  });

  it('refuses a missing redirect_uri, in JSON when asked', async () => {
    const response = await fetch(new URL('/auth/login', stack.url), { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_redirect_uri', message: expect.stringContaining('extension Pivot') });
  });

  it.each([
    ['a state with spaces', { state: 'a b' }],
    ['a state too long', { state: 'x'.repeat(513) }],
    ['a malformed sources list', { sources: 'CNAF;rm -rf' }],
    ['a malformed code_challenge', { code_challenge: 'short', code_challenge_method: 'S256' }],
    ['a plain code_challenge_method', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }],
  ])('refuses %s', async (_label, params) => {
    const url = loginUrl(stack.url);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const response = await fetch(url, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('the callback refuses', () => {
  it('a tampered state, on a French page and without redirecting', async () => {
    const stopped = await runLogin(stack.url, { stopAtCallback: true });
    if (stopped.kind !== 'callback') throw new Error(`expected the callback, got ${stopped.kind}`);
    const tampered = new URL(stopped.url);
    const state = tampered.searchParams.get('state') ?? '';
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    const response = await stopped.browser.request(tampered);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('Cette connexion a expiré');
    expect(html).not.toMatch(/at \w+ \(|Error:/); // no stack trace
    expect(stack.logs.lastRejection()).toEqual({ error: 'login_expired', reason: 'state.unknown' });
  });

  it('a replayed state', async () => {
    const stopped = await runLogin(stack.url, { stopAtCallback: true });
    if (stopped.kind !== 'callback') throw new Error(`expected the callback, got ${stopped.kind}`);
    const first = await navigate(stopped.browser, stopped.url, stack.url);
    expect(handoffCode(first)).toMatch(/^[\w-]{43}$/);
    const replay = await stopped.browser.request(stopped.url);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('login_expired');
  });

  it('a callback without state', async () => {
    const response = await fetch(new URL('/auth/callback?code=abc', stack.url), { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(stack.logs.lastRejection()).toEqual({ error: 'login_expired', reason: 'state.missing' });
  });

  it('a callback finished in another browser (no binding cookie): 403, no redirect, no session', async () => {
    const stopped = await runLogin(stack.url, { stopAtCallback: true });
    if (stopped.kind !== 'callback') throw new Error(`expected the callback, got ${stopped.kind}`);
    const otherBrowser = new Browser();
    const response = await otherBrowser.request(stopped.url);
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Connexion commencée ailleurs');
    expect(stack.logs.lastRejection()).toEqual({ error: 'browser_mismatch', reason: 'state.browser' });
    // And the state is spent: the original browser cannot finish it either.
    const late = await stopped.browser.request(stopped.url);
    expect(late.status).toBe(400);
  });

  it('a code already used (replayed under a fresh login’s state)', async () => {
    const a = await runLogin(stack.url, { stopAtCallback: true });
    if (a.kind !== 'callback') throw new Error(`expected the callback, got ${a.kind}`);
    expect(handoffCode(await navigate(a.browser, a.url, stack.url))).toBeTruthy();

    const b = await runLogin(stack.url, { stopAtCallback: true, browser: a.browser });
    if (b.kind !== 'callback') throw new Error(`expected the callback, got ${b.kind}`);
    const forged = new URL(b.url);
    forged.searchParams.set('code', a.url.searchParams.get('code') ?? '');
    const outcome = await navigate(b.browser, forged, stack.url);
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('error')).toBe('token_rejected');
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('code')).toBeNull();
  });

  it('a code that expired at FranceConnect (30 s) before the callback used it', async () => {
    const stopped = await runLogin(stack.url, { stopAtCallback: true });
    if (stopped.kind !== 'callback') throw new Error(`expected the callback, got ${stopped.kind}`);
    stack.simulator.advanceTime(31);
    const outcome = await navigate(stopped.browser, stopped.url, stack.url);
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('error')).toBe('token_rejected');
    expect(stack.logs.lastRejection()).toEqual({ error: 'token_rejected', reason: 'token.invalid_grant' });
  });

  it('a code from another login (wrong nonce): code injection', async () => {
    const victim = await runLogin(stack.url, { stopAtCallback: true });
    if (victim.kind !== 'callback') throw new Error(`expected the callback, got ${victim.kind}`);
    // The attacker, in their own browser, swaps their code for the victim's leaked one.
    const attacker = await runLogin(stack.url, { stopAtCallback: true });
    if (attacker.kind !== 'callback') throw new Error(`expected the callback, got ${attacker.kind}`);
    const injected = new URL(attacker.url);
    injected.searchParams.set('code', victim.url.searchParams.get('code') ?? '');
    const outcome = await navigate(attacker.browser, injected, stack.url);
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('error')).toBe('invalid_id_token');
    expect(stack.logs.lastRejection()).toEqual({ error: 'invalid_id_token', reason: 'id_token.nonce' });
  });

  it('nothing when the citizen cancels at FranceConnect: access_denied, explained in French', async () => {
    const outcome = await runLogin(stack.url, { cancel: true, state: 'cancelled-1' });
    if (outcome.kind !== 'extension') throw new Error(`expected the extension URL, got ${outcome.kind}`);
    expect(outcome.url.searchParams.get('error')).toBe('access_denied');
    expect(outcome.url.searchParams.get('error_description')).toBe(
      'Vous avez annulé la connexion avec FranceConnect. Aucune donnée n’a été transmise à Pivot.',
    );
    expect(outcome.url.searchParams.get('state')).toBe('cancelled-1');
    expect(outcome.url.searchParams.get('code')).toBeNull();
    expect(stack.logs.lastRejection()).toEqual({ error: 'access_denied', reason: 'provider.access_denied' });
  });

  it('FranceConnect’s error with an unknown state, explained on a French page', async () => {
    const url = new URL('/auth/callback', stack.url);
    url.searchParams.set('error', 'access_denied');
    url.searchParams.set('error_description', 'User auth aborted');
    url.searchParams.set('state', 'undefined');
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Connexion annulée');
    expect(html).toContain('Vous avez annulé la connexion avec FranceConnect');
    expect(html).toContain('User auth aborted');
  });

  it('and never lets a page carry a referrer or be cached', async () => {
    const response = await fetch(new URL('/auth/callback?state=x', stack.url), { redirect: 'manual' });
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('the handoff code', () => {
  it('works once', async () => {
    const code = handoffCode(await runLogin(stack.url));
    expect((await exchange(stack.url, { code })).status).toBe(200);
    const again = await exchange(stack.url, { code });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant', message: expect.stringContaining('déjà utilisé') });
  });

  it('expires after 60 seconds', async () => {
    const code = handoffCode(await runLogin(stack.url));
    clock.advance(60_000);
    const late = await exchange(stack.url, { code });
    expect(late.status).toBe(400);
    expect(((await late.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('is still valid just before', async () => {
    const code = handoffCode(await runLogin(stack.url));
    clock.advance(59_000);
    expect((await exchange(stack.url, { code })).status).toBe(200);
  });

  it('is refused when unknown', async () => {
    const response = await exchange(stack.url, { code: randomToken(32) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it.each([
    ['no code', {}],
    ['a short code', { code: 'abc' }],
    ['a non-string code', { code: 42 }],
  ])('is refused with %s', async (_label, body) => {
    const response = await exchange(stack.url, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_request', message: expect.any(String) });
  });

  it('is refused as malformed JSON or an oversized body', async () => {
    const malformed = await fetch(new URL('/auth/exchange', stack.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBe('invalid_request');
    const huge = await fetch(new URL('/auth/exchange', stack.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x'.repeat(10_000) }),
    });
    expect(huge.status).toBe(413);
  });

  describe('with a code_challenge at login (optional, S256)', () => {
    it('needs the matching verifier', async () => {
      const verifier = randomToken(48);
      const code = handoffCode(await runLogin(stack.url, { codeChallenge: s256(verifier) }));
      const response = await exchange(stack.url, { code, code_verifier: verifier });
      expect(response.status).toBe(200);
    });

    it('refuses a missing or wrong verifier, and burns the code', async () => {
      const verifier = randomToken(48);
      const code = handoffCode(await runLogin(stack.url, { codeChallenge: s256(verifier) }));
      expect((await exchange(stack.url, { code })).status).toBe(400);
      expect((await exchange(stack.url, { code, code_verifier: verifier })).status).toBe(400);

      const code2 = handoffCode(await runLogin(stack.url, { codeChallenge: s256(verifier) }));
      expect((await exchange(stack.url, { code: code2, code_verifier: randomToken(48) })).status).toBe(400);
    });
  });
});

describe('logs', () => {
  it('never contain a token, a code, a state, a handle or a claim', async () => {
    const outcome = await runLogin(stack.url, { state: 'client-state-secret' });
    const code = handoffCode(outcome);
    const callback = outcome.kind === 'extension' ? outcome.callbackUrl : undefined;
    const { session } = (await (await exchange(stack.url, { code })).json()) as { session: string };
    const me = (await (await getMe(stack.url, session)).json()) as { identity: Record<string, string> };
    const logout = await fetch(new URL('/auth/logout', stack.url), { method: 'POST', headers: { authorization: `Bearer ${session}` } });
    expect(logout.status).toBe(200);

    const dump = stack.logs.dump();
    const secrets = [
      session,
      code,
      'client-state-secret',
      callback?.searchParams.get('code'),
      callback?.searchParams.get('state'),
      me.identity.sub,
      me.identity.family_name,
      me.identity.given_name,
      me.identity.birthdate,
      me.identity.email,
      hookCalls.at(-1)?.accessToken,
    ];
    for (const secret of secrets) {
      expect(secret).toBeTruthy();
      expect(dump).not.toContain(secret);
    }
  });
});

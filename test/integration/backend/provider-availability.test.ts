import { afterAll, describe, expect, it } from 'vitest';
import { type HostileProvider, startHostileProvider } from '../../support/hostile-provider';
import { CHROME_REDIRECT, handoffCode, loginForSession, runLogin } from '../../support/login';
import { type RunningTestBackend, startBackend, TEST_CLIENT } from '../../support/stack';

/**
 * FranceConnect momentarily down: the backend still starts and says so, refuses logins with a
 * clear error, and picks up on its own once FranceConnect answers again. Plus the revocation of the
 * access token at logout.
 */

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of cleanup.reverse()) await close();
});

describe('FranceConnect unreachable at start-up', () => {
  it('starts anyway, reports it, and recovers when FranceConnect comes back', async () => {
    // Take a free port, then leave it empty: the issuer is down.
    const probe = await startHostileProvider({ clientId: TEST_CLIENT.client_id, clientSecret: TEST_CLIENT.client_secret });
    const port = Number(new URL(probe.issuer).port);
    const issuer = probe.issuer;
    await probe.close();

    const backend = await startBackend(issuer);
    cleanup.push(() => backend.close());
    expect(await (await fetch(new URL('/health', backend.url))).json()).toEqual({ status: 'ok', franceconnect: 'pending' });

    const refused = await runLogin(backend.url, { state: 's1' });
    expect(refused.kind).toBe('extension');
    if (refused.kind !== 'extension') return;
    expect(`${refused.url.origin}/`).toBe(CHROME_REDIRECT);
    expect(refused.url.searchParams.get('error')).toBe('provider_unavailable');
    expect(refused.url.searchParams.get('error_description')).toMatch(/Réessayez dans quelques minutes/);
    expect(refused.url.searchParams.get('state')).toBe('s1');
    expect(await (await fetch(new URL('/health', backend.url))).json()).toEqual({ status: 'ok', franceconnect: 'unavailable' });
    expect(backend.logs.events('discovery_failed')).not.toHaveLength(0);

    const provider = await startHostileProvider({ clientId: TEST_CLIENT.client_id, clientSecret: TEST_CLIENT.client_secret, port });
    cleanup.push(() => provider.close());
    expect(handoffCode(await runLogin(backend.url))).toMatch(/^[\w-]{43}$/);
    expect(await (await fetch(new URL('/health', backend.url))).json()).toEqual({ status: 'ok', franceconnect: 'ready' });
  });
});

describe('logout at a provider that records revocations', () => {
  let provider: HostileProvider;
  let backend: RunningTestBackend;

  it('revokes the still-valid access token with exactly token, client_id and client_secret', async () => {
    provider = await startHostileProvider({ clientId: TEST_CLIENT.client_id, clientSecret: TEST_CLIENT.client_secret });
    cleanup.push(() => provider.close());
    backend = await startBackend(provider.issuer);
    cleanup.push(() => backend.close());

    const { session } = await loginForSession(backend.url);
    const response = await fetch(new URL('/auth/logout', backend.url), { method: 'POST', headers: { authorization: `Bearer ${session}` } });
    expect(response.status).toBe(200);
    expect(provider.revocations).toHaveLength(1);
    const revocation = provider.revocations[0];
    expect([...(revocation?.keys() ?? [])].sort()).toEqual(['client_id', 'client_secret', 'token']);
    expect(revocation?.get('client_id')).toBe(TEST_CLIENT.client_id);
    expect(revocation?.get('token')?.length).toBeGreaterThanOrEqual(43);
  });
});

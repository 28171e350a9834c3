import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { configStore, KEYS, sessionStore } from '../../../extension/lib/storage';
import { DEFAULT_BACKEND_URL } from '../../../extension/lib/config';
import { ME } from '../../fixtures/extension/me';

describe('storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('uses the fake browser', () => {
    expect(browser).toBe(fakeBrowser);
  });

  it('keeps the session and identity in storage.session only', async () => {
    await sessionStore.saveLogin({ handle: 'h'.repeat(32), backendUrl: DEFAULT_BACKEND_URL, expiresAt: 2000 }, ME, 1000);
    expect(await sessionStore.getSession()).toEqual({ handle: 'h'.repeat(32), backendUrl: DEFAULT_BACKEND_URL, expiresAt: 2000 });
    expect((await sessionStore.getIdentity())?.me.identity.family_name).toBe('DUBOIS');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('treats a stored value that does not parse as absent', async () => {
    await fakeBrowser.storage.session.set({ [KEYS.session]: { handle: 42 }, [KEYS.outcome]: { kind: 'nope' } });
    expect(await sessionStore.getSession()).toBeUndefined();
    expect(await sessionStore.getOutcome()).toBeUndefined();
  });

  it('wipeIdentity removes the handle and the identity but not the backend URL', async () => {
    await configStore.setBackendUrl('https://pivot.example.fr');
    await sessionStore.saveLogin({ handle: 'h'.repeat(32), backendUrl: 'https://pivot.example.fr', expiresAt: 2000 }, ME, 1000);
    await sessionStore.wipeIdentity();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await configStore.getBackendUrl()).toBe('https://pivot.example.fr');
  });

  it('the backend URL defaults to localhost:3000, and the default is not stored', async () => {
    expect(await configStore.getBackendUrl()).toBe(DEFAULT_BACKEND_URL);
    await configStore.setBackendUrl('http://127.0.0.1:4000');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ [KEYS.backendUrl]: 'http://127.0.0.1:4000' });
    await configStore.setBackendUrl(DEFAULT_BACKEND_URL);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('ignores a stored backend URL that is not acceptable', async () => {
    await fakeBrowser.storage.local.set({ [KEYS.backendUrl]: 'http://evil.example.com' });
    expect(await configStore.getBackendUrl()).toBe(DEFAULT_BACKEND_URL);
  });
});

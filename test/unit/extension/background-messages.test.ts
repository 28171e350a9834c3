import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../extension/entrypoints/background';
import { createSessionMessageListener, isExtensionPage } from '../../../extension/lib/background-messages';
import { createSessionService, type SessionService } from '../../../extension/lib/session-service';
import { KEYS } from '../../../extension/lib/storage';
import { ME } from '../../fixtures/extension/me';

const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const contentScriptSender = () => ({ id: fakeBrowser.runtime.id, url: 'https://www.demarches-simplifiees.fr/commencer/x', tab: { id: 7 } as never });

describe('background messages', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('tells the extension’s own pages from content scripts and other extensions', () => {
    expect(isExtensionPage(popupSender())).toBe(true);
    expect(isExtensionPage({ ...popupSender(), tab: { id: 3 } as never })).toBe(true); // the popup opened in a tab
    expect(isExtensionPage(contentScriptSender())).toBe(false);
    expect(isExtensionPage({ id: 'another-extension', url: 'chrome-extension://another-extension/popup.html' })).toBe(false);
    expect(isExtensionPage({ id: fakeBrowser.runtime.id })).toBe(false);
  });

  it('answers a valid request from the popup', async () => {
    const listener = createSessionMessageListener(createSessionService());
    await expect(listener({ type: 'session/get' }, popupSender())).resolves.toEqual({ ok: true, view: { status: 'logged-out' } });
  });

  it('refuses session requests from a content script', async () => {
    const service = createSessionService();
    const login = vi.spyOn(service, 'login');
    const listener = createSessionMessageListener(service);
    await expect(listener({ type: 'session/login' }, contentScriptSender())).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Demande refusée.' },
    });
    expect(login).not.toHaveBeenCalled();
  });

  it.each([undefined, null, 'session/get', { type: 'session/steal' }, { type: 'fill/start' }, { kind: 'session/get' }])(
    'leaves %j to other listeners',
    (message) => {
      const listener = createSessionMessageListener(createSessionService());
      expect(listener(message, popupSender())).toBeUndefined();
    },
  );

  it('reports an internal failure without details', async () => {
    const service = { view: () => Promise.reject(new Error('storage broke')) } as unknown as SessionService;
    await expect(createSessionMessageListener(service)({ type: 'session/get' }, popupSender())).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('the background entry point wires the listener and announces changes to extension pages', async () => {
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/');
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockRejectedValue(new Error('The user did not approve access.'));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 200 })),
    );
    const broadcasts: unknown[] = [];
    background.main();
    fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
      broadcasts.push(message);
      return undefined;
    });

    const [reply] = await fakeBrowser.runtime.onMessage.trigger({ type: 'session/login' }, popupSender());
    expect(reply).toEqual({ ok: true, view: { status: 'logging-in' } });
    await vi.waitFor(async () => {
      const [state] = await fakeBrowser.runtime.onMessage.trigger({ type: 'session/get' }, popupSender());
      expect(state).toEqual({ ok: true, view: { status: 'logged-out', notice: 'cancelled' } });
    });
    expect(broadcasts).toContainEqual({ type: 'session/changed' });
    vi.unstubAllGlobals();
  });

  it('never gives the identity to a content script, even when logged in', async () => {
    await fakeBrowser.storage.session.set({
      [KEYS.session]: { handle: 'h'.repeat(32), backendUrl: 'http://localhost:3000', expiresAt: Date.now() + 60_000 },
      [KEYS.identity]: { me: ME, fetchedAt: Date.now() },
    });
    background.main();
    const replies = await fakeBrowser.runtime.onMessage.trigger({ type: 'session/get' }, contentScriptSender());
    expect(JSON.stringify(replies)).not.toContain('DUBOIS');
    expect(replies).toContainEqual({ ok: false, error: { code: 'forbidden', message: 'Demande refusée.' } });
  });
});

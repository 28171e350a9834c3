import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../extension/entrypoints/background';
import { DEFAULT_BACKEND_URL } from '../../../extension/lib/config';
import { dataClient, offeredSources } from '../../../extension/lib/data-client';
import { createDataMessageListener, type DataService } from '../../../extension/lib/data-messages';
import { createDataService } from '../../../extension/lib/data-service';
import { configStore, KEYS, sessionStore } from '../../../extension/lib/storage';
import { SIMULATED_DATA } from '../../fixtures/extension/data';
import { ME } from '../../fixtures/extension/me';
import { fakeBackend, json } from '../../support/extension/fake-backend';

const HANDLE = 'session-handle-0123456789abcdef';
const T0 = Date.parse('2026-11-26T09:10:00Z');
const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const contentScriptSender = () => ({ id: fakeBrowser.runtime.id, url: 'https://www.demarches-simplifiees.fr/commencer/x', tab: { id: 7 } as never });

describe('data/get (background)', () => {
  let answer: () => Response;
  let backend: ReturnType<typeof fakeBackend>;
  let changes: number;
  const service = () => createDataService({ fetch: backend.fetch, now: () => T0, onChange: () => changes++ });

  async function logIn(expiresAt = T0 + 1800_000) {
    await sessionStore.saveLogin({ handle: HANDLE, backendUrl: DEFAULT_BACKEND_URL, expiresAt }, ME, T0);
  }

  beforeEach(() => {
    fakeBrowser.reset();
    changes = 0;
    answer = () => json(200, SIMULATED_DATA);
    backend = fakeBackend(DEFAULT_BACKEND_URL, {
      'GET /api/data': (r) => (r.headers.get('authorization') === `Bearer ${HANDLE}` ? answer() : json(401, { error: 'invalid_token' })),
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('reads GET /api/data once with the session handle, then answers from storage.session', async () => {
    await logIn();
    const first = await service().get();
    expect(first).toEqual({ ok: true, sources: SIMULATED_DATA.sources });
    expect(await service().get()).toEqual(first);
    expect(backend.calls('GET', '/api/data')).toHaveLength(1);
    expect((await sessionStore.getData())?.sources).toHaveLength(12);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('answers logged-out without a session, with an expired one, or one of another backend, and calls nobody', async () => {
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'logged-out' } });
    await logIn(T0 - 1);
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'logged-out' } });
    await logIn();
    await configStore.setBackendUrl('https://pivot.example.org');
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'logged-out' } });
    expect(backend.seen).toEqual([]);
  });

  it('ends the session when the backend no longer knows it (401), and says so', async () => {
    await logIn();
    answer = () => json(401, { error: 'invalid_token' });
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'expired', message: expect.stringContaining('Reconnectez-vous') } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ [KEYS.outcome]: { kind: 'expired' } });
    expect(changes).toBe(1);
  });

  it('keeps the session when the backend does not answer or breaks the contract, and caches nothing', async () => {
    await logIn();
    backend.down();
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    backend.up();
    answer = () => json(200, { sources: 'none' });
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'backend' } });
    answer = () => json(500, { error: 'server_error', message: 'Erreur.' });
    expect(await service().get()).toMatchObject({ ok: false, error: { code: 'backend' } });
    expect(await sessionStore.getSession()).toBeDefined();
    expect(await sessionStore.getData()).toBeUndefined();
  });

  it('does not keep data that arrives after a logout', async () => {
    await logIn();
    answer = () => {
      void sessionStore.wipeIdentity();
      return json(200, SIMULATED_DATA);
    };
    const reply = await service().get();
    expect(reply.ok).toBe(true);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  describe('message', () => {
    it('answers the extension’s pages, refuses content scripts, and leaves other messages alone', async () => {
      const fake: DataService = { get: vi.fn(async () => ({ ok: true as const, sources: [] })), offered: vi.fn() };
      const listener = createDataMessageListener(fake);
      await expect(listener({ type: 'data/get' }, popupSender())).resolves.toEqual({ ok: true, sources: [] });
      await expect(listener({ type: 'data/get' }, contentScriptSender())).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Demande refusée.' },
      });
      expect(fake.get).toHaveBeenCalledTimes(1);
      for (const other of [undefined, 'data/get', { type: 'data/steal' }, { type: 'session/get' }, { type: 'fill/scan' }]) {
        expect(listener(other, popupSender())).toBeUndefined();
      }
    });

    it('reports an internal failure without details', async () => {
      const listener = createDataMessageListener({ get: () => Promise.reject(new Error('storage broke')), offered: vi.fn() });
      await expect(listener({ type: 'data/get' }, popupSender())).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    });

    it('the background entry point answers data/get from its pages, never from a content script', async () => {
      vi.stubGlobal('fetch', backend.fetch);
      await sessionStore.saveLogin({ handle: HANDLE, backendUrl: DEFAULT_BACKEND_URL, expiresAt: Date.now() + 60_000 }, ME, T0);
      background.main();
      const [reply] = (await fakeBrowser.runtime.onMessage.trigger({ type: 'data/get' }, popupSender())).filter(Boolean);
      expect(reply).toEqual({ ok: true, sources: SIMULATED_DATA.sources });
      const replies = await fakeBrowser.runtime.onMessage.trigger({ type: 'data/get' }, contentScriptSender());
      expect(JSON.stringify(replies)).not.toContain('52340');
      expect(replies).toContainEqual({ ok: false, error: { code: 'forbidden', message: 'Demande refusée.' } });
      vi.unstubAllGlobals();
    });

    it('the popup side parses the background’s reply', async () => {
      vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, sources: SIMULATED_DATA.sources } as never);
      expect(await dataClient.get()).toEqual({ ok: true, sources: SIMULATED_DATA.sources });
      expect(fakeBrowser.runtime.sendMessage).toHaveBeenCalledWith({ type: 'data/get' });
    });

    it('the popup side turns a missing or malformed reply into a French error', async () => {
      vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, sources: 'x' } as never);
      expect(await dataClient.get()).toMatchObject({ ok: false, error: { code: 'no-background' } });
      vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection.'));
      expect(await dataClient.get()).toMatchObject({ ok: false, error: { code: 'no-background' } });
    });
  });
});

describe('data/offered (background): the sources the backend offers, before login', () => {
  let backend: ReturnType<typeof fakeBackend>;
  let answer: () => Response;
  const service = () => createDataService({ fetch: backend.fetch, now: () => T0 });

  beforeEach(() => {
    fakeBrowser.reset();
    answer = () =>
      json(200, {
        sources: [
          { id: 'impot_particulier', label: 'Impôt sur le revenu (DGFiP)', provider: 'dgfip' },
          { id: 'cnaf_quotient_familial', label: 'Quotient familial (CAF)', provider: 'api_particulier' },
        ],
      });
    backend = fakeBackend(DEFAULT_BACKEND_URL, { 'GET /api/sources': () => answer() });
  });
  afterEach(() => vi.restoreAllMocks());

  it('asks GET /api/sources of the configured backend, without any session, and answers the ids in the fixed order', async () => {
    expect(await service().offered()).toEqual({ ok: true, sources: ['impot_particulier', 'cnaf_quotient_familial'] });
    const [call] = backend.calls('GET', '/api/sources');
    expect(call?.headers.get('authorization')).toBeNull();
    // Order and unknown ids: the extension's fixed order, ids it does not know left out.
    answer = () => json(200, { sources: [{ id: 'famille_nombreuse', label: 'x' }, { id: 'impots_locaux', label: 'y' }, { id: 'cnam_droits', label: 'z' }] });
    expect(await service().offered()).toEqual({ ok: true, sources: ['cnam_droits', 'famille_nombreuse'] });
    answer = () => json(200, { sources: [] });
    expect(await service().offered()).toEqual({ ok: true, sources: [] });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('says so when the backend is unreachable, has no such route or breaks the contract (the popup then shows the twelve)', async () => {
    backend.down();
    expect(await service().offered()).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    backend.up();
    answer = () => json(404, { error: 'not_found', message: 'Introuvable.' });
    expect(await service().offered()).toMatchObject({ ok: false, error: { code: 'backend' } });
    answer = () => json(200, { sources: 'all' });
    expect(await service().offered()).toMatchObject({ ok: false, error: { code: 'backend' } });
    answer = () => json(200, { sources: Array.from({ length: 65 }, () => ({ id: 'cnam_ij', label: 'x' })) });
    expect(await service().offered()).toMatchObject({ ok: false, error: { code: 'backend' } });
  });

  it('the message is parsed at both ends, answered to the extension’s pages only', async () => {
    const fake: DataService = { get: vi.fn(), offered: vi.fn(async () => ({ ok: true as const, sources: ['cnam_ij' as const] })) };
    const listener = createDataMessageListener(fake);
    await expect(listener({ type: 'data/offered' }, popupSender())).resolves.toEqual({ ok: true, sources: ['cnam_ij'] });
    await expect(listener({ type: 'data/offered' }, contentScriptSender())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(listener({ type: 'data/offered', extra: 1 }, popupSender())).toBeDefined();
    expect(fake.offered).toHaveBeenCalledTimes(2);
    expect(fake.get).not.toHaveBeenCalled();

    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    send.mockResolvedValue({ ok: true, sources: ['impot_particulier'] } as never);
    expect(await offeredSources()).toEqual(['impot_particulier']);
    expect(send).toHaveBeenCalledWith({ type: 'data/offered' });
    // Not known: undefined, and the choice shows the twelve.
    send.mockResolvedValue({ ok: false, error: { code: 'unreachable', message: 'x' } } as never);
    expect(await offeredSources()).toBeUndefined();
    send.mockResolvedValue({ ok: true, sources: ['impots_locaux'] } as never);
    expect(await offeredSources()).toBeUndefined();
    send.mockRejectedValue(new Error('Could not establish connection.'));
    expect(await offeredSources()).toBeUndefined();
  });

  it('the background entry point answers data/offered', async () => {
    vi.stubGlobal('fetch', backend.fetch);
    background.main();
    const [reply] = (await fakeBrowser.runtime.onMessage.trigger({ type: 'data/offered' }, popupSender())).filter(Boolean);
    expect(reply).toEqual({ ok: true, sources: ['impot_particulier', 'cnaf_quotient_familial'] });
    vi.unstubAllGlobals();
  });
});

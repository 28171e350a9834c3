import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SessionReply, SessionRequest, SessionView } from '../../../extension/lib/messages';
import { popupClient, type PopupClient } from '../../../extension/lib/popup-client';
import { PopupApp } from '../../../extension/ui/PopupApp';
import { ME } from '../../fixtures/extension/me';
import { expectFrenchTypography } from '../../support/extension/typography';

/** A background that answers from a script and records what the popup asked. */
function scriptedClient(answers: Partial<Record<SessionRequest['type'], SessionReply | SessionReply[]>>) {
  const asked: SessionRequest['type'][] = [];
  let changed: () => void = () => undefined;
  const openOptions = vi.fn<() => void>();
  const client: PopupClient & { asked: typeof asked; fireChanged(): void; openOptions: typeof openOptions } = {
    asked,
    request: vi.fn(async (request: SessionRequest) => {
      asked.push(request.type);
      const answer = answers[request.type];
      const reply = Array.isArray(answer) ? (answer.length > 1 ? answer.shift() : answer[0]) : answer;
      return reply ?? ({ ok: false, error: { code: 'unscripted', message: 'Pas de réponse.' } } as const);
    }),
    onChanged(callback) {
      changed = callback;
      return () => {
        changed = () => undefined;
      };
    },
    fireChanged: () => changed(),
    openOptions,
  };
  return client;
}

const view = (v: SessionView): SessionReply => ({ ok: true, view: v });
const noPlaces = () => Promise.resolve(undefined);

afterEach(cleanup);

describe('popup app', () => {
  it('shows the not-logged-in screen, and starts the login in the background on click', async () => {
    const client = scriptedClient({ 'session/get': view({ status: 'logged-out' }), 'session/login': view({ status: 'logging-in' }) });
    const { container } = render(<PopupApp client={client} loadPlaces={noPlaces} />);
    const button = await screen.findByRole('button', { name: 'S’identifier avec FranceConnect' });
    fireEvent.click(button);
    await screen.findByRole('heading', { name: 'Connexion en cours…' });
    expect(client.asked).toEqual(['session/get', 'session/login']);
    // The logging-in screen replaced another: it takes focus, for keyboards and screen readers.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 })));
    expectFrenchTypography(container);
  });

  it('shows the cached identity at once, then checks the session with the backend', async () => {
    const client = scriptedClient({ 'session/get': view({ status: 'logged-in', me: ME }), 'session/refresh': view({ status: 'logged-in', me: ME }) });
    render(<PopupApp client={client} loadPlaces={noPlaces} timeZone="Europe/Paris" />);
    await screen.findByRole('heading', { name: 'Mon identité certifiée' });
    await waitFor(() => expect(client.asked).toEqual(['session/get', 'session/refresh']));
    expect(document.activeElement).not.toBe(screen.getByRole('heading', { level: 1 }));
  });

  it('switches to the expired screen when the refresh finds the session gone', async () => {
    const client = scriptedClient({ 'session/get': view({ status: 'logged-in', me: ME }), 'session/refresh': view({ status: 'expired' }) });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    await screen.findByRole('heading', { name: 'Votre session a expiré' });
    expect(screen.queryByText('DUBOIS')).toBeNull();
  });

  it('logs out on « Se déconnecter »', async () => {
    const client = scriptedClient({
      'session/get': view({ status: 'logged-in', me: ME }),
      'session/refresh': view({ status: 'logged-in', me: ME }),
      'session/logout': view({ status: 'logging-out' }),
    });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Se déconnecter' }));
    await screen.findByRole('heading', { name: 'Déconnexion en cours…' });
    expect(client.asked).toContain('session/logout');
  });

  it('follows the background when it says the session changed', async () => {
    const client = scriptedClient({
      'session/get': [view({ status: 'logging-in' }), view({ status: 'fc-error', code: 'access_denied', message: 'Refusé par FranceConnect.' })],
    });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    await screen.findByRole('heading', { name: 'Connexion en cours…' });
    client.fireChanged();
    await screen.findByRole('heading', { name: 'FranceConnect n’a pas pu vous identifier' });
    expect(screen.getByRole('alert').textContent).toBe('Refusé par FranceConnect.');
  });

  it('retries the login from the unreachable screen, and opens the options', async () => {
    const client = scriptedClient({
      'session/get': view({ status: 'unreachable', backendUrl: 'http://localhost:3000', retry: 'login' }),
      'session/login': view({ status: 'logging-in' }),
    });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Ouvrir les options' }));
    expect(client.openOptions).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(client.asked).toContain('session/login'));
  });

  it('retries the refresh when the unreachable screen came from a live session', async () => {
    const client = scriptedClient({
      'session/get': view({ status: 'logged-in', me: ME }),
      'session/refresh': [view({ status: 'unreachable', backendUrl: 'http://localhost:3000', retry: 'refresh' }), view({ status: 'logged-in', me: ME })],
    });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Réessayer' }));
    await screen.findByRole('heading', { name: 'Mon identité certifiée' });
    expect(client.asked).toEqual(['session/get', 'session/refresh', 'session/refresh']);
  });

  it('has an Options button in its header', async () => {
    const client = scriptedClient({ 'session/get': view({ status: 'logged-out' }) });
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Options' }));
    expect(client.openOptions).toHaveBeenCalled();
  });

  it('says so when the background does not answer', async () => {
    const client = scriptedClient({});
    render(<PopupApp client={client} loadPlaces={noPlaces} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Pas de réponse.');
  });
});

describe('popup client (messages to the background)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.restoreAllMocks());

  it('parses the background’s reply', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve({ ok: true, view: { status: 'expired' } }));
    await expect(popupClient.request({ type: 'session/get' })).resolves.toEqual({ ok: true, view: { status: 'expired' } });
  });

  it('refuses a reply that does not follow the schema', async () => {
    fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve({ ok: true, view: { status: 'logged-in', me: { identity: {} } } }));
    await expect(popupClient.request({ type: 'session/get' })).resolves.toMatchObject({ ok: false, error: { code: 'no-background' } });
  });

  it('reports a missing background', async () => {
    await expect(popupClient.request({ type: 'session/get' })).resolves.toMatchObject({ ok: false, error: { code: 'no-background' } });
  });

  it('hears only valid session/changed broadcasts', async () => {
    const callback = vi.fn();
    const unsubscribe = popupClient.onChanged(callback);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'session/changed' }, {});
    await fakeBrowser.runtime.onMessage.trigger({ type: 'session/changed', identity: 'x' }, {});
    await fakeBrowser.runtime.onMessage.trigger({ type: 'other' }, {});
    expect(callback).toHaveBeenCalledTimes(2);
    unsubscribe();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'session/changed' }, {}).catch(() => undefined);
    expect(callback).toHaveBeenCalledTimes(2);
  });

  it('opens the options page', () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    popupClient.openOptions();
    expect(open).toHaveBeenCalled();
  });
});

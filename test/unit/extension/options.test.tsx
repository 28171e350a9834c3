import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { optionsEnvironment, type HealthResult, type OptionsEnvironment } from '../../../extension/lib/options-environment';
import { KEYS } from '../../../extension/lib/storage';
import { OptionsApp } from '../../../extension/ui/OptionsApp';
import { expectFrenchTypography } from '../../support/extension/typography';

function fakeEnv(overrides: Partial<OptionsEnvironment> = {}, saved = 'http://localhost:3000', health: HealthResult = 'ok') {
  let url = saved;
  const env = {
    getBackendUrl: vi.fn(async () => url),
    setBackendUrl: vi.fn<(next: string) => Promise<void>>(async (next) => {
      url = next;
    }),
    requestHostPermission: vi.fn(async () => true),
    removeHostPermission: vi.fn(async () => undefined),
    checkHealth: vi.fn(async () => health),
    ...overrides,
  };
  return env;
}

async function typeAndSave(value: string) {
  const input = (await screen.findByLabelText(/Adresse du serveur Pivot/)) as HTMLInputElement;
  await waitFor(() => expect(input.value).not.toBe(''));
  fireEvent.input(input, { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
  return input;
}

afterEach(cleanup);

describe('options page', () => {
  it('shows the saved backend URL in a labelled field', async () => {
    const { container } = render(<OptionsApp env={fakeEnv()} />);
    const input = (await screen.findByLabelText(/Adresse du serveur Pivot/)) as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('http://localhost:3000'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Options de Pivot');
    expectFrenchTypography(container);
  });

  it('asks for the host permission of a non-default backend, saves it and checks it answers', async () => {
    const env = fakeEnv();
    render(<OptionsApp env={env} firefox={false} />);
    await typeAndSave('http://127.0.0.1:4000/');
    await screen.findByText(/Adresse enregistrée. Le serveur Pivot répond à l’adresse http:\/\/127.0.0.1:4000/);
    expect(env.requestHostPermission).toHaveBeenCalledWith('http://127.0.0.1:4000/*');
    expect(env.setBackendUrl).toHaveBeenCalledWith('http://127.0.0.1:4000');
    expect(env.checkHealth).toHaveBeenCalledWith('http://127.0.0.1:4000');
    expect(env.removeHostPermission).not.toHaveBeenCalled();
  });

  it('asks for the host permission before anything else in the click (the browser needs the gesture)', async () => {
    const order: string[] = [];
    const env = fakeEnv({
      requestHostPermission: vi.fn(async () => {
        order.push('request');
        return true;
      }),
      setBackendUrl: vi.fn(async () => {
        order.push('save');
      }),
    });
    render(<OptionsApp env={env} />);
    const input = (await screen.findByLabelText(/Adresse du serveur Pivot/)) as HTMLInputElement;
    await waitFor(() => expect(input.value).not.toBe(''));
    fireEvent.input(input, { target: { value: 'https://pivot.example.fr' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(order).toEqual(['request']); // synchronously, within the click
    await waitFor(() => expect(order).toEqual(['request', 'save']));
    expect(input.value).toBe('https://pivot.example.fr');
  });

  it('keeps the old URL when the citizen refuses the permission', async () => {
    const env = fakeEnv({ requestHostPermission: vi.fn(async () => false) });
    render(<OptionsApp env={env} />);
    await typeAndSave('https://pivot.example.fr');
    expect((await screen.findByRole('alert')).textContent).toMatch(/L’adresse n’a pas été modifiée/);
    expect(env.setBackendUrl).not.toHaveBeenCalled();
  });

  it('needs no permission for the default backend, and drops the previous one', async () => {
    const env = fakeEnv({}, 'http://127.0.0.1:4000');
    render(<OptionsApp env={env} firefox={false} />);
    await screen.findByDisplayValue('http://127.0.0.1:4000');
    fireEvent.click(screen.getByRole('button', { name: 'Rétablir l’adresse par défaut' }));
    await screen.findByText(/Adresse enregistrée/);
    expect(env.requestHostPermission).not.toHaveBeenCalled();
    expect(env.setBackendUrl).toHaveBeenCalledWith('http://localhost:3000');
    expect(env.removeHostPermission).toHaveBeenCalledWith('http://127.0.0.1:4000/*');
  });

  it('refuses an address it cannot use, with the reason next to the field', async () => {
    const env = fakeEnv();
    const { container } = render(<OptionsApp env={env} />);
    const input = await typeAndSave('http://pivot.example.fr');
    const error = await screen.findByRole('alert');
    expect(error.textContent).toMatch(/utilisez https/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(env.requestHostPermission).not.toHaveBeenCalled();
    expectFrenchTypography(container);
  });

  it.each([
    ['unreachable', /ne répond pas.*npm start/],
    ['error', /ce n’est pas un serveur Pivot/],
  ] as const)('tells when the saved backend is %s', async (health, text) => {
    const env = fakeEnv({}, 'http://localhost:3000', health);
    const { container } = render(<OptionsApp env={env} />);
    await screen.findByDisplayValue('http://localhost:3000');
    fireEvent.click(screen.getByRole('button', { name: 'Tester la connexion' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(text);
    expectFrenchTypography(container);
  });
});

describe('options environment (browser side)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('stores the URL in storage.local', async () => {
    await optionsEnvironment.setBackendUrl('https://pivot.example.fr');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ [KEYS.backendUrl]: 'https://pivot.example.fr' });
    expect(await optionsEnvironment.getBackendUrl()).toBe('https://pivot.example.fr');
  });

  it('requests and removes host permissions, treating failures as a refusal', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockRejectedValue(new Error('required permission'));
    expect(await optionsEnvironment.requestHostPermission('https://pivot.example.fr/*')).toBe(true);
    expect(request).toHaveBeenCalledWith({ origins: ['https://pivot.example.fr/*'] });
    await expect(optionsEnvironment.removeHostPermission('http://localhost/*')).resolves.toBeUndefined();
    expect(remove).toHaveBeenCalled();
    request.mockRejectedValue(new Error('not during a gesture'));
    expect(await optionsEnvironment.requestHostPermission('https://x.fr/*')).toBe(false);
  });

  it('checks /health', async () => {
    const fetch = vi.fn(async () => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    expect(await optionsEnvironment.checkHealth('http://localhost:3000')).toBe('ok');
    expect(String(fetch.mock.calls[0]?.[0 as never])).toBe('http://localhost:3000/health');
    fetch.mockImplementation(async () => new Response('nope', { status: 404 }));
    expect(await optionsEnvironment.checkHealth('http://localhost:3000')).toBe('error');
    fetch.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await optionsEnvironment.checkHealth('http://localhost:3000')).toBe('unreachable');
  });
});

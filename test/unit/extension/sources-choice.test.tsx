import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { SessionReply, SessionRequest } from '../../../extension/lib/messages';
import type { PopupClient } from '../../../extension/lib/popup-client';
import { DATA_SOURCE_IDS, type DataSourceId } from '../../../extension/lib/sources';
import { KEYS, preferencesStore } from '../../../extension/lib/storage';
import { LoggedOutScreen } from '../../../extension/ui/LoggedOutScreen';
import { PopupApp } from '../../../extension/ui/PopupApp';
import { expectFrenchTypography } from '../../support/extension/typography';

const NBSP = '\u00a0';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const checkboxes = () => screen.getAllByRole('checkbox') as HTMLInputElement[];
const checked = () => checkboxes().filter((c) => c.checked).map((c) => c.value);
const stored = async () => (await fakeBrowser.storage.local.get(KEYS.sources))[KEYS.sources];

describe('choosing the data sources before login', () => {
  it('asks, the first time, with nothing ticked: twelve labelled checkboxes in five groups', async () => {
    const onLogin = vi.fn();
    const { container } = render(<LoggedOutScreen onLogin={onLogin} />);
    const details = (await screen.findByText(/Données demandées à la connexion/)).closest('details') as HTMLDetailsElement;
    expect(details.open).toBe(true);
    expect(details.querySelector('summary')?.textContent).toBe(`Données demandées à la connexion${NBSP}: aucune, seulement votre identité`);
    const groups = [...container.querySelectorAll('fieldset fieldset')] as HTMLElement[];
    expect(groups.map((g) => g.querySelector('legend')?.textContent)).toEqual(['Impôts', 'Santé', 'Études', 'Emploi', 'Prestations et famille']);
    expect(within(groups[1] as HTMLElement).getAllByRole('checkbox').map((c) => (c as HTMLInputElement).value)).toEqual(['cnam_droits', 'cnam_ij']);
    expect(checkboxes().map((c) => c.value).sort()).toEqual([...DATA_SOURCE_IDS].sort());
    expect(checked()).toEqual([]);
    // Each checkbox is named by its label, which says what the source gives.
    const impot = screen.getByRole('checkbox', { name: /Impôt sur le revenu \(DGFiP\)/ });
    expect(impot.closest('.fr-checkbox-group')?.textContent).toContain('Revenu fiscal de référence, nombre de parts');
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalledWith([]);
    expectFrenchTypography(container);
  });

  it('ticks and unticks (Space on a focused checkbox is a click), remembers the choice in storage.local, logs in with it in the fixed order', async () => {
    const onLogin = vi.fn();
    render(<LoggedOutScreen onLogin={onLogin} />);
    await screen.findAllByRole('checkbox');
    const famille = screen.getByRole('checkbox', { name: /Carte famille nombreuse/ });
    famille.focus();
    expect(document.activeElement).toBe(famille);
    fireEvent.click(famille);
    fireEvent.click(screen.getByRole('checkbox', { name: /Impôt sur le revenu/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Statut étudiant/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Statut étudiant/ }));
    expect(screen.getByText(/Données demandées à la connexion/).textContent).toBe(`Données demandées à la connexion${NBSP}: 2 sur 12`);
    await waitFor(async () => expect(await stored()).toEqual(['impot_particulier', 'famille_nombreuse']));
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalledWith(['impot_particulier', 'famille_nombreuse']);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('« Tout sélectionner » and « Ne rien sélectionner »', async () => {
    render(<LoggedOutScreen onLogin={() => undefined} />);
    await screen.findAllByRole('checkbox');
    fireEvent.click(screen.getByRole('button', { name: 'Tout sélectionner' }));
    expect(checked()).toHaveLength(12);
    await waitFor(async () => expect(await stored()).toEqual([...DATA_SOURCE_IDS]));
    fireEvent.click(screen.getByRole('button', { name: 'Ne rien sélectionner' }));
    expect(checked()).toEqual([]);
    await waitFor(async () => expect(await stored()).toEqual([]));
  });

  it('comes back with the remembered choice, folded, and ignores ids it does not know', async () => {
    await fakeBrowser.storage.local.set({ [KEYS.sources]: ['cnam_droits', 'carte_grise', 'cnous_boursier'] });
    const onLogin = vi.fn();
    render(<LoggedOutScreen onLogin={onLogin} />);
    const summary = await screen.findByText(/Données demandées à la connexion/);
    expect((summary.closest('details') as HTMLDetailsElement).open).toBe(false);
    expect(summary.textContent).toBe(`Données demandées à la connexion${NBSP}: 2 sur 12`);
    expect(checked()).toEqual(['cnam_droits', 'cnous_boursier']);
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalledWith(['cnam_droits', 'cnous_boursier']);
  });

  it('refuses to store anything but a short list of ids', async () => {
    await fakeBrowser.storage.local.set({ [KEYS.sources]: 'impot_particulier' });
    expect(await preferencesStore.getSources()).toBeUndefined();
    await fakeBrowser.storage.local.set({ [KEYS.sources]: ['<script>'] });
    expect(await preferencesStore.getSources()).toBeUndefined();
    await preferencesStore.setSources(['cnam_ij', 'cnam_ij']);
    expect(await preferencesStore.getSources()).toEqual(['cnam_ij']);
  });
});

describe('only the sources the backend offers', () => {
  const offers = (...ids: DataSourceId[]) => vi.fn(async () => ids);

  it('lists just those, groups without any disappear, the count is out of those offered', async () => {
    const offered = offers('impot_particulier', 'cnaf_quotient_familial');
    const { container } = render(<LoggedOutScreen onLogin={() => undefined} offered={offered} />);
    const summary = await screen.findByText(/Données demandées à la connexion/);
    expect(checkboxes().map((c) => c.value)).toEqual(['impot_particulier', 'cnaf_quotient_familial']);
    const groups = [...container.querySelectorAll('fieldset fieldset')] as HTMLElement[];
    expect(groups.map((g) => g.querySelector('legend')?.textContent)).toEqual(['Impôts', 'Prestations et famille']);
    fireEvent.click(screen.getByRole('button', { name: 'Tout sélectionner' }));
    expect(summary.textContent).toBe(`Données demandées à la connexion${NBSP}: 2 sur 2`);
    await waitFor(async () => expect(await stored()).toEqual(['impot_particulier', 'cnaf_quotient_familial']));
    expect(offered).toHaveBeenCalledTimes(1);
    expectFrenchTypography(container);
  });

  it('keeps a remembered choice of sources not offered here, unseen and untouched, and still hands it to the login (the background leaves them out)', async () => {
    await preferencesStore.setSources(['cnam_droits', 'cnaf_quotient_familial', 'famille_nombreuse']);
    const onLogin = vi.fn();
    render(<LoggedOutScreen onLogin={onLogin} offered={offers('impot_particulier', 'cnaf_quotient_familial')} />);
    const summary = await screen.findByText(/Données demandées à la connexion/);
    expect(summary.textContent).toBe(`Données demandées à la connexion${NBSP}: 1 sur 2`);
    expect(checked()).toEqual(['cnaf_quotient_familial']);
    expect(await stored()).toEqual(['cnam_droits', 'cnaf_quotient_familial', 'famille_nombreuse']);
    // The shortcuts act on what is shown; the hidden part of the preference stays for another backend.
    fireEvent.click(screen.getByRole('button', { name: 'Ne rien sélectionner' }));
    expect(summary.textContent).toBe(`Données demandées à la connexion${NBSP}: aucune, seulement votre identité`);
    await waitFor(async () => expect(await stored()).toEqual(['cnam_droits', 'famille_nombreuse']));
    fireEvent.click(screen.getByRole('checkbox', { name: /Impôt sur le revenu/ }));
    await waitFor(async () => expect(await stored()).toEqual(['impot_particulier', 'cnam_droits', 'famille_nombreuse']));
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    expect(onLogin).toHaveBeenCalledWith(['impot_particulier', 'cnam_droits', 'famille_nombreuse']);
  });

  it('says so when the backend offers none (the background then asks for none at login)', async () => {
    await preferencesStore.setSources(['cnam_droits']);
    const onLogin = vi.fn();
    const { container } = render(<LoggedOutScreen onLogin={onLogin} offered={offers()} />);
    await screen.findByText('Ce serveur Pivot ne propose aucune source de données.');
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(container.querySelector('details')).toBeNull();
    expectFrenchTypography(container);
  });

  it('shows the twelve when the backend cannot say (unreachable: the login shows its own screen)', async () => {
    render(<LoggedOutScreen onLogin={() => undefined} offered={vi.fn(async () => undefined)} />);
    await screen.findByText(/Données demandées à la connexion/);
    expect(checkboxes()).toHaveLength(12);
    cleanup();
    render(<LoggedOutScreen onLogin={() => undefined} offered={vi.fn(() => Promise.reject(new Error('no background')))} />);
    await screen.findByText(/Données demandées à la connexion/);
    expect(checkboxes()).toHaveLength(12);
  });

  it('by default asks the background with data/offered', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, sources: ['cnous_boursier'] } as never);
    render(<LoggedOutScreen onLogin={() => undefined} />);
    await screen.findByText(/Données demandées à la connexion/);
    expect(send).toHaveBeenCalledWith({ type: 'data/offered' });
    expect(checkboxes().map((c) => c.value)).toEqual(['cnous_boursier']);
    send.mockRestore();
  });
});

describe('the popup sends the choice with session/login', () => {
  it('logs in with the ticked sources; other screens’ « S’identifier » let the background use the remembered choice', async () => {
    const requests: SessionRequest[] = [];
    const client: PopupClient = {
      request: vi.fn(async (request: SessionRequest): Promise<SessionReply> => {
        requests.push(request);
        return { ok: true, view: { status: requests.length > 1 ? 'logging-in' : 'logged-out' } };
      }),
      onChanged: () => () => undefined,
      openOptions: () => undefined,
    };
    render(<PopupApp client={client} loadPlaces={() => Promise.resolve(undefined)} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: /Paiements de France Travail/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Inscription à France Travail/ }));
    fireEvent.click(screen.getByRole('button', { name: 'S’identifier avec FranceConnect' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]).toEqual({ type: 'session/login', sources: ['france_travail_statut', 'france_travail_indemnites'] });
  });
});

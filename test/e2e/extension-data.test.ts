import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../backend/data/types';
import { serveFixtures, type FixtureServer } from '../support/autofill-harness';
import { loginAndData } from '../support/data';
import { startStack, type Stack } from '../support/stack';
import { launchWithExtension, prepareExtension, SCREENSHOTS, type LoadedExtension } from '../support/extension/chromium';
import { extensionStorage as storage, loginThroughAuthWindow, tabIdOf } from '../support/extension/popup-session';

/**
 * « Mes données » end to end: the built extension in Debian's Chromium, the real backend and the
 * embedded simulator with its simulated providers. The citizen chooses the sources in the popup,
 * logs in through FranceConnect, and reads one card per source; then a provider goes down and a
 * source is left out, and only their cards change.
 */

const NBSP = '\u00a0';
const NNBSP = '\u202f';
/** Known to DGFiP, CNAM droits, the DSS, the CNAF and France Travail (both): six sources with data. */
const LOGIN = 'nom_usage';
const WITH_DATA = ['impot_particulier', 'cnam_droits', 'dss_prestations', 'cnaf_quotient_familial', 'france_travail_statut', 'france_travail_indemnites'];

describe('« Mes données » in Chromium, end to end', () => {
  let stack: Stack;
  let extension: LoadedExtension;
  let cleanupCopy: () => void;
  let fixtures: FixtureServer;
  let popup: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A generous per-source limit, so that a busy machine never turns a healthy provider into a timeout.
    stack = await startStack({ env: { DATA_TIMEOUT_MS: '6000' } });
    // One login first: the very first fan-out also pays for JIT and the providers' first token checks.
    await loginAndData(stack.url, { login: LOGIN });
    fixtures = await serveFixtures();
    const copy = prepareExtension([`${stack.url}/*`, 'http://127.0.0.1/*']);
    cleanupCopy = copy.cleanup;
    extension = await launchWithExtension(copy.dir);
    // Point the extension at the test backend (storage.local, as the options page does).
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await options.evaluate(async (url) => {
      await (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome.storage.local.set({ 'pivot.backendUrl': url });
    }, stack.url);
    await options.close();
    popup = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    cleanupCopy?.();
    await fixtures?.close();
    await stack?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** What the citizen sees without scrolling, from a card (the full-page shots are too tall to read). */
  async function shotCard(id: string, name: string) {
    await popup.locator(`article[data-source="${id}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await popup.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }
  async function logIn(): Promise<void> {
    await loginThroughAuthWindow(extension, popup, 'S’identifier avec FranceConnect', LOGIN);
    await popup.getByRole('heading', { level: 1, name: 'Mon identité certifiée' }).waitFor({ timeout: 30_000 });
  }

  async function logOut(): Promise<void> {
    await popup.getByRole('tab', { name: 'Mon identité' }).click();
    await popup.getByRole('button', { name: 'Se déconnecter' }).click();
    await popup.getByText('Vous êtes déconnecté de Pivot et de FranceConnect.', { exact: false }).waitFor({ timeout: 30_000 });
  }

  /** Opens « Mes données » with the keyboard, and returns each card's id → { badge, text }. */
  async function openMyData(): Promise<Record<string, { badge: string; text: string }>> {
    await popup.getByRole('tab', { name: 'Mon identité' }).focus();
    await popup.keyboard.press('ArrowRight');
    await popup.getByRole('heading', { level: 1, name: 'Mes données' }).waitFor();
    await popup.locator('article.pivot-source').first().waitFor();
    const cards = await popup.locator('article.pivot-source').evaluateAll((articles) =>
      articles.map((a) => [a.getAttribute('data-source') ?? '', { badge: a.querySelector('.fr-badge')?.textContent ?? '', text: a.textContent ?? '' }] as const),
    );
    return Object.fromEntries(cards);
  }

  it('asks which sources to request before login, nothing ticked at first; « Tout sélectionner » ticks the twelve', async () => {
    await popup.goto(extension.url('popup.html'));
    await popup.getByRole('heading', { level: 1, name: 'Votre identité certifiée, dans votre navigateur' }).waitFor();
    expect(await popup.getByText(/Données demandées à la connexion/).textContent()).toBe(`Données demandées à la connexion${NBSP}: aucune, seulement votre identité`);
    expect(await popup.getByRole('checkbox').count()).toBe(12);
    expect(await popup.getByRole('checkbox', { checked: true }).count()).toBe(0);
    await shot(popup, 'data-choice-first-time');

    // Keyboard: Tab reaches « Tout sélectionner », Enter presses it.
    const selectAll = popup.getByRole('button', { name: 'Tout sélectionner' });
    for (let i = 0; i < 10 && !(await selectAll.evaluate((el) => el === document.activeElement)); i++) await popup.keyboard.press('Tab');
    expect(await selectAll.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await selectAll.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await popup.keyboard.press('Enter');
    expect(await popup.getByRole('checkbox', { checked: true }).count()).toBe(12);
    await expect.poll(async () => (await storage(popup)).local['pivot.sources']).toEqual([...SOURCE_IDS]);
    await shot(popup, 'data-choice-all');
  });

  it('a citizen with lots of data logs in with the twelve sources: twelve cards, real simulated values in French', async () => {
    await logIn();
    const cards = await openMyData();
    expect(Object.keys(cards)).toEqual([...SOURCE_IDS]);
    for (const id of SOURCE_IDS) expect(cards[id]?.badge, id).toBe(WITH_DATA.includes(id) ? 'Données reçues' : 'Inconnu de ce service');
    expect(await popup.locator('.pivot-data-count').textContent()).toBe('6 sources ont transmis des données, sur 12.');
    // Amounts and dates as Intl fr-FR writes them, from the simulated providers.
    const impot = popup.locator('article[data-source="impot_particulier"]');
    await impot.getByText('Voir le détail').click();
    expect(await impot.locator('dl').first().textContent()).toMatch(new RegExp(`Revenu fiscal de référence\\d{1,3}${NNBSP}\\d{3}${NBSP}€`));
    const paiements = popup.locator('article[data-source="france_travail_indemnites"]');
    await paiements.getByText('Voir le détail').click();
    const rows = await paiements.locator('dl > div').evaluateAll((divs) => divs.map((d) => `${d.querySelector('dt')?.textContent} = ${d.querySelector('dd')?.textContent}`));
    expect(rows.some((r) => new RegExp(`^Date du paiement = \\d{1,2}(er)?${NBSP}[a-zéû]+ \\d{4}$`).test(r)), rows.join('\n')).toBe(true);
    expect(rows.some((r) => new RegExp(`^Montant versé = \\d{1,3}(${NNBSP}\\d{3})*(,\\d{2})?${NBSP}€$`).test(r)), rows.join('\n')).toBe(true);
    expect(cards.france_travail_statut?.text).toMatch(/Récupéré le \d{1,2}(er)?\u00a0\S+ \d{4} à \d{1,2}\u00a0h\u00a0\d{2}/);
    await shot(popup, 'data-all-sources');
    await popup.evaluate(() => window.scrollTo(0, 0));
    await popup.screenshot({ path: join(SCREENSHOTS, 'data-all-sources-top.png') });
    await shotCard('france_travail_indemnites', 'data-all-sources-payments');

    const stored = await storage(popup);
    expect(Object.keys(stored.session).sort()).toEqual(['pivot.data', 'pivot.identity', 'pivot.session']);
    expect(JSON.stringify(stored.local)).not.toMatch(/€|revenu|DUPONT|LEFEBVRE/i);
  });

  it('says which fields of the form in the current tab each source could fill', async () => {
    const form = await extension.context.newPage();
    await form.goto(`${fixtures.url}/forms/tarification-cantine-quotient.html`, { waitUntil: 'load' });
    // The popup, opened in a tab of its own, aimed at the form's tab (as the fill e2e does).
    await popup.goto(extension.url(`popup.html?tab=${await tabIdOf(popup, form.url())}`));
    await popup.getByRole('heading', { level: 1, name: 'Mon identité certifiée' }).waitFor();
    await openMyData();
    // Nothing is injected in the page until the citizen asks.
    expect(await popup.locator('.pivot-source__fill').count()).toBe(0);
    await popup.getByRole('button', { name: 'Voir ce que ces données peuvent remplir dans la page ouverte' }).click();
    const sentence = (id: string) => popup.locator(`article[data-source="${id}"] .pivot-source__fill`);
    await sentence('cnaf_quotient_familial').waitFor();
    expect(await sentence('cnaf_quotient_familial').textContent()).toBe(`Champs de ce formulaire qu’il peut remplir${NBSP}: Quotient familial.`);
    expect(await sentence('impot_particulier').textContent()).toBe(
      `Champs de ce formulaire qu’il peut remplir${NBSP}: Revenu fiscal de référence, Nombre de parts.`,
    );
    // Only sources with data, and only what the form asks for.
    expect(await popup.locator('.pivot-source__fill').count()).toBe(2);
    await shotCard('impot_particulier', 'data-form-fields');
    // Scanning wrote nothing in the page.
    expect(await form.locator('#qf').inputValue()).toBe('');
    await form.close();
  });

  it('logs out: the data goes with the identity, the choice stays', async () => {
    await logOut();
    const stored = await storage(popup);
    expect(stored.session).toEqual({ 'pivot.outcome': { kind: 'logged-out' } });
    expect(stored.local).toEqual({ 'pivot.backendUrl': stack.url, 'pivot.sources': [...SOURCE_IDS] });
  });

  it('with one provider down and one source left out, only their two cards change', async () => {
    stack.simulator.setProviderFault('france_travail_indemnites', { mode: 'down' });
    try {
      await popup.reload();
      const summary = popup.getByText(/Données demandées à la connexion/);
      expect(await summary.textContent()).toBe(`Données demandées à la connexion${NBSP}: 12 sur 12`);
      await summary.click(); // folded once a choice was made
      // Space on a focused checkbox, and a click on a label (DSFR draws the box on the label).
      await popup.getByRole('checkbox', { name: /Carte famille nombreuse/ }).focus();
      await popup.keyboard.press('Space');
      await popup.locator('label[for="choice-cnam_droits"]').click();
      expect(await popup.getByRole('checkbox', { name: /Droits à l’Assurance maladie/ }).isChecked()).toBe(false);
      await popup.locator('label[for="choice-cnam_droits"]').click();
      expect(await summary.textContent()).toBe(`Données demandées à la connexion${NBSP}: 11 sur 12`);
      await logIn();
    } finally {
      stack.simulator.resetProviderFaults();
    }
    const cards = await openMyData();
    expect(Object.keys(cards)).toEqual([...SOURCE_IDS]);
    expect(cards.france_travail_indemnites?.badge).toBe('Service indisponible');
    expect(cards.france_travail_indemnites?.text).toContain('France Travail est indisponible pour le moment.');
    expect(cards.france_travail_indemnites?.text).toContain('Reconnectez-vous pour réessayer.');
    expect(cards.famille_nombreuse?.badge).toBe('Non demandé');
    for (const id of SOURCE_IDS.filter((id) => id !== 'france_travail_indemnites' && id !== 'famille_nombreuse')) {
      expect(cards[id]?.badge, id).toBe(WITH_DATA.includes(id) ? 'Données reçues' : 'Inconnu de ce service');
    }
    expect(await popup.getByRole('button', { name: /Réessayer/ }).count()).toBe(0);
    await shot(popup, 'data-provider-down');
    await shotCard('france_travail_statut', 'data-provider-down-card');
    await logOut();
  });
});

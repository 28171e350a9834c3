import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import {
  CHROME_EXTENSION_ID,
  launchWithExtension,
  prepareExtension,
  SCREENSHOTS,
  type LoadedExtension,
} from '../support/extension/chromium';

/**
 * The built extension in Debian's Chromium, against the real backend and the embedded FranceConnect
 * simulator (started here on ephemeral ports): options, login through the auth window that
 * identity.launchWebAuthFlow opens, the certified identity in the popup, logout, cancellations and
 * errors, and a stopped backend. The background code that runs is the shipped one.
 */

const NBSP = '\u00a0';

describe('extension in Chromium, end to end', () => {
  let stack: Stack;
  let stackClosed = false;
  let extension: LoadedExtension;
  let cleanupCopy: () => void;
  let popup: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack();
    const copy = prepareExtension([`${stack.url}/*`]);
    cleanupCopy = copy.cleanup;
    extension = await launchWithExtension(copy.dir);
  });

  afterAll(async () => {
    await extension?.close();
    cleanupCopy?.();
    if (!stackClosed) await stack?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** Everything the extension holds in storage, read from one of its pages (storage.session is for trusted contexts). */
  const storage = (page: Page) =>
    page.evaluate(async () => {
      type Area = { get(keys: null): Promise<Record<string, unknown>> };
      const { storage } = (globalThis as unknown as { chrome: { storage: { session: Area; local: Area } } }).chrome;
      return { session: await storage.session.get(null), local: await storage.local.get(null) };
    });

  /** Clicks the FranceConnect button in the popup and returns the auth window launchWebAuthFlow opened. */
  async function openAuthWindow(): Promise<Page> {
    const opened = extension.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'S’identifier avec FranceConnect' }).click();
    const authWindow = await opened;
    await authWindow.waitForLoadState('domcontentloaded');
    return authWindow;
  }

  it('loads with the fixed id that the backend allow-lists', () => {
    expect(extension.id).toBe(CHROME_EXTENSION_ID);
  });

  it('options: points the extension at the test backend, which answers', async () => {
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    const field = options.getByLabel(/Adresse du serveur Pivot/);
    await expect.poll(() => field.inputValue()).toBe('http://localhost:3000');
    await field.fill(stack.url);
    await options.getByRole('button', { name: 'Enregistrer' }).click();
    await options.getByText(`Adresse enregistrée. Le serveur Pivot répond à l’adresse ${stack.url}.`).waitFor();
    await shot(options, 'options-saved');
    await options.close();
  });

  it('popup: French, DSFR, the official FranceConnect button and what Pivot does with the data', async () => {
    popup = await extension.context.newPage();
    await popup.goto(extension.url('popup.html'));
    await popup.getByRole('heading', { level: 1, name: 'Votre identité certifiée, dans votre navigateur' }).waitFor();
    expect(await popup.locator('html').getAttribute('lang')).toBe('fr');
    const button = popup.locator('.fr-connect-group > button.fr-connect');
    expect(await button.locator('.fr-connect__login').textContent()).toBe('S’identifier avec');
    expect(await button.locator('.fr-connect__brand').textContent()).toBe('FranceConnect');
    // The DSFR stylesheet is applied (the button's FranceConnect blue background).
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 145)');
    expect(await popup.getByRole('link', { name: `Qu’est-ce que FranceConnect${NBSP}?` }).getAttribute('href')).toBe('https://franceconnect.gouv.fr/');
    expect(await popup.getByText(/ne la transmet qu’aux formulaires que vous choisissez de remplir/).count()).toBe(1);
    await shot(popup, 'popup-logged-out');
  });

  it('the popup is keyboard navigable with a visible focus: the sources choice, then the FranceConnect button', async () => {
    const order: string[] = [];
    for (let i = 0; i < 25; i++) {
      await popup.keyboard.press('Tab');
      const text = await popup.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.type === 'checkbox' ? `checkbox ${el.value}` : (el?.textContent ?? '').trim();
      });
      order.push(text);
      if (text.includes('FranceConnect')) break;
    }
    expect(order[0]).toBe('Options');
    expect(order[1]).toMatch(/^Données demandées à la connexion/);
    expect(order.slice(2, 4)).toEqual(['Tout sélectionner', 'Ne rien sélectionner']);
    expect(order.slice(4, 16).every((t) => t.startsWith('checkbox '))).toBe(true);
    expect(order[16]).toContain('FranceConnect');
    const focused = popup.locator(':focus');
    const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await shot(popup, 'popup-focus');
  });

  let handle = '';

  it('logs in as a simulator test citizen through the auth window and shows the certified identity in French', async () => {
    const authWindow = await openAuthWindow();
    await popup.getByRole('heading', { name: 'Connexion en cours…' }).waitFor();
    await shot(popup, 'popup-logging-in');

    await authWindow.locator('button.sim-idp-button').first().click();
    await authWindow.locator('#login').fill('test');
    await authWindow.locator('#password').fill('123');
    await shot(authWindow, 'auth-window-login');
    await authWindow.getByRole('button', { name: 'Se connecter' }).click();
    await authWindow.locator('[data-testid="consent-continue"]').click();

    await popup.getByRole('heading', { name: 'Mon identité certifiée' }).waitFor();
    const rows = Object.fromEntries(
      await popup.locator('dl.pivot-identity > div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent])),
    );
    expect(rows).toMatchObject({
      'Nom de naissance': 'DUBOIS',
      'Nom d’usage': 'Aucun',
      Prénoms: 'Angela, Claire, Louise',
      'Date de naissance': `24${NBSP}août 1962`,
      'Pays de naissance': 'France',
      Sexe: 'Féminin',
      'Adresse électronique': 'angela.dubois@example.org',
    });
    // The commune's name comes from the lazily loaded places data (COG 75107).
    await popup.getByText('Paris 7e Arrondissement, Paris (75)').waitFor();
    expect(await popup.locator('.pivot-certified').textContent()).toMatch(
      /^Certifiée par FranceConnect \(simulateur\) le \d{1,2}(er)?\u00a0\S+ \d{4} à \d{1,2}\u00a0h\u00a0\d{2}, niveau eIDAS faible \(eidas1\)\.$/,
    );
    await shot(popup, 'popup-identity');

    const stored = await storage(popup);
    expect(Object.keys(stored.session).sort()).toEqual(['pivot.identity', 'pivot.session']);
    expect(stored.local).toEqual({ 'pivot.backendUrl': stack.url });
    handle = (stored.session['pivot.session'] as { handle: string }).handle;
    const me = await fetch(`${stack.url}/api/me`, { headers: { authorization: `Bearer ${handle}` } });
    expect(me.status).toBe(200);
  });

  it('keeps the session across a popup reopen (checked again with the backend)', async () => {
    await popup.reload();
    await popup.getByRole('heading', { name: 'Mon identité certifiée' }).waitFor();
    expect(await popup.getByText('DUBOIS', { exact: true }).count()).toBe(1);
  });

  it('logs out: backend session revoked, FranceConnect logout run, nothing left in extension storage', async () => {
    await popup.getByRole('button', { name: 'Se déconnecter' }).click();
    await popup.getByText('Vous êtes déconnecté de Pivot et de FranceConnect.', { exact: false }).waitFor();
    await shot(popup, 'popup-logged-out-notice');

    const stored = await storage(popup);
    expect(stored.session).toEqual({ 'pivot.outcome': { kind: 'logged-out' } });
    expect(stored.local).toEqual({ 'pivot.backendUrl': stack.url });
    expect(JSON.stringify(stored)).not.toMatch(/DUBOIS|Angela|angela|1962|75107/);
    const me = await fetch(`${stack.url}/api/me`, { headers: { authorization: `Bearer ${handle}` } });
    expect(me.status).toBe(401);
  });

  it('after logout, FranceConnect asks for the password again; closing the auth window is a calm cancellation', async () => {
    const authWindow = await openAuthWindow();
    await authWindow.locator('button.sim-idp-button').first().click();
    // No single sign-on left at FranceConnect: the identity provider's login form is back.
    await authWindow.locator('#password').waitFor();
    await authWindow.close();
    await popup.getByText(`Connexion annulée${NBSP}: la fenêtre FranceConnect a été fermée avant la fin.`).waitFor();
    expect((await storage(popup)).session).toEqual({ 'pivot.outcome': { kind: 'cancelled' } });
  });

  it('shows FranceConnect’s refusal in plain French when the citizen goes back to the service', async () => {
    const authWindow = await openAuthWindow();
    await authWindow.locator('[data-testid="back-to-sp-link"]').click();
    await popup.getByRole('heading', { name: 'FranceConnect n’a pas pu vous identifier' }).waitFor();
    const message = await popup.getByRole('alert').textContent();
    expect(message).toMatch(/[a-zé]/);
    expect(message).not.toMatch(/access_denied/);
    expect(await popup.getByText(/Code de l’erreur/).textContent()).toContain('access_denied');
    await shot(popup, 'popup-franceconnect-error');
  });

  it('shows how to fix it when the backend is stopped', async () => {
    await stack.close();
    stackClosed = true;
    await popup.getByRole('button', { name: 'S’identifier avec FranceConnect' }).click();
    await popup.getByRole('heading', { name: 'Le serveur Pivot ne répond pas' }).waitFor();
    expect(await popup.locator('main').textContent()).toContain(stack.url);
    expect(await popup.locator('main').textContent()).toContain('npm start');
    await shot(popup, 'popup-unreachable');
    // No auth window was opened on a dead backend.
    expect(extension.context.pages().filter((p) => p.url().startsWith('http'))).toHaveLength(0);
  });
});

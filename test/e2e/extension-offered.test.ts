import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';
import { launchWithExtension, prepareExtension, SCREENSHOTS, type LoadedExtension } from '../support/extension/chromium';
import { extensionStorage, loginThroughAuthWindow } from '../support/extension/popup-session';

/**
 * A backend that offers two data sources only (DATA_SOURCES): the popup lists just those two
 * (GET /api/sources through the background), a remembered choice holding others still logs in
 * (the background asks only for what is offered), and « Mes données » shows the two.
 */

const NBSP = '\u00a0';
/** Known to DGFiP and to the CNAF. */
const LOGIN = 'nom_usage';
const OFFERED = ['impot_particulier', 'cnaf_quotient_familial'];
/** Chosen with another backend: two sources this one does not offer, one it does. */
const PREFERENCE = ['cnam_droits', 'cnaf_quotient_familial', 'famille_nombreuse'];

describe('a backend offering two data sources, in Chromium', () => {
  let stack: Stack;
  let extension: LoadedExtension;
  let cleanupCopy: () => void;
  let popup: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack({ env: { DATA_SOURCES: 'cnaf_quotient_familial,impot_particulier', DATA_TIMEOUT_MS: '6000' } });
    const copy = prepareExtension([`${stack.url}/*`, 'http://127.0.0.1/*']);
    cleanupCopy = copy.cleanup;
    extension = await launchWithExtension(copy.dir);
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    await options.evaluate(
      async ([url, sources]) => {
        const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
        await chrome.storage.local.set({ 'pivot.backendUrl': url, 'pivot.sources': sources });
      },
      [stack.url, PREFERENCE] as const,
    );
    await options.close();
    popup = await extension.context.newPage();
  });

  afterAll(async () => {
    await extension?.close();
    cleanupCopy?.();
    await stack?.close();
  });

  it('lists just the two offered sources, with the remembered one that is offered ticked', async () => {
    await popup.goto(extension.url('popup.html'));
    await popup.getByRole('heading', { level: 1, name: 'Votre identité certifiée, dans votre navigateur' }).waitFor();
    const summary = popup.getByText(/Données demandées à la connexion/);
    await summary.waitFor();
    expect(await summary.textContent()).toBe(`Données demandées à la connexion${NBSP}: 1 sur 2`);
    await summary.click(); // folded: a choice was made before
    const boxes = popup.getByRole('checkbox');
    expect(await boxes.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(OFFERED);
    expect(await popup.getByRole('checkbox', { checked: true }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      'cnaf_quotient_familial',
    ]);
    expect(await popup.locator('fieldset fieldset legend').allTextContents()).toEqual(['Impôts', 'Prestations et famille']);
    await popup.screenshot({ path: join(SCREENSHOTS, 'offered-choice.png'), fullPage: true });
  });

  it('logs in with a preference holding sources not offered: only the offered one chosen is asked for', async () => {
    const before = stack.logs.events('data_source').length;
    await loginThroughAuthWindow(extension, popup, 'S’identifier avec FranceConnect', LOGIN);
    await popup.getByRole('heading', { level: 1, name: 'Mon identité certifiée' }).waitFor({ timeout: 30_000 });
    expect(stack.logs.events('data_source').slice(before).map((e) => e.fields.source)).toEqual(['cnaf_quotient_familial']);
    // The preference is kept as it was (it may serve again with another backend).
    expect((await extensionStorage(popup)).local['pivot.sources']).toEqual(PREFERENCE);
  });

  it('« Mes données » shows the two offered sources', async () => {
    await popup.getByRole('tab', { name: 'Mon identité' }).focus();
    await popup.keyboard.press('ArrowRight');
    await popup.getByRole('heading', { level: 1, name: 'Mes données' }).waitFor();
    await popup.locator('article.pivot-source').first().waitFor();
    const cards = await popup
      .locator('article.pivot-source')
      .evaluateAll((articles) => articles.map((a) => [a.getAttribute('data-source'), a.querySelector('.fr-badge')?.textContent]));
    expect(cards).toEqual([
      ['impot_particulier', 'Non demandé'],
      ['cnaf_quotient_familial', 'Données reçues'],
    ]);
    await popup.screenshot({ path: join(SCREENSHOTS, 'offered-data.png'), fullPage: true });
  });
});

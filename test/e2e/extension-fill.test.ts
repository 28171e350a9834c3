import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CITIZENS, renderExpect, type TestCitizen } from '../fixtures/citizens';
import { readFields, serveFixtures, type FixtureServer } from '../support/autofill-harness';
import { launchWithExtension, prepareExtension, SCREENSHOTS, type LoadedExtension } from '../support/extension/chromium';
import { extensionStorage, loginThroughAuthWindow, tabIdOf, useBackend } from '../support/extension/popup-session';
import { startStack, type Stack } from '../support/stack';

/**
 * « Remplir ce formulaire » and « Vérifier une identité » with the built extension in Debian's
 * Chromium, the real backend and the embedded FranceConnect simulator: the form filler is injected
 * on the citizen's click, the preview lists what would be written, nothing is written before the
 * confirmation, an unticked field stays empty, undo restores the page; agent mode highlights
 * matches and mismatches and wipes everything at the end.
 *
 * activeTab is granted by a click on the toolbar icon, which a test cannot make: the test copy of
 * the manifest grants http://127.0.0.1/* instead (as the options test grants the backend), and the
 * popup is opened in a tab of its own with the target tab in its URL (`popup.html?tab=<id>`).
 */

const NBSP = '\u00a0';

/** The simulator's « test » citizen: FranceConnect's test user, with the simulator's e-mail address. */
const CITIZEN: TestCitizen = { ...CITIZENS[0]!, claims: { ...CITIZENS[0]!.claims, email: 'angela.dubois@example.org' } };

/** A page that fights the filler: it empties the birth name on every input and removes the whole form once the first names change. */
const FIGHTING_PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Formulaire capricieux</title></head><body>
<h1>Inscription</h1>
<form id="f">
  <p><label for="nom">Nom de naissance</label><input id="nom" name="nom"></p>
  <p><label for="prenoms">Prénoms</label><input id="prenoms" name="prenoms"></p>
  <p><label for="mail">Adresse électronique</label><input id="mail" name="mail" type="email"></p>
</form>
<script>
  document.getElementById('nom').addEventListener('input', (e) => { e.target.value = ''; });
  document.getElementById('prenoms').addEventListener('change', () => document.getElementById('f').remove());
</script></body></html>`;

describe('filling a form and checking an identity from the extension, in Chromium', () => {
  let stack: Stack;
  let fixtures: FixtureServer;
  let extension: LoadedExtension;
  let cleanupCopy: () => void;
  let popup: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack();
    fixtures = await serveFixtures({ '/fighting.html': FIGHTING_PAGE, '/avis-imposition.pdf': '<p>Avis d’imposition</p>' });
    const copy = prepareExtension([`${stack.url}/*`, 'http://127.0.0.1/*']);
    cleanupCopy = copy.cleanup;
    extension = await launchWithExtension(copy.dir);
    await useBackend(extension, stack.url);
  });

  afterAll(async () => {
    await extension?.close();
    cleanupCopy?.();
    await fixtures?.close();
    await stack?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  /** Opens a fixture in a tab, and the popup (in its own tab) aimed at it. */
  async function openForm(path: string): Promise<Page> {
    const form = await extension.context.newPage();
    const errors: string[] = [];
    form.on('pageerror', (e) => errors.push(e.message));
    await form.goto(`${fixtures.url}${path}`, { waitUntil: 'load' });
    (form as Page & { errors?: string[] }).errors = errors;
    const tab = await tabIdOf(popup, form.url());
    await popup.goto(extension.url(`popup.html?tab=${tab}`));
    return form;
  }

  // The filler lives in the extension's isolated world: the page's own scripts never see it.
  const isFillerIn = (page: Page) => page.evaluate(() => 'pivotAutofill' in window || 'formFiller' in window);

  it('logs in as the simulator’s test citizen; « Remplir ce formulaire » is offered', async () => {
    popup = await extension.context.newPage();
    await popup.goto(extension.url('popup.html'));
    // The citizen's choice of data sources before login (« Mes données »): the tax data only.
    await popup.evaluate(() =>
      (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ 'pivot.sources': ['impot_particulier'] }),
    );
    await popup.reload();
    await loginThroughAuthWindow(extension, popup, 'S’identifier avec FranceConnect');
    await popup.getByRole('heading', { name: 'Mon identité certifiée' }).waitFor();
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).waitFor();
  });

  it('previews the fields, writes nothing before the confirmation, fills only the ticked ones, leaves honeypots alone', async () => {
    const form = await openForm('/forms/demande-logement-social.html');
    const before = await readFields(form);
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Remplir ce formulaire' }).waitFor();

    // One checkbox per recognised field, its label as the page shows it and the value it would get.
    const boxes = popup.getByRole('checkbox');
    const labels = await popup.locator('.pivot-preview label').allTextContents();
    expect(labels.join(' | ')).toContain('DUBOIS');
    expect(labels.join(' | ')).toContain('24/08/1962');
    expect(labels.join(' | ')).toContain('angela.dubois@example.org');
    expect(labels.some((l) => l.startsWith('Confirmez l’adresse mail'))).toBe(true);
    expect(await boxes.count()).toBe(labels.length);
    // Other people's fields and uncertified ones are summarised, not offered.
    const skipped = await popup.locator('.pivot-skipped').textContent();
    expect(skipped).toContain('Concernent une autre personne');
    expect(skipped).toContain('Informations que FranceConnect ne certifie pas');
    await shot(popup, 'fill-preview');

    // Nothing written yet, and nothing of Pivot visible to the page.
    expect((await readFields(form)).map((f) => f.actual)).toEqual(before.map((f) => f.actual));
    expect(await isFillerIn(form)).toBe(false);

    // Keyboard: the title has focus; Tab reaches the first checkbox, Space toggles it.
    await popup.keyboard.press('Tab');
    expect(await popup.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    const first = popup.locator(':focus');
    expect(await first.isChecked()).toBe(true);
    await popup.keyboard.press('Space');
    expect(await first.isChecked()).toBe(false);
    await shot(popup, 'fill-preview-keyboard');
    await popup.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    // The DSFR draws the box on the label: a person clicks the label.
    const confirmBox = popup.getByRole('checkbox', { name: /^Confirmez l’adresse mail/ });
    expect(await confirmBox.isChecked()).toBe(true);
    await popup.locator('.pivot-preview label', { hasText: 'Confirmez l’adresse mail' }).click();
    expect(await confirmBox.isChecked()).toBe(false);
    await popup.getByRole('button', { name: 'Remplir les champs sélectionnés' }).click();
    await popup.getByRole('heading', { name: 'Formulaire rempli' }).waitFor();
    const done = await popup.getByRole('status').first().textContent();
    expect(done).toMatch(new RegExp(`^\\d+${NBSP}champs remplis\\.`));
    await shot(popup, 'fill-result');

    const after = await readFields(form);
    const wrong = after
      .map((f) => ({ where: f.where, expected: f.selector === '#mail2' ? '' : renderExpect(f.expect, CITIZEN), actual: f.actual }))
      .filter((f) => f.expected !== f.actual);
    expect(wrong).toEqual([]);
    // The honeypots (off-screen, display:none, zero-size) stayed empty.
    for (const name of ['hp-nom', 'hp-mail', 'hp2']) expect(after.find((f) => f.selector === `#${name}`)?.actual).toBe('');
    expect(after.find((f) => f.selector === '[name="website"]')?.actual).toBe('');
    await shot(form, 'fill-form-filled');

    // The citizen clicks into the page to check it: the real popup closes. Reopened on the same
    // page, it still offers the undo.
    await popup.reload();
    await popup.getByRole('heading', { name: 'Mon identité certifiée' }).waitFor();
    await popup.getByText(/^Pivot a rempli \d+\u00a0champs sur cette page\./).waitFor();
    await shot(popup, 'fill-undo-offered');
    await popup.getByRole('button', { name: 'Annuler le remplissage' }).click();
    await popup.getByRole('heading', { name: 'Remplissage annulé' }).waitFor();
    expect((await readFields(form)).map((f) => f.actual)).toEqual(before.map((f) => f.actual));
    await shot(popup, 'fill-undone');
    expect((form as Page & { errors?: string[] }).errors).toEqual([]);
    await form.close();
  });

  it('fills data fields with the citizen’s data (revenu fiscal de référence from the simulated DGFiP), after the same preview', async () => {
    const form = await openForm('/forms/tarification-cantine-quotient.html');
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Remplir ce formulaire' }).waitFor();
    const rfr = popup.locator('.pivot-preview label', { hasText: 'Revenu fiscal de référence' });
    expect(await rfr.textContent()).toContain(`52\u202f340${NBSP}€`);
    expect(await popup.locator('.pivot-preview label', { hasText: 'Nombre de parts fiscales' }).textContent()).toContain('2');
    // The test citizen has no CAF number in any source: that field is summarised, not offered.
    expect(await popup.locator('.pivot-skipped').textContent()).toContain('Donnée non récupérée');
    await shot(popup, 'fill-preview-data');
    await popup.getByRole('button', { name: 'Remplir les champs sélectionnés' }).click();
    await popup.getByRole('heading', { name: 'Formulaire rempli' }).waitFor();
    const values = Object.fromEntries((await readFields(form)).map((f) => [f.selector, f.actual]));
    expect(values).toMatchObject({ '#nom': 'DUBOIS', '#rfr': '52340', '#parts': '2', '#alloc': '', '#revMensuel': '', '#alloc2': '', '#nom2': '' });
    await popup.getByRole('button', { name: 'Annuler le remplissage' }).click();
    await popup.getByRole('heading', { name: 'Remplissage annulé' }).waitFor();
    expect((await readFields(form)).every((f) => f.actual === '')).toBe(true);
    await form.close();
    // The page that was filled is gone: nothing left to undo.
    await popup.getByRole('button', { name: 'Retour' }).click();
    await popup.getByRole('heading', { name: 'Mon identité certifiée' }).waitFor();
    expect(await popup.getByText(/Pivot a rempli/).count()).toBe(0);
  });

  it('says so when a page has nothing to fill', async () => {
    const form = await openForm('/forms/demarche-iframe-inner.html');
    await form.evaluate(() => {
      document.body.innerHTML = '<h1>Actualités</h1><p>Rien à remplir ici.</p>';
    });
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Rien à remplir ici' }).waitFor();
    await form.close();
    await popup.getByRole('button', { name: 'Retour' }).click();
  });

  it('explains in French that browser pages and PDF documents cannot be filled', async () => {
    const options = await extension.context.newPage();
    await options.goto(extension.url('options.html'));
    const tab = await tabIdOf(popup, options.url());
    await popup.goto(extension.url(`popup.html?tab=${tab}`));
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Impossible de remplir cette page' }).waitFor();
    expect(await popup.getByRole('alert').textContent()).toContain('Pivot ne peut pas remplir les pages du navigateur');
    await shot(popup, 'fill-restricted');
    await options.close();

    const pdf = await openForm('/avis-imposition.pdf');
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Impossible de remplir cette page' }).waitFor();
    expect(await popup.getByRole('alert').textContent()).toContain('document PDF');
    await pdf.close();
  });

  it('explains in French when Pivot was not given access to the page (no click on its icon there): the injection fails', async () => {
    // localhost is not granted in the test copy (127.0.0.1 is): the same as a tab where the citizen
    // did not click Pivot's icon, so activeTab was never granted.
    const form = await extension.context.newPage();
    const url = `${fixtures.url.replace('127.0.0.1', 'localhost')}/forms/contact-mairie.html`;
    await form.goto(url);
    const tab = await popup.evaluate(async () => {
      type Tab = { id?: number; url?: string; active?: boolean };
      const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Tab[]> } } }).chrome;
      // Its URL is hidden from the extension: find it as the tab whose URL we cannot read.
      return (await tabs.query({})).find((t) => t.url === undefined || t.url === '')?.id;
    });
    expect(tab).toBeDefined();
    await popup.goto(extension.url(`popup.html?tab=${tab}`));
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Impossible de remplir cette page' }).waitFor();
    expect(await popup.getByRole('alert').textContent()).toContain('Pivot n’a pas accès à cette page.');
    await shot(popup, 'fill-no-access');
    expect(await form.locator('#nom').inputValue()).toBe('');
    await form.close();
  });

  it('a page that fights the filler gets a clear report, not a crash', async () => {
    const form = await openForm('/fighting.html');
    await popup.getByRole('button', { name: 'Remplir ce formulaire' }).click();
    await popup.getByRole('heading', { name: 'Remplir ce formulaire' }).waitFor();
    expect(await popup.getByRole('checkbox').count()).toBe(3);
    await popup.getByRole('button', { name: 'Remplir les champs sélectionnés' }).click();
    await popup.getByRole('heading', { name: /^(Formulaire rempli|Aucun champ rempli)$/ }).waitFor();
    const report = await popup.locator('main').textContent();
    expect(report).toMatch(/pas pu être remplis?/);
    expect(report).toContain('Refusés ou effacés par la page');
    expect(report).toContain('Disparus de la page pendant le remplissage');
    await shot(popup, 'fill-fighting-page');
    await form.close();
  });

  it('agent mode: a citizen logs in on the agent’s browser, the page shows matches and mismatches, « Terminer la vérification » wipes everything', async () => {
    await popup.goto(extension.url('popup.html'));
    await popup.getByRole('button', { name: 'Se déconnecter' }).click();
    await popup.getByRole('button', { name: 'Vérifier une identité' }).waitFor();
    await shot(popup, 'agent-entry');
    await loginThroughAuthWindow(extension, popup, 'Vérifier une identité');
    await popup.getByRole('heading', { name: 'Vérification d’identité' }).waitFor();
    const during = await extensionStorage(popup);
    expect(during.session['pivot.agent']).toMatchObject({ active: true });

    const page = await openForm('/forms/backoffice-dossier-tableau.html');
    await popup.getByRole('heading', { name: 'Vérification d’identité' }).waitFor();
    await popup.getByRole('button', { name: 'Comparer avec la page' }).click();
    await popup.getByRole('list', { name: 'Résultat de la comparaison' }).waitFor();
    const badges = await popup.locator('.pivot-verify .fr-badge').allTextContents();
    expect(badges).toContain('Concorde');
    expect(badges).toContain('Ne concorde pas');
    await shot(popup, 'agent-results');

    const marks = await page.evaluate(() => [...document.querySelectorAll('[data-pivot-verify]')].map((el) => el.getAttribute('data-pivot-verify')));
    expect(marks).toContain('match');
    expect(marks).toContain('mismatch');
    expect(marks.length).toBe(badges.length);
    await shot(page, 'agent-page-highlighted');

    // The agent clicked into the page (the popup closed), then reopens Pivot to finish.
    await popup.reload();
    await popup.getByRole('heading', { name: 'Vérification d’identité' }).waitFor();
    await popup.getByRole('button', { name: 'Terminer la vérification' }).click();
    await popup.getByText('Vous êtes déconnecté de Pivot et de FranceConnect.', { exact: false }).waitFor();
    expect(await page.locator('[data-pivot-verify]').count()).toBe(0);
    const stored = await extensionStorage(popup);
    expect(stored.session).toEqual({ 'pivot.outcome': { kind: 'logged-out' } });
    expect(JSON.stringify(stored)).not.toMatch(/DUBOIS|Angela|angela|1962|75107/);
    await shot(popup, 'agent-finished');
    await page.close();
  });
});
